/**
 * `faultline test --schedule` replays a schedule exactly (the memory system, spawned CLI): the
 * history's main-phase nemesis invocations are the schedule's ops, with its values, at its
 * times; test.json records the schedule; a schedule for another system is a usage error.
 */
import { mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schedule = {
  faultline: 'fault-schedule',
  system: 'memory',
  workload: 'register',
  nemesis: ['kill', 'pause'],
  seed: 42,
  timeLimitS: 2,
  ops: [
    { timeS: 0.2, f: 'kill', value: { targets: ['n2'] } },
    { timeS: 0.5, f: 'start', value: null },
    { timeS: 0.9, f: 'pause', value: { targets: ['n1', 'n3'] } },
    { timeS: 1.4, f: 'resume', value: null },
  ],
};

describe('faultline test --schedule', () => {
  it('replays exactly the scheduled fault ops, with the schedule\'s seed and time limit', async () => {
    const file = join(dir, 'schedule.json');
    writeFileSync(file, JSON.stringify(schedule));
    const store = join(dir, 'store');
    const r = await runCli(['test', 'memory', '--schedule', file, '--store', store]);
    expect(r.stderr).toContain('seed 42 (given)');
    expect([0, 2]).toContain(r.code);
    const run = join(store, 'memory-register', readlinkSync(join(store, 'memory-register', 'latest')));
    const history = readFileSync(join(run, 'history.jsonl'), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l));
    const invokes = history.filter((o) => o.process === 'nemesis' && o.type === 'invoke' && o.time < 2e9);
    expect(invokes.map((o) => [o.f, o.value])).toEqual(schedule.ops.map((o) => [o.f, o.value]));
    invokes.forEach((o, i) => {
      expect(o.time / 1e9).toBeGreaterThanOrEqual(schedule.ops[i].timeS);
      expect(o.time / 1e9).toBeLessThan(schedule.ops[i].timeS + 0.25);
    });
    const killed = history.find((o) => o.process === 'nemesis' && o.f === 'kill' && o.type !== 'invoke');
    expect(killed.value).toEqual({ killed: ['n2'] });
    const test = JSON.parse(readFileSync(join(run, 'test.json'), 'utf8'));
    expect(test.options).toMatchObject({ seed: 42, timeLimitS: 2, faultSchedule: schedule.ops, faultScheduleFile: file });
    // the re-run line replays the schedule again, not the seed's own fault ops
    expect(r.stdout).toMatch(new RegExp(`re-run: faultline test memory .*--schedule ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} --seed 42`));
  });

  it('refuses a schedule for another system or a file that is not one (exit 254, one line)', async () => {
    const file = join(dir, 'etcd.json');
    writeFileSync(file, JSON.stringify({ ...schedule, system: 'etcd' }));
    expect(await runCli(['test', 'memory', '--schedule', file])).toMatchObject({ code: 254, stderr: 'faultline: --schedule: the schedule is for system "etcd", not "memory"\n' });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"ops": []}');
    expect(await runCli(['test', 'memory', '--schedule', bad])).toMatchObject({ code: 254, stderr: `faultline: ${bad}: not a faultline fault schedule ("faultline": "fault-schedule" missing)\n` });
  });
});

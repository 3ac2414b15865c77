/**
 * `faultline campaign` as users run it (the compiled CLI, spawned) on the in-process memory
 * system: the table, junit.xml with a test case per run, campaign.json and summary.md, exit
 * code = worst verdict, --until-invalid, --parallel, $GITHUB_STEP_SUMMARY, Ctrl-C, usage errors.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../../core/history/helpers.js';
import { runCli } from '../cli/run-cli.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'faultline-campaign-'));
  dirs.push(d);
  return d;
}
function campaignDir(store: string): string {
  const names = readdirSync(join(store, 'campaigns'));
  expect(names).toHaveLength(1);
  return join(store, 'campaigns', names[0]);
}

describe('faultline campaign (memory system)', () => {
  it('runs the matrix, prints the table, writes junit.xml with a case per run; exit 1 when a run is INVALID', async () => {
    const store = temp();
    const step = join(store, 'step-summary.md');
    const r = await runCliEnv(['campaign', '--systems', 'memory', '--workloads', 'register', '--nemeses', 'kill;none', '--test-count', '2', '--time-limit', '1', '--rate', '50', '--memory-stale-reads', '0.9', '--store', store], { GITHUB_STEP_SUMMARY: step });
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^#\s+system\s+workload\s+nemesis\s+seed\s+verdict\s+anomalies\s+duration\s+report$/);
    expect(lines.slice(1, 5).map((l) => l.split(/\s+/).slice(0, 4).join(' '))).toEqual(['1 memory register kill', '2 memory register kill', '3 memory register none', '4 memory register none']);
    expect(r.stdout).toMatch(/INVALID\s+linearizable/);
    const dir = campaignDir(store);
    const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
    expect(junit.match(/<testcase /g)).toHaveLength(4);
    const json = JSON.parse(readFileSync(join(dir, 'campaign.json'), 'utf8'));
    expect(json.runs).toHaveLength(4);
    expect(json.exitCode).toBe(1);
    for (const run of json.runs) expect(readFileSync(run.report, 'utf8')).toContain('<html');
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toContain('| 1 | memory | register | kill |');
    expect(readFileSync(step, 'utf8')).toContain('## faultline campaign campaign');
  });

  it('exit 0 when every run is VALID; --parallel 2 runs two at a time on two slots', async () => {
    const store = temp();
    const r = await runCli(['campaign', '--systems', 'memory', '--nemeses', 'kill', '--test-count', '2', '--time-limit', '3', '--rate', '100', '--parallel', '2', '--store', store, '--cluster', 'campx']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2 runs: 2 VALID');
    expect(r.stderr).toMatch(/start memory register nemesis kill on campx-1 \(10\.231\.0\.0\/24\)/);
    expect(r.stderr).toMatch(/start memory register nemesis kill on campx-2 \(10\.231\.1\.0\/24\)/);
  });

  it('--until-invalid stops at the first INVALID run', async () => {
    const store = temp();
    const r = await runCli(['campaign', '--systems', 'memory', '--nemeses', 'none', '--test-count', '10', '--until-invalid', '--time-limit', '1', '--rate', '50', '--memory-stale-reads', '0.9', '--store', store]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 run: 1 INVALID — stopped at the first INVALID run; 9 planned run(s) not started');
    const json = JSON.parse(readFileSync(join(campaignDir(store), 'campaign.json'), 'utf8'));
    expect(json).toMatchObject({ planned: 10, notStarted: 9, stopped: 'invalid' });
  });

  it('Ctrl-C: the run in flight heals and ends interrupted, no more start, exit 2, files written', async () => {
    const store = temp();
    const r = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'faultline.js'), 'campaign', '--systems', 'memory', '--nemeses', 'kill', '--test-count', '3', '--time-limit', '30', '--store', store], { cwd: ROOT });
      let stdout = '';
      let stderr = '';
      let sent = false;
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (!sent && /\[1\/3\] start/.test(stderr)) {
          sent = true;
          setTimeout(() => child.kill('SIGINT'), 1500);
        }
      });
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SIGINT: stopping clients, healing and cleaning up');
    expect(r.stdout).toContain('1 run: 1 INTERRUPTED — interrupted; 2 planned run(s) not started');
    const log = readFileSync(join(campaignDir(store), 'logs', '1.log'), 'utf8');
    expect(log).toContain('teardown: heal: nemesis teardown');
  });

  it.each([
    [['campaign', '--workloads', 'register'], 'campaign: --systems is required (e.g. --systems etcd,zookeeper), or name a campaign of the config file'],
    [['campaign', '--systems', 'nosuch'], 'unknown system "nosuch" (known: bookkeeper, etcd, herddb, jetstream, kafka, memory, postgres, zookeeper)'],
    [['campaign', '--systems', 'memory', '--nemeses', 'partition'], 'memory: --nemeses: system memory cannot take "partition" (its nodes are in-process); it takes: kill, pause, none'],
    [['campaign', '--systems', 'memory', '--etcd-serializable-reads'], '--etcd-serializable-reads: applies to system etcd, which is not in --systems (memory)'],
    [['campaign', '--systems', 'memory', '--parallel', '99'], '--parallel: expected an integer from 1 to 64, got "99"'],
    [['campaign', '--systems', 'memory', '--seed', '1'], 'campaign: --seed is set per run by the campaign; use --seeds'],
    [['campaign', '--systems', 'memory', '--nodes', 'h1,h2,h3', '--parallel', '2'], '--parallel 2: an SSH inventory (--nodes hosts / --nodes-file) is one set of machines; runs on it go one at a time (--parallel 1)'],
  ])('%j: one line, exit 254', async (args, message) => {
    const r = await runCli(args);
    expect(r).toMatchObject({ code: 254, stdout: '' });
    expect(r.stderr).toBe(`faultline: ${message}\n`);
  });
});

/** runCli with extra environment variables. */
function runCliEnv(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'faultline.js'), ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

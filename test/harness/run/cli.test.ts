/**
 * `faultline test` and `faultline analyze` as users run them (the compiled CLI, spawned): usage
 * errors on one line with exit 254, and Ctrl-C in the middle of a memory run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readHistory } from '../../../core/history/index.js';
import { SYSTEMS } from '../../../harness/run/systems.js';
import { ROOT } from '../../core/history/helpers.js';
import { runCli } from '../cli/run-cli.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
  dirs.push(d);
  return d;
}

/** A usage error: exit 254, nothing on stdout, one line on stderr, no stack. */
function expectUsageError(r: { code: number; stdout: string; stderr: string }, message: string): void {
  expect(r.code).toBe(254);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`faultline: ${message}\n`);
}

describe('faultline test / analyze: usage errors (exit 254, one line)', () => {
  it.each([
    [['test', 'nosuch'], `unknown system "nosuch" (known: ${SYSTEMS.map((x) => x.name).join(', ')})`],
    [['test', 'memory', '--nodes', '0'], '--nodes: expected an integer from 1 to 32, got "0"'],
    [['test', 'memory', '--concurrency', 'lots'], '--concurrency: expected a number of threads (1 to 1000) or a multiple of the node count like 2n, got "lots"'],
    [['test', 'memory', '--nemesis', 'partition'], '--nemesis: system memory cannot take "partition" (its nodes are in-process); it takes: kill, pause, none'],
    [['test', 'memory', '--etcd-serializable-reads'], '--etcd-serializable-reads: applies to system etcd only, not "memory"'],
    [['test', 'memory', '--bogus'], "unknown option '--bogus' (see faultline test --help)"],
    [['analyze', '/no/such/run'], 'no such run directory: /no/such/run'],
    [['test', 'memory', '--store', '/proc/x'], '--store "/proc/x": /proc is on the kernel\'s proc file system, which cannot hold runs'],
    [['test', 'memory', '--store', 'package.json'], '--store "package.json": not a directory'],
    [['test', 'memory', '--store', 'package.json/sub'], '--store "package.json/sub": ' + join(ROOT, 'package.json') + ' is not a directory'],
    [['analyze', '.', '--timeout', 'soon'], '--timeout: expected a positive number of seconds, got "soon"'],
  ])('%j', async (args, message) => {
    expectUsageError(await runCli(args), message);
  });

  it('refuses a subnet overlapping a host network before anything is created', async () => {
    // Every host has loopback; the suggested free subnet depends on the host's bridges.
    const store = join(temp(), 'never-written');
    const r = await runCli(['test', 'etcd', '--subnet', '127.0.0.0/24', '--store', store]);
    expect(r.code).toBe(254);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^faultline: --subnet 127\.0\.0\.0\/24 overlaps the host's network lo \(127\.0\.0\.1\/8\): pick a free subnet \(e\.g\. --subnet 10\.231\.\d+\.0\/24\)\n$/);
    expect(existsSync(store)).toBe(false);
  });
});

/** Lines in `file` (0 when it does not exist yet). */
function lineCount(file: string): number {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').length - 1 : 0;
}

/**
 * Spawns the CLI, sends `sig` `delayMs` after `stderr` shows `waitFor` and the run's
 * `history.jsonl` under `store` holds at least 100 lines (on a loaded machine the first ops can
 * take seconds to come), and resolves with how it ended.
 */
function runAndInterrupt(args: string[], waitFor: RegExp, delayMs: number, sig: NodeJS.Signals = 'SIGINT'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const store = args[args.indexOf('--store') + 1];
  const history = join(store, 'memory-register', 'latest', 'history.jsonl');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'faultline.js'), ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
    let stdout = '';
    let stderr = '';
    let sent = false;
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    const signalOnceRecorded = (): void => {
      if (lineCount(history) >= 100) setTimeout(() => child.kill(sig), delayMs);
      else setTimeout(signalOnceRecorded, 100);
    };
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!sent && waitFor.test(stderr)) {
        sent = true;
        signalOnceRecorded();
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('Ctrl-C in the middle of a run', () => {
  it('heals, unwinds, checks and reports the partial run marked partial, exits 2 without a stack; analyze says partial too', async () => {
    const store = temp();
    const r = await runAndInterrupt(['test', 'memory', '--time-limit', '60', '--rate', '200', '--nemesis', 'kill', '--nemesis-interval', '0.2', '--store', store, '--seed', '5'], /\[6\/8\] run/, 700);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/faultline: SIGINT: stopping clients, healing and cleaning up/);
    expect(r.stderr).toMatch(/teardown: heal: nemesis teardown\nfaultline: teardown: collect logs, db teardown\nfaultline: teardown: close the history\n/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout.split('\n')[0]).toBe('memory-register (memory, register, 3 nodes, seed 5): VALID (partial: interrupted)');
    const dir = join(store, 'memory-register', 'latest');
    expect(JSON.parse(readFileSync(join(dir, 'test.json'), 'utf8'))).toMatchObject({ outcome: 'interrupted', seed: 5 });
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toMatchObject({ valid: true, partial: 'interrupted' });
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(/<property name="partial" value="interrupted"\/>/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/<title>VALID \(partial run\) · /);
    const h = await readHistory(join(dir, 'history.jsonl'));
    expect(h.ops.filter((o) => o.type === 'invoke').length).toBeGreaterThan(20);
    const a = await runCli(['analyze', dir]);
    expect(a.code).toBe(2);
    expect(a.stdout).toMatch(/^memory-register \(memory, register, 3 nodes, seed 5\): VALID \(partial: interrupted\)$/m);
    expect(a.stderr).toMatch(/partial run \(interrupted\): the verdict covers only what was recorded/);
    expect(a.stdout).toMatch(/report: .*report\.html/);
  });

  it('a run whose controller was SIGKILLed (test.json still says running) is analysed as cut short, in every place the verdict appears', async () => {
    const store = temp();
    await runAndInterrupt(['test', 'memory', '--time-limit', '60', '--rate', '200', '--store', store, '--seed', '6'], /\[6\/8\] run/, 700, 'SIGKILL');
    const dir = join(store, 'memory-register', 'latest');
    expect(JSON.parse(readFileSync(join(dir, 'test.json'), 'utf8')).outcome).toBe('running');
    const a = await runCli(['analyze', dir]);
    expect(a.code).toBe(2);
    const cut = 'cut short: its controller died (test.json still says running)';
    expect(a.stdout.split('\n')[0]).toBe(`memory-register (memory, register, 3 nodes, seed 6): VALID (partial: ${cut})`);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).partial).toBe(cut);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toContain('<testsuite name="faultline.memory-register (partial run)"');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain(cut);
  });

  it('a short run ends on its own with the verdict on stdout and exit 1 when reads are stale', async () => {
    const store = temp();
    const r = await runCli(['test', 'memory', '--time-limit', '1', '--rate', '300', '--memory-stale-reads', '1', '--store', store]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/: INVALID\n/);
    expect(r.stdout).toMatch(/linearizable\s+invalid/);
    expect(r.stderr).toMatch(/\[1\/8\] config: memory register, 3 nodes, 6 threads, 1 s at 300 ops\/s, no nemesis, seed \d+, stale reads p=1/);
  });
});

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { once } from '../../../core/generator/index.js';
import { readHistory } from '../../../core/history/index.js';
import type { DB, RunContext, SystemDefinition } from '../../../core/plugins.js';
import { analyzeRun } from '../../../harness/check/analyze.js';
import { resolveTestConfig, type RawTestFlags } from '../../../harness/run/config.js';
import { MemoryDB, memorySystem } from '../../../systems/memory/index.js';
import { runTest, type PipelineDeps, type RunIO } from '../../../harness/run/pipeline.js';
import { findSystem } from '../../../harness/run/systems.js';
import { FakeNemesis } from './fakes.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function store(): string {
  const d = mkdtempSync(join(tmpdir(), 'faultline-pipeline-'));
  dirs.push(d);
  return d;
}

function capture(): RunIO & { lines: string[]; text: string[] } {
  const lines: string[] = [];
  const text: string[] = [];
  return { lines, text, log: (l) => lines.push(l), out: (t) => text.push(t) };
}

const noReports: PipelineDeps = { faultlineVersion: 'test', writeReports: async () => ({ unavailable: 'skipped in this test' }) };

function memoryConfig(flags: RawTestFlags) {
  return resolveTestConfig(findSystem('memory'), { timeLimit: '1', rate: '300', seed: '11', ...flags }, { cwd: process.cwd(), randomSeed: () => 0 });
}

function json(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('runTest with the memory system', () => {
  it('runs register end to end: valid, exit 0, the whole store layout', async () => {
    const root = store();
    const io = capture();
    const out = await runTest(memoryConfig({ store: root }), memorySystem, new AbortController().signal, io, { faultlineVersion: 'test' });
    expect(out.exitCode).toBe(0);
    expect(out.outcome).toBe('complete');
    const dir = out.runDir!;
    for (const f of ['history.jsonl', 'test.json', 'results.json', 'report.html']) expect(existsSync(join(dir, f))).toBe(true);
    expect(realpathSync(join(root, 'memory-register', 'latest'))).toBe(realpathSync(dir));
    expect(realpathSync(join(root, 'latest'))).toBe(realpathSync(dir));
    expect(readlinkSync(join(root, 'latest'))).toMatch(/^memory-register\/\d{8}T\d{6}\.\d{3}Z$/);
    const test = json(join(dir, 'test.json'));
    expect(test).toMatchObject({ name: 'memory-register', seed: 11, outcome: 'complete', versions: { faultline: 'test', memory: 'in-process' }, options: { rate: 300, concurrency: 6 } });
    const results = json(join(dir, 'results.json'));
    expect(results.valid).toBe(true);
    expect(Object.keys(results.checkers as object)).toEqual(['linearizable', 'stats']);
    const h = await readHistory(join(dir, 'history.jsonl'));
    expect(h.header).toMatchObject({ test: 'memory-register', seed: 11 });
    expect(h.ops.filter((o) => o.type === 'invoke').length).toBeGreaterThan(100);
    expect(io.text.join('\n')).toMatch(/memory-register \(memory, register, 3 nodes, seed 11\): VALID/);
    expect(io.lines.filter((l) => /^\[\d\/8\]/.test(l))).toHaveLength(8);
  });

  it('catches stale reads in the register workload: invalid, exit 1', async () => {
    const out = await runTest(memoryConfig({ store: store(), memoryStaleReads: '1' }), memorySystem, new AbortController().signal, capture(), noReports);
    expect(out.exitCode).toBe(1);
    expect(out.results?.checkers.linearizable.valid).toBe(false);
  });

  it('runs the set workload: valid; with stale reads the final reads lose elements', async () => {
    const good = await runTest(memoryConfig({ store: store(), workload: 'set' }), memorySystem, new AbortController().signal, capture(), noReports);
    expect(good.exitCode).toBe(0);
    const reads = good.results!.checkers.set.reads as unknown[];
    expect(reads.length).toBe(6); // one final read per client thread
    const bad = await runTest(memoryConfig({ store: store(), workload: 'set', memoryStaleReads: '1' }), memorySystem, new AbortController().signal, capture(), noReports);
    expect(bad.exitCode).toBe(1);
    expect((bad.results!.checkers.set.lost as { count: number }).count).toBeGreaterThan(0);
  });

  it('puts the system\'s workload options under the run\'s options: stored in test.json, used by the workload', async () => {
    const system: SystemDefinition = { ...memorySystem, workloadOptions: { queueTxn: false } };
    const out = await runTest(memoryConfig({ store: store(), workload: 'queue' }), system, new AbortController().signal, capture(), noReports);
    expect(out.exitCode).toBe(0);
    const test = JSON.parse(readFileSync(join(out.runDir!, 'test.json'), 'utf8')) as { options: Record<string, unknown> };
    expect(test.options.queueTxn).toBe(false);
    const { ops } = await readHistory(join(out.runDir!, 'history.jsonl'));
    expect(ops.some((o) => o.f === 'send')).toBe(true);
    expect(ops.some((o) => o.f === 'txn')).toBe(false);
  });

  it('runs real kill nemeses against the memory DB, heals at the end, and stays valid', async () => {
    const io = capture();
    const out = await runTest(memoryConfig({ store: store(), nemesis: 'kill', nemesisInterval: '0.2' }), memorySystem, new AbortController().signal, io, noReports);
    expect(out.exitCode).toBe(0);
    const h = await readHistory(join(out.runDir!, 'history.jsonl'));
    const nem = h.ops.filter((o) => o.process === 'nemesis');
    expect(nem.filter((o) => o.f === 'kill' && o.type === 'invoke').length).toBeGreaterThan(0);
    expect(nem.every((o) => o.type === 'invoke' || o.type === 'info')).toBe(true);
    const last = nem[nem.length - 1];
    expect([last.f, last.type]).toEqual(['start', 'info']); // the final heal
    expect(io.lines).toContain('teardown: heal: nemesis teardown');
  });

  it('a failing DB setup unwinds what was set up (exit 255, one line naming the phase)', async () => {
    const tornDown: string[] = [];
    const db: DB = {
      name: 'flaky',
      setup: async (_ctx, node) => {
        if (node === 'n2') throw new Error('n2: port 2379 in use');
      },
      teardown: async (_ctx, node) => void tornDown.push(node),
    };
    const system: SystemDefinition = { ...memorySystem, db: () => db };
    const io = capture();
    const out = await runTest(memoryConfig({ store: store() }), system, new AbortController().signal, io, noReports);
    expect(out.exitCode).toBe(255);
    expect(out.outcome).toBe('crashed');
    expect(tornDown.sort()).toEqual(['n1', 'n2', 'n3']);
    expect(io.lines).toContain('db setup failed: n2: port 2379 in use');
    expect(json(join(out.runDir!, 'test.json')).outcome).toBe('crashed');
    expect(existsSync(join(out.runDir!, 'results.json'))).toBe(false);
  });

  it('closes the DB\'s controller-side resources at the end, also when the DB is left running', async () => {
    for (const leave of [false, true]) {
      const calls: string[] = [];
      const db = new MemoryDB(); // the memory clients need its state
      const teardown = db.teardown.bind(db);
      Object.assign(db, {
        teardown: async (ctx: RunContext, node: string) => {
          calls.push(`teardown ${node}`);
          await teardown(ctx);
        },
        close: async () => void calls.push('close'),
      });
      const flags: RawTestFlags = { store: store(), ...(leave ? { leaveDbRunning: true } : {}) };
      const out = await runTest(memoryConfig(flags), { ...memorySystem, db: () => db }, new AbortController().signal, capture(), noReports);
      expect(out.exitCode).toBe(0);
      expect(calls).toEqual(leave ? ['close'] : ['teardown n1', 'teardown n2', 'teardown n3', 'close']);
    }
  });

  it('an abort mid-run heals, tears down in reverse, leaves a readable partial history that analyze checks', async () => {
    const nem = new FakeNemesis();
    const ctl = new AbortController();
    const io = capture();
    const deps: PipelineDeps = { ...noReports, nemeses: () => [{ nemesis: nem, generator: once({ f: 'start-fault' }), finalGenerator: once({ f: 'stop-fault' }) }] };
    // abort 300 ms after the fault started (not at a fixed time: on a loaded machine set-up alone can take longer)
    const invoke = nem.invoke.bind(nem);
    nem.invoke = async (ctx, op) => {
      const r = await invoke(ctx, op);
      if (op.f === 'start-fault') setTimeout(() => ctl.abort(), 300);
      return r;
    };
    const out = await runTest(memoryConfig({ store: store(), timeLimit: '30' }), memorySystem, ctl.signal, io, deps);
    expect(out.exitCode).toBe(2);
    expect(out.outcome).toBe('interrupted');
    const teardowns = io.lines.filter((l) => l.startsWith('teardown: '));
    expect(teardowns).toEqual(['teardown: heal: nemesis teardown', 'teardown: collect logs, db teardown', 'teardown: close the history']);
    expect(nem.tornDown).toBe(1);
    expect(io.lines).toContainEqual(expect.stringMatching(/^interrupted: faults healed, cleaned up; checking the partial run in .*faultline analyze /));
    expect(io.text.join('\n')).toMatch(/^memory-register \(memory, register, 3 nodes, seed 11\): VALID \(partial: interrupted\)$/m);
    const h = await readHistory(join(out.runDir!, 'history.jsonl'));
    expect(h.ops.some((o) => o.process === 'nemesis' && o.f === 'start-fault')).toBe(true);
    const a = await analyzeRun(out.runDir!);
    expect(a.results.valid).toBe(true);
    expect(a.test.outcome).toBe('interrupted');
    expect(json(join(out.runDir!, 'results.json'))).toMatchObject({ valid: true, partial: 'interrupted' });
  });

  it('stops a run that overruns its time budget, then checks what it has (open ops are indeterminate)', async () => {
    const stuck = new FakeNemesis();
    stuck.invoke = () => new Promise(() => {}); // a fault that never returns
    const io = capture();
    const deps: PipelineDeps = { ...noReports, allowanceS: 0.3, nemeses: () => [{ nemesis: stuck, generator: once({ f: 'start-fault' }) }] };
    const out = await runTest(memoryConfig({ store: store(), timeLimit: '0.3' }), memorySystem, new AbortController().signal, io, deps);
    expect(out.outcome).toBe('timed-out');
    expect(out.exitCode).toBe(0);
    expect(out.results?.stats.open).toBe(0); // the nemesis op is open, client ops all completed
    expect(io.lines).toContain('run: over its time budget (0.6 s): stopping');
    expect(json(join(out.runDir!, 'test.json')).outcome).toBe('timed-out');
  });
});

describe('analyzeRun', () => {
  it('re-checks a stored run from test.json alone and rewrites results.json', async () => {
    const out = await runTest(memoryConfig({ store: store(), memoryStaleReads: '1', timeLimit: '0.5' }), memorySystem, new AbortController().signal, capture(), noReports);
    const file = join(out.runDir!, 'results.json');
    unlinkSync(file);
    const a = await analyzeRun(out.runDir!);
    expect(a.results.valid).toBe(false);
    expect(json(file).valid).toBe(false);
  });

  it('refuses, before checking, a run whose results.json is a folder, and leaves no temp file', async () => {
    const out = await runTest(memoryConfig({ store: store(), timeLimit: '0.3' }), memorySystem, new AbortController().signal, capture(), noReports);
    const file = join(out.runDir!, 'results.json');
    unlinkSync(file);
    mkdirSync(file);
    await expect(analyzeRun(out.runDir!)).rejects.toThrow(`${realpathSync(file)}: exists and is not a file (a folder); move it away to write it`);
    expect(readdirSync(out.runDir!).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects a folder that is not a run', async () => {
    await expect(analyzeRun(store())).rejects.toThrow(/not a run directory \(no test.json\)/);
    await expect(analyzeRun('/no/such/dir')).rejects.toThrow('no such run directory: /no/such/dir');
  });
});

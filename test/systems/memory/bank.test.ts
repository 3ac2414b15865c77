import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../../checkers/bank.js';
import { MemoryBank, MemoryDB, memoryClient, memorySystem } from '../../../systems/memory/index.js';
import type { History, Op } from '../../../core/op.js';
import type { RunContext } from '../../../core/plugins.js';
import { resolveTestConfig } from '../../../harness/run/config.js';
import { runTest } from '../../../harness/run/pipeline.js';
import { findSystem } from '../../../harness/run/systems.js';

const op = (f: string, value: unknown): Op => ({ index: 0, time: 0, process: 0, type: 'invoke', f, value });

describe('MemoryBank', () => {
  it('creates the accounts once, moves money atomically and refuses to overdraw', () => {
    const b = new MemoryBank();
    expect(b.apply(op('read', null), false)).toMatchObject({ type: 'fail', error: 'memory bank: accounts not created' });
    b.open({ accounts: 3, total: 30 });
    b.open({ accounts: 5, total: 500 }); // a later client changes nothing
    expect(b.apply(op('read', null), false)).toEqual({ type: 'ok', value: { 0: 10, 1: 10, 2: 10 } });
    const t = { from: 0, to: 2, amount: 4 };
    expect(b.apply(op('transfer', t), false)).toEqual({ type: 'ok', value: t });
    expect(b.apply(op('read', null), false).value).toEqual({ 0: 6, 1: 10, 2: 14 });
    expect(b.apply(op('transfer', { from: 0, to: 1, amount: 7 }), false)).toMatchObject({ type: 'fail', error: 'insufficient funds' });
    expect(b.apply(op('transfer', { from: 1, to: 1, amount: 1 }), false)).toMatchObject({ type: 'fail', error: expect.stringMatching(/bad transfer/) });
    expect(b.apply(op('transfer', { from: 1, to: 3, amount: 1 }), false).type).toBe('fail');
    expect(b.apply(op('read', null), false).value).toEqual({ 0: 6, 1: 10, 2: 14 });
  });

  it('serves a torn read (last credit missing) when asked', () => {
    const b = new MemoryBank();
    b.open({ accounts: 2, total: 20 });
    expect(b.apply(op('read', null), true).value).toEqual({ 0: 10, 1: 10 }); // nothing to tear yet
    b.apply(op('transfer', { from: 0, to: 1, amount: 3 }), false);
    expect(b.apply(op('read', null), true).value).toEqual({ 0: 7, 1: 10 });
  });
});

/** Runs `threads` concurrent clients (worker i on node i mod 3) doing `opsEach` ops each. */
async function runBank(options: Record<string, unknown>, threads = 6, opsEach = 60): Promise<History> {
  const nodes = ['n1', 'n2', 'n3'];
  const ctx = { nodes, runDir: `/tmp/memory-bank-test-${Math.random()}`, options: { seed: 3, ...options } } as unknown as RunContext;
  const db = new MemoryDB();
  for (const n of nodes) await db.setup(ctx, n);
  const client = memorySystem.client('bank', ctx.options);
  const history: History = [];
  const signal = new AbortController().signal;
  try {
    await Promise.all(
      Array.from({ length: threads }, async (_, p) => {
        const node = nodes[p % nodes.length];
        const conn = await client.open(ctx, node);
        for (let i = 0; i < opsEach; i++) {
          const inv: Op = { index: 0, time: 0, process: p, type: 'invoke', node, ...(i % 2 === 0 ? { f: 'read', value: null } : { f: 'transfer', value: { from: (p + i) % 4, to: (p + i + 1) % 4, amount: 1 + (i % 5) } }) };
          history.push({ ...inv, index: history.length, time: history.length });
          const c = await conn.invoke(inv, signal);
          history.push({ ...inv, ...c, index: history.length, time: history.length });
        }
        await conn.close();
      }),
    );
  } finally {
    await db.teardown(ctx);
  }
  return history;
}

describe('memory system bank client', () => {
  it('lists bank among its workloads', () => {
    expect(memorySystem.workloads).toContain('bank');
    expect(memoryClient('bank')).toBeDefined();
  });

  it('is a correct bank under concurrent clients: the bank checker finds it valid', async () => {
    const h = await runBank({ bankAccounts: 4, bankTotal: 40 });
    const v = checkBank(h, { accounts: 4, total: 40 });
    expect(v.valid).toBe(true);
    expect(v.reads).toBe(180);
    expect(v.transfers.ok).toBeGreaterThan(50);
    expect(v.transfers.fail).toBe(180 - v.transfers.ok); // only insufficient funds
  });

  it('with stale reads on, serves torn reads that the bank checker catches', async () => {
    const h = await runBank({ bankAccounts: 4, bankTotal: 40, memoryStaleReads: 0.5 });
    const v = checkBank(h, { accounts: 4, total: 40 });
    expect(v.valid).toBe(false);
    expect(v.problems['wrong-total']).toBeGreaterThan(0);
    // n1 never serves a stale read.
    expect(v.bad.every((r) => r.node !== 'n1')).toBe(true);
  });

  it('rejects bad bank options when a client connects', async () => {
    const ctx = { nodes: ['n1'], runDir: `/tmp/memory-bank-test-${Math.random()}`, options: { bankTotal: 801 } } as unknown as RunContext;
    const db = new MemoryDB();
    await db.setup(ctx, 'n1');
    await expect(memoryClient('bank').open(ctx, 'n1')).rejects.toThrow('bankTotal: expected a multiple of bankAccounts (8), got "801"');
    await db.teardown(ctx);
  });
});

describe('faultline test memory --workload bank (the run pipeline, in-process)', () => {
  async function run(flags: Record<string, string | boolean>): Promise<{ exitCode: number; bank: Record<string, unknown> }> {
    const root = mkdtempSync(join(tmpdir(), 'faultline-bank-'));
    try {
      const config = resolveTestConfig(findSystem('memory'), { workload: 'bank', timeLimit: '1', rate: '300', seed: '5', store: root, ...flags }, { cwd: process.cwd(), randomSeed: () => 0 });
      const out = await runTest(config, memorySystem, new AbortController().signal, { log: () => {}, out: () => {} }, { faultlineVersion: 'test', writeReports: async () => ({ unavailable: 'skipped in this test' }) });
      const results = JSON.parse(readFileSync(join(out.runDir!, 'results.json'), 'utf8')) as { checkers: Record<string, Record<string, unknown>> };
      return { exitCode: out.exitCode, bank: results.checkers.bank };
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  it('is valid (exit 0) under kills and pauses, with transfers and reads checked', async () => {
    const { exitCode, bank } = await run({ nemesis: 'kill,pause', nemesisInterval: '0.2' });
    expect(exitCode).toBe(0);
    expect(bank).toMatchObject({ valid: true, accounts: 8, total: 800, badReads: 0 });
    expect(bank.reads as number).toBeGreaterThan(50);
  });

  it('is invalid (exit 1) with torn reads', async () => {
    const { exitCode, bank } = await run({ memoryStaleReads: '0.3' });
    expect(exitCode).toBe(1);
    expect(bank.valid).toBe(false);
    expect(bank.badReads as number).toBeGreaterThan(0);
  });
});

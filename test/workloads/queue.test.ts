import { describe, expect, it } from 'vitest';
import { clients, eachThread, limit, phases, simulate } from '../../core/generator/index.js';
import type { History, Op } from '../../core/op.js';
import { buildWorkload, finalPolls, isWorkloadName, queueKeys, queueMain, queueOptionsOf, queueWorkload, streamOptionsOf, WORKLOAD_NAMES } from '../../workloads/index.js';
import { simLog } from '../checkers/stream/sim-log.js';

const invokes = (h: History): Op[] => h.filter((o) => o.type === 'invoke');

describe('queue workload generators', () => {
  it('mixes sends of unique values over t0..tK, polls, txns, assign/subscribe subsets and rare crashes', () => {
    const keys = queueKeys(4);
    expect(keys).toEqual(['t0', 't1', 't2', 't3']);
    const h = simulate(limit(3000, queueMain(keys)), { threads: 5, nemesis: false, seed: 11 });
    const inv = invokes(h);
    const byF = new Map<string, number>();
    for (const o of inv) byF.set(o.f, (byF.get(o.f) ?? 0) + 1);
    expect([...byF.keys()].sort()).toEqual(['assign', 'crash', 'poll', 'send', 'subscribe', 'txn']);
    expect(byF.get('send')! + byF.get('poll')!).toBeGreaterThan(0.8 * inv.length);
    expect(byF.get('crash')!).toBeLessThan(0.03 * inv.length);
    const sent: number[] = [];
    for (const o of inv) {
      if (o.f === 'send' || o.f === 'txn') {
        const mops = o.value as unknown[][];
        expect(mops[0][0]).toBe('send');
        expect(keys).toContain(mops[0][1]);
        sent.push(mops[0][2] as number);
        if (o.f === 'txn' && mops.length === 3) {
          expect(mops[1][0]).toBe('send');
          expect(mops[1][1]).not.toBe(mops[0][1]);
          sent.push(mops[1][2] as number);
        }
        if (o.f === 'txn') expect(mops[mops.length - 1]).toEqual(['poll']);
      }
      if (o.f === 'poll') expect(o.value).toEqual([['poll']]);
      if (o.f === 'assign' || o.f === 'subscribe') {
        const ks = o.value as string[];
        expect(ks.length).toBeGreaterThan(0);
        expect(ks.every((k) => keys.includes(k))).toBe(true);
      }
    }
    expect(new Set(sent).size).toBe(sent.length);
  });

  it('replays the same schedule from the same seed', () => {
    const a = simulate(limit(200, queueMain(queueKeys(3))), { threads: 3, nemesis: false, seed: 5 });
    const b = simulate(limit(200, queueMain(queueKeys(3))), { threads: 3, nemesis: false, seed: 5 });
    expect(a).toEqual(b);
  });

  it('final read: each thread assigns every key, then polls until 3 empty polls, at most 15 polls', () => {
    const keys = queueKeys(2);
    // empty log: every poll is empty, so each thread stops after the third one
    const h = simulate(clients(eachThread(finalPolls(keys))), { threads: 2, nemesis: false, seed: 1, completion: simLog().completion });
    for (const t of [0, 1]) {
      const mine = invokes(h).filter((o) => o.process === t);
      expect(mine.map((o) => o.f)).toEqual(['assign', 'poll', 'poll', 'poll']);
      expect(mine[0].value).toEqual(keys);
    }
    // polls never come back empty: bounded at 15 polls after the assign
    const full = simulate(clients(eachThread(finalPolls(keys))), {
      threads: 1,
      nemesis: false,
      completion: (op) => (op.f === 'poll' ? { type: 'ok', value: [['poll', { t0: [[0, 1]] }]] } : 'ok'),
    });
    expect(invokes(full).map((o) => o.f)).toEqual(['assign', ...Array(15).fill('poll')]);
  });

  it('final read: a crashed process assigns again', () => {
    let n = 0;
    const h = simulate(clients(eachThread(finalPolls(['t0'], 15, 1))), {
      threads: 1,
      nemesis: false,
      completion: (op) => (op.f === 'poll' && n++ === 0 ? 'info' : op.f === 'poll' ? { type: 'ok', value: [['poll', {}]] } : 'ok'),
    });
    expect(invokes(h).map((o) => `${o.process}:${o.f}`)).toEqual(['0:assign', '0:poll', '1:assign', '1:poll']);
  });
});

describe('queue workload', () => {
  it('is registered, and builds from run options', () => {
    expect(WORKLOAD_NAMES).toContain('queue');
    expect(isWorkloadName('queue')).toBe(true);
    const w = buildWorkload('queue', { nodes: 3, concurrency: 6 });
    expect(w.name).toBe('queue');
    expect(Object.keys(w.checkers).sort()).toEqual(['stats', 'stream']);
    expect(queueOptionsOf({ queueKeys: 3, queueOrderingKeys: true, queuePromise: 'subscribe', other: 1 })).toEqual({ keys: 3, orderingKeys: true, promise: 'subscribe' });
    expect(streamOptionsOf({ promise: 'assign', orderingKeys: false }, { queuePromise: 'subscribe', queueErrors: ['duplicate'] })).toEqual({
      promise: 'subscribe',
      orderingKeys: false,
      errors: ['duplicate'],
    });
  });

  it('queueTxn: false (a system without transactions) leaves txn ops out of the mix', () => {
    expect(queueOptionsOf({ queueTxn: false })).toEqual({ mix: { txn: 0 } });
    const w = buildWorkload('queue', { nodes: 3, concurrency: 3, options: { queueTxn: false } });
    const fs = simulate(limit(2000, w.generator), { threads: 3, nemesis: false, seed: 3 }).map((o) => o.f);
    expect(fs).not.toContain('txn');
    expect(fs).toContain('send');
    const withTxn = buildWorkload('queue', { nodes: 3, concurrency: 3, options: {} });
    expect(simulate(limit(2000, withTxn.generator), { threads: 3, nemesis: false, seed: 3 }).map((o) => o.f)).toContain('txn');
  });

  it('a simulated correct log, run end to end with crashes, failures and unknowns, checks valid', async () => {
    const w = queueWorkload({ keys: 3 });
    const sim = simLog({ failRate: 0.05, infoRate: 0.05 });
    const gen = phases(limit(1500, w.generator), clients(eachThread(w.finalGenerator!)));
    const h = simulate(gen, { threads: 4, nemesis: false, seed: 7, completion: sim.completion });
    const stream = await w.checkers.stream(h, { options: {} });
    expect(stream.explanation).toMatch(/Checked/);
    expect(stream.valid).toBe(true);
    expect((stream.stats as { acked: number }).acked).toBeGreaterThan(300);
    expect((stream.counts as Record<string, number>).unseen).toBe(0);
    const stats = await w.checkers.stats(h, { options: {} });
    expect(stats.valid).toBe(true);
  });

  it('run options override the checker config (what analyze hands back)', async () => {
    const w = queueWorkload();
    const v = await w.checkers.stream([], { options: { queuePromise: 'subscribe', queueOrderingKeys: true } });
    expect(v.config).toEqual({ promise: 'subscribe', orderingKeys: true });
    expect(v.counted).toContain('ordering-key-order');
    expect(v.counted).not.toContain('nonmonotonic-poll');
  });
});

describe('queue final read after a main phase', () => {
  it('ignores the main phase events: it always starts with an assign of every key', () => {
    const keys = queueKeys(2);
    const gen = phases(limit(40, queueMain(keys)), clients(eachThread(finalPolls(keys))));
    const h = simulate(gen, { threads: 2, nemesis: false, seed: 3, completion: simLog().completion });
    const inv = invokes(h);
    const final = inv.slice(40);
    for (const t of [0, 1]) {
      const mine = final.filter((o) => (o.process as number) % 2 === t);
      expect(mine[0]).toMatchObject({ f: 'assign', value: keys });
    }
  });
});

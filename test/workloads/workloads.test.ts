import { describe, expect, it } from 'vitest';
import { simulate } from '../../core/generator/index.js';
import type { History } from '../../core/op.js';
import { CAS_MISMATCH, buildWorkload, dropUnobservedCas, registerWorkload, setWorkload, uniqueAdds } from '../../workloads/index.js';
import { limit } from '../../core/generator/index.js';

const ctx = { options: {} };

describe('register workload', () => {
  it('works through keys in groups, a bounded number of ops per key, small values', () => {
    const w = registerWorkload({ threadsPerKey: 2, opsPerKey: 10 });
    const h = simulate(limit(60, w.generator), { threads: 4, nemesis: false, seed: 3 });
    const invokes = h.filter((o) => o.type === 'invoke');
    expect(invokes).toHaveLength(60);
    const perKey = new Map<unknown, number>();
    for (const o of invokes) perKey.set(o.key, (perKey.get(o.key) ?? 0) + 1);
    expect([...perKey.values()].every((n) => n <= 10)).toBe(true);
    expect(new Set(invokes.map((o) => o.f))).toEqual(new Set(['read', 'write', 'cas']));
    for (const o of invokes) {
      if (o.f === 'write') expect(o.value).toBeGreaterThanOrEqual(0);
      if (o.f === 'write') expect(o.value).toBeLessThan(5);
      if (o.f === 'cas') expect(o.value).toHaveLength(2);
      if (o.f === 'read') expect(o.value).toBeNull();
    }
    // A key's ops come from one group of threads (2 per key here).
    const threads = new Map<unknown, Set<number>>();
    for (const o of invokes) threads.set(o.key, (threads.get(o.key) ?? new Set()).add((o.process as number) % 4));
    expect([...threads.values()].every((s) => s.size <= 2)).toBe(true);
  });

  it('checks per key with cas-register: a stale read is invalid, a mismatched cas is an observation, a refused one is not', async () => {
    const w = registerWorkload();
    const op = (index: number, process: number, type: History[number]['type'], f: string, value: unknown, error?: string) => ({ index, time: index, process, type, f, value, key: 0, ...(error ? { error } : {}) });
    const good: History = [op(0, 0, 'invoke', 'write', 1), op(1, 0, 'ok', 'write', 1), op(2, 1, 'invoke', 'cas', [2, 3]), op(3, 1, 'fail', 'cas', [2, 3], CAS_MISMATCH), op(4, 1, 'invoke', 'read', null), op(5, 1, 'ok', 'read', 1)];
    expect((await w.checkers.linearizable(good, ctx)).valid).toBe(true);
    const failedCasWrong: History = [op(0, 0, 'invoke', 'write', 1), op(1, 0, 'ok', 'write', 1), op(2, 1, 'invoke', 'cas', [1, 3]), op(3, 1, 'fail', 'cas', [1, 3], CAS_MISMATCH)];
    expect((await w.checkers.linearizable(failedCasWrong, ctx)).valid).toBe(false);
    // A cas that failed for another reason (a killed node refused the connection) observed nothing.
    const refused: History = [op(0, 0, 'invoke', 'write', 1), op(1, 0, 'ok', 'write', 1), op(2, 1, 'invoke', 'cas', [1, 3]), op(3, 1, 'fail', 'cas', [1, 3], 'ECONNREFUSED: connect failed')];
    expect((await w.checkers.linearizable(refused, ctx)).valid).toBe(true);
    expect(dropUnobservedCas(refused).map((o) => o.index)).toEqual([0, 1]);
    expect(dropUnobservedCas(failedCasWrong)).toBe(failedCasWrong);
    const stale: History = [op(0, 0, 'invoke', 'write', 1), op(1, 0, 'ok', 'write', 1), op(2, 0, 'invoke', 'write', 2), op(3, 0, 'ok', 'write', 2), op(4, 1, 'invoke', 'read', null), op(5, 1, 'ok', 'read', 1)];
    expect((await w.checkers.linearizable(stale, ctx)).valid).toBe(false);
  });

  it('stops at the first failing key when options.checkFirstFailure is true (analyze --first-failure)', async () => {
    const w = registerWorkload();
    // two keys, each with a stale read
    const stale = (key: number, at: number): History =>
      [['invoke', 'write', 1], ['ok', 'write', 1], ['invoke', 'write', 2], ['ok', 'write', 2], ['invoke', 'read', null], ['ok', 'read', 1]].map(
        ([type, f, value], i) => ({ index: at + i, time: at + i, process: key * 10 + (i >= 4 ? 1 : 0), type: type as History[number]['type'], f: f as string, value, key }),
      );
    const h: History = [...stale(0, 0), ...stale(1, 6)];
    const all = await w.checkers.linearizable(h, ctx);
    expect(all.valid).toBe(false);
    expect((all as unknown as { failures: unknown[] }).failures).toHaveLength(2);
    const first = await w.checkers.linearizable(h, { ...ctx, options: { ...ctx.options, checkFirstFailure: true } });
    expect(first.valid).toBe(false);
    expect((first as unknown as { failures: unknown[] }).failures).toHaveLength(1);
    expect((first as unknown as { unknownKeys: unknown[] }).unknownKeys).toHaveLength(1);
  });

  it('puts as many threads on a key as there are nodes', () => {
    const w = buildWorkload('register', { nodes: 3, concurrency: 6 });
    const h = simulate(limit(200, w.generator), { threads: 6, nemesis: false, seed: 1 });
    const threads = new Map<unknown, Set<number>>();
    for (const o of h) if (o.type === 'invoke') threads.set(o.key, (threads.get(o.key) ?? new Set()).add((o.process as number) % 6));
    expect(Math.max(...[...threads.values()].map((s) => s.size))).toBe(3);
  });
});

describe('set workload', () => {
  it('adds unique values, then every thread reads once', () => {
    const w = setWorkload();
    expect(w.finalGenerator).toBeDefined();
    const adds = simulate(limit(50, w.generator), { threads: 3, nemesis: false });
    const values = adds.filter((o) => o.type === 'invoke').map((o) => o.value);
    expect(new Set(values).size).toBe(50);
  });

  it('uniqueAdds reuses no value even when ops are discarded and asked again', () => {
    const h = simulate(limit(20, uniqueAdds(100)), { threads: 2, nemesis: false, seed: 9 });
    expect(h.filter((o) => o.type === 'invoke').map((o) => o.value)).toEqual(Array.from({ length: 20 }, (_, i) => 100 + i));
  });

  it('final read retries until ok, at most 5 times', async () => {
    const w = setWorkload({ finalReadRetryS: 0 });
    const h = simulate(w.finalGenerator!, { threads: 1, nemesis: false, completion: () => 'fail' });
    expect(h.filter((o) => o.type === 'invoke')).toHaveLength(5);
    const ok = simulate(w.finalGenerator!, { threads: 1, nemesis: false, completion: (op) => (op.process === 0 ? 'info' : 'ok') });
    expect(ok.filter((o) => o.type === 'invoke')).toHaveLength(2);
  });

  it('checks with the set checker and the stats checker', async () => {
    const w = setWorkload();
    const h: History = [
      { index: 0, time: 0, process: 0, type: 'invoke', f: 'add', value: 1 },
      { index: 1, time: 1, process: 0, type: 'ok', f: 'add', value: 1 },
      { index: 2, time: 2, process: 0, type: 'invoke', f: 'read', value: null },
      { index: 3, time: 3, process: 0, type: 'ok', f: 'read', value: [] },
    ];
    expect((await w.checkers.set(h, ctx)).valid).toBe(false);
    expect((await w.checkers.stats(h, ctx)).valid).toBe(true);
  });
});

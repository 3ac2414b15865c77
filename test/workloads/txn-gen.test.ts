import { describe, expect, it } from 'vitest';
import { limit, simulate } from '../../core/generator/index.js';
import { KeysUsed, exponentialIndex, readAllTxns, txnGen } from '../../workloads/txn-gen.js';
import { Rng } from '../../core/generator/rng.js';

type M = [string, number, number | null];

function txns(kind: 'append' | 'wr', n: number, opts: Record<string, number> = {}, used?: KeysUsed): M[][] {
  const h = simulate(limit(n, txnGen({ kind, ...opts }, used)), { threads: 4, seed: 7, nemesis: false });
  return h.filter((o) => o.type === 'invoke').map((o) => o.value as M[]);
}

describe('txnGen', () => {
  it('makes txns of 1..maxTxnLength micro-ops of the right kind', () => {
    const ts = txns('append', 500);
    expect(ts).toHaveLength(500);
    const lens = new Set(ts.map((t) => t.length));
    expect([...lens].sort()).toEqual([1, 2, 3, 4]);
    for (const t of ts) for (const [f, , v] of t) expect(f === 'r' ? v === null : f === 'append' && typeof v === 'number').toBe(true);
    expect(txns('wr', 50).flat().every(([f]) => f === 'r' || f === 'w')).toBe(true);
  });

  it('uses unique values per key, retires keys after maxWritesPerKey writes, keeps keyCount active', () => {
    const ts = txns('append', 2000, { keyCount: 5, maxWritesPerKey: 8 });
    const writes = new Map<number, number[]>();
    for (const t of ts) for (const [f, k, v] of t) if (f !== 'r') writes.set(k, [...(writes.get(k) ?? []), v as number]);
    for (const vs of writes.values()) {
      expect(new Set(vs).size).toBe(vs.length);
      expect(vs.length).toBeLessThanOrEqual(8);
    }
    expect(Math.max(...writes.keys())).toBeGreaterThan(20);
    // at any point at most keyCount keys are in use: a retired key is never written again
    const lastUse = new Map<number, number>();
    ts.forEach((t, i) => t.forEach(([, k]) => lastUse.set(k, i)));
    const firstUse = new Map<number, number>();
    ts.forEach((t, i) => t.forEach(([, k]) => firstUse.has(k) || firstUse.set(k, i)));
    for (let i = 0; i < ts.length; i += 97) {
      const live = [...firstUse.keys()].filter((k) => (firstUse.get(k) as number) <= i && (lastUse.get(k) as number) >= i);
      expect(live.length).toBeLessThanOrEqual(5 + 3); // + keys retired and replaced within txn i
    }
  });

  it('notes the highest invoked key', () => {
    const used = new KeysUsed();
    const ts = txns('wr', 300, { keyCount: 3, maxWritesPerKey: 4 }, used);
    expect(used.max).toBeGreaterThanOrEqual(Math.max(...ts.flat().map(([, k]) => k)));
  });

  it('rejects bad counts', () => {
    expect(() => txnGen({ kind: 'append', keyCount: 0 })).toThrow(/keyCount/);
  });
});

describe('exponentialIndex', () => {
  it('favours low indexes about geometrically', () => {
    const rng = Rng.fromSeed(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) counts[exponentialIndex(rng, 10)]++;
    expect(counts[0] / 20000).toBeGreaterThan(0.45);
    expect(counts[0] / 20000).toBeLessThan(0.55);
    expect(counts[1]).toBeLessThan(counts[0]);
    expect(counts[9]).toBeGreaterThan(0);
  });
});

describe('readAllTxns', () => {
  it('chunks the keys 0..max', () => {
    expect(readAllTxns(4, 2)).toEqual([[['r', 0, null], ['r', 1, null]], [['r', 2, null], ['r', 3, null]], [['r', 4, null]]]);
    expect(readAllTxns(-1, 2)).toEqual([]);
  });
});

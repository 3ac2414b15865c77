/**
 * The search's parts: the configuration cache, the interner, and pausing and resuming a search.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigCache } from '../../../checkers/linearizable/config-cache.js';
import { Interner } from '../../../checkers/linearizable/interner.js';
import { findModel } from '../../../checkers/linearizable/models/registry.js';
import { prepareHistory } from '../../../checkers/linearizable/prepare.js';
import { LinearizationSearch } from '../../../checkers/linearizable/search.js';
import { StateSpace } from '../../../checkers/linearizable/state-space.js';
import type { RefName } from './reference.js';
import { planArb, simulate } from './sim.js';

describe('ConfigCache', () => {
  it('stores each (set, state) once, through growth, and tells equal hashes apart', () => {
    const cache = new ConfigCache(1 << 30);
    const bits = new Uint32Array(2);
    for (let i = 0; i < 5000; i++) {
      bits[0] = i;
      bits[1] = i * 7;
      // a deliberately poor hash: many collisions
      expect(cache.add(bits, i % 3, i % 17, 0, 64, 0)).toBe(true);
    }
    for (let i = 0; i < 5000; i++) {
      bits[0] = i;
      bits[1] = i * 7;
      expect(cache.add(bits, i % 3, i % 17, 0, 64, 0)).toBe(false);
      expect(cache.add(bits, (i % 3) + 1, i % 17, 0, 64, 0)).toBe(true);
      expect(cache.add(bits, (i % 3) + 1, i % 17, 0, 64, 0)).toBe(false);
    }
    expect(cache.count).toBe(10_000);
  });

  it('compares sets by their window: ops below lo all in, none from hi', () => {
    const cache = new ConfigCache(1 << 30);
    const all = new Uint32Array(4).fill(0xffffffff);
    // {0..31} and {0..63}: both windows are empty, told apart by lo
    expect(cache.add(all, 0, 7, 32, 32, 0)).toBe(true);
    expect(cache.add(all, 0, 7, 64, 64, 0)).toBe(true);
    expect(cache.add(all, 0, 7, 64, 64, 0)).toBe(false);
    const bits = new Uint32Array(4);
    bits[0] = 0xffffffff;
    bits[1] = 0b101; // {0..31, 32, 34}: lo 33, hi 35, one word
    expect(cache.add(bits, 1, 9, 33, 35, 0)).toBe(true);
    expect(cache.add(bits, 1, 9, 33, 35, 0)).toBe(false);
    bits[1] = 0b1001; // {0..31, 32, 35}
    expect(cache.add(bits, 1, 9, 33, 36, 0)).toBe(true);
    // the same window with other indeterminate ops placed below lo is another set
    expect(cache.add(bits, 1, 9, 33, 36, 5)).toBe(true);
    expect(cache.add(bits, 1, 9, 33, 36, 5)).toBe(false);
    expect(cache.add(bits, 1, 9, 33, 36, 6)).toBe(true);
  });

  it('throws past its memory budget', () => {
    const cache = new ConfigCache(64 * 1024);
    const bits = new Uint32Array(1);
    expect(() => {
      for (let i = 0; i < 100_000; i++) {
        bits[0] = i;
        cache.add(bits, 0, i, 0, 32, 0);
      }
    }).toThrow(/memory budget ran out/);
  });
});

describe('Interner', () => {
  it('numbers states by equality, by key or by hash and equality', () => {
    const byKey = new Interner<string>({ stateKey: (s) => s });
    expect(['a', 'b', 'a', 'c', 'b'].map((s) => byKey.intern(s))).toEqual([0, 1, 0, 2, 1]);
    const colliding = new Interner<string>({ stateKey: (s) => s, stateHash: () => 42, stateEquals: (a, b) => a === b });
    expect(['a', 'b', 'a', 'c', 'b', 'c'].map((s) => colliding.intern(s))).toEqual([0, 1, 0, 2, 1, 2]);
    const many = new Interner<number>({ stateKey: (s) => s, stateHash: (s) => s % 1000, stateEquals: (a, b) => a === b });
    for (let i = 0; i < 20_000; i++) expect(many.intern(i)).toBe(i);
    for (let i = 0; i < 20_000; i += 7) expect(many.intern(i)).toBe(i);
  });
});

describe('pausing and resuming', () => {
  const models: RefName[] = ['cas-register', 'kv', 'fifo-queue', 'mutex', 'set'];
  for (const name of models) {
    it(`${name}: a search run in tiny slices decides as one run does`, () => {
      const model = findModel(name);
      if (model === undefined) throw new Error(name);
      fc.assert(
        fc.property(planArb(name, { maxOps: 14, processes: 4, corruptRate: 0.5 }), fc.integer({ min: 1, max: 4 }), (plan, step) => {
          const { partitions } = prepareHistory(simulate(name, plan), model, true);
          for (const p of partitions) {
            const whole = new LinearizationSearch(new StateSpace(model, p.ops), p.ops, 1 << 30).run(Infinity);
            const sliced = new LinearizationSearch(new StateSpace(model, p.ops), p.ops, 1 << 30);
            let r = sliced.run(Infinity, step);
            for (let limit = 2 * step; r === undefined; limit += step) r = sliced.run(Infinity, limit);
            expect(r.valid).toBe(whole?.valid);
            expect(r.cacheEntries).toBe(whole?.cacheEntries);
            expect(r.best).toBe(whole?.best);
          }
        }),
        { numRuns: 200, seed: 99 },
      );
    });
  }
});

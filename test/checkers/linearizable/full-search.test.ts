/**
 * The full search (search.ts), run directly on every partition, bypassing the small-key fast
 * path (tiny-search.ts) that `checkLinearizable` takes first: small histories are what the
 * differential tests can brute-force, and through `checkLinearizable` every valid one of them
 * would be decided by the fast path, leaving the full search untested on them. Also the fast
 * path on its own: whenever it answers (linearizable), brute force agrees.
 *
 * The cache's dominance rule (a configuration is covered by a stored one with the same ops and
 * state and no more crashed ops used) is tested by a history built for it: reversing the rule
 * (in search.ts's `counts.leq` or in config-cache.ts's `meet`) makes that test fail, checked by
 * applying each mutation. Random histories rarely reach it, even biased to where it could
 * matter (values 0–1, many crashed writes, so that crashed ops form classes of several tokens):
 * with the rule reversed, 40,000 such histories gave no disagreement with brute force. They
 * are kept below as a differential test of the full search on crashed ops.
 */
import { describe, expect, it } from 'vitest';
import type { History } from '../../../core/op.js';
import { findModel } from '../../../checkers/linearizable/index.js';
import type { Model } from '../../../checkers/linearizable/model.js';
import { PartitionCheck } from '../../../checkers/linearizable/partition-check.js';
import { prepareHistory } from '../../../checkers/linearizable/prepare.js';
import { tinyLinearizable } from '../../../checkers/linearizable/tiny-search.js';
import type { Validity } from '../../../core/verdict.js';
import { bruteForceLinearizable } from './brute-force.js';
import { smallCrashHistory } from './crash-sim.js';

/** The full search's verdict over all partitions of `h` (no fast path). */
function fullSearch(h: History, model: Model<unknown>): Validity {
  let verdict: Validity = true;
  for (const p of prepareHistory(h, model, true).partitions) {
    const r = new PartitionCheck(model, p, 1 << 28).run(Infinity);
    if (r === undefined || r.valid === 'unknown') verdict = 'unknown';
    else if (r.valid === false) return false;
  }
  return verdict;
}

/** The fast path's answer: true when it proved every partition linearizable, else undefined. */
function fastPath(h: History, model: Model<unknown>): true | undefined {
  for (const p of prepareHistory(h, model, true).partitions) if (tinyLinearizable(model, p.ops) < 0) return undefined;
  return true;
}

function modelOf(name: string): Model<unknown> {
  const m = findModel(name);
  if (m === undefined) throw new Error(name);
  return m;
}

describe('full search (no fast path) vs brute force, dominance-heavy crashed histories', () => {
  for (const name of ['register', 'cas-register'] as const) {
    it(`${name}: 1,500 histories of 6-10 ops, values 0-1, 2-5 crashed`, () => {
      const model = modelOf(name);
      const disagreements: number[] = [];
      const kinds = { valid: 0, invalid: 0 };
      for (let seed = 1; seed <= 1500; seed++) {
        const h = smallCrashHistory({
          model: name,
          ops: 6 + (seed % 5),
          crashed: 2 + (seed % 4),
          threads: 3 + (seed % 2),
          values: 2,
          corruptRate: 0.5,
          seed: seed * 6151 + name.length,
        });
        const expected = bruteForceLinearizable(h, model);
        if (fullSearch(h, model) !== expected) disagreements.push(seed);
        kinds[expected ? 'valid' : 'invalid']++;
      }
      expect(disagreements).toEqual([]);
      expect(kinds.valid).toBeGreaterThan(500);
      expect(kinds.invalid).toBeGreaterThan(250);
    });
  }
});

describe('full search (no fast path) vs brute force, mixed crashed histories', () => {
  for (const name of ['register', 'cas-register'] as const) {
    it(`${name}: 2,000 histories of up to 10 ops with 0-4 crashed`, () => {
      const model = modelOf(name);
      const disagreements: number[] = [];
      for (let seed = 1; seed <= 2000; seed++) {
        const h = smallCrashHistory({ model: name, ops: 1 + (seed % 10), crashed: seed % 5, threads: 2 + (seed % 3), corruptRate: 0.6, seed: seed * 7919 + name.length });
        if (fullSearch(h, model) !== bruteForceLinearizable(h, model)) disagreements.push(seed);
      }
      expect(disagreements).toEqual([]);
    });
  }
});

/** Events of one register's history, each `[process, type, f, value]`. */
function history(events: readonly (readonly [number, 'invoke' | 'ok' | 'info', string, unknown])[]): History {
  return events.map(([process, type, f, value], index) => ({ index, time: index, process, type, f, value }));
}

describe('full search: the dominance rule of the cache', () => {
  // Two crashed `write 1` (one class of two tokens), then write 1 ‖ write 0, then read → 1,
  // then twice (write 0; read → 1). The search first tries write 1 before write 0 (call
  // order), so it reaches {both writes, first read} in state 1 having used one token, and
  // fails: the two later reads need a token each. By the other order (write 0, write 1, read)
  // it reaches the same ops and state with no token used, and succeeds. The configuration
  // cached by the first path used MORE crashed ops, so it must not count as covering the
  // second; a cache that had the rule the wrong way round calls this history invalid.
  const h = history([
    [10, 'invoke', 'write', 1],
    [11, 'invoke', 'write', 1],
    [1, 'invoke', 'write', 1],
    [2, 'invoke', 'write', 0],
    [1, 'ok', 'write', 1],
    [2, 'ok', 'write', 0],
    [3, 'invoke', 'read', null],
    [3, 'ok', 'read', 1],
    [1, 'invoke', 'write', 0],
    [1, 'ok', 'write', 0],
    [3, 'invoke', 'read', null],
    [3, 'ok', 'read', 1],
    [2, 'invoke', 'write', 0],
    [2, 'ok', 'write', 0],
    [3, 'invoke', 'read', null],
    [3, 'ok', 'read', 1],
    [10, 'info', 'write', 1],
    [11, 'info', 'write', 1],
  ]);
  for (const name of ['register', 'cas-register'] as const) {
    it(`${name}: a configuration reached with fewer crashed ops used is explored`, () => {
      const model = modelOf(name);
      expect(bruteForceLinearizable(h, model)).toBe(true);
      expect(fullSearch(h, model)).toBe(true);
      // and with one token fewer it is not linearizable
      const one = h.filter((e) => e.process !== 11);
      expect(bruteForceLinearizable(one, model)).toBe(false);
      expect(fullSearch(one, model)).toBe(false);
    });
  }
});

describe('small-key fast path', () => {
  for (const name of ['register', 'cas-register'] as const) {
    it(`${name}: answers only for linearizable histories, and for most of them`, () => {
      const model = modelOf(name);
      const wrong: number[] = [];
      let valid = 0;
      let answered = 0;
      for (let seed = 1; seed <= 2000; seed++) {
        const h = smallCrashHistory({ model: name, ops: 1 + (seed % 10), crashed: seed % 5, threads: 2 + (seed % 3), corruptRate: 0.6, seed: seed * 3571 });
        const expected = bruteForceLinearizable(h, model);
        const fast = fastPath(h, model);
        if (fast === true && !expected) wrong.push(seed);
        if (expected) valid++;
        if (fast === true) answered++;
      }
      expect(wrong).toEqual([]);
      expect(answered).toBeGreaterThan(valid * 0.9);
    });
  }
});

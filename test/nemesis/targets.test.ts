import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/generator/index.js';
import { majority } from '../../nemesis/random.js';
import { isTargetKind, selectTargets, targetCount, TARGET_KINDS } from '../../nemesis/targets.js';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i + 1}`);

describe('targetCount', () => {
  it('gives the documented sizes', () => {
    const row = (n: number): number[] => (['one', 'minority', 'majority', 'minority-third', 'all'] as const).map((k) => targetCount(k, n));
    expect(row(0)).toEqual([0, 0, 0, 0, 0]);
    expect(row(1)).toEqual([1, 0, 1, 0, 1]);
    expect(row(2)).toEqual([1, 0, 2, 0, 2]);
    expect(row(3)).toEqual([1, 1, 2, 0, 3]);
    expect(row(4)).toEqual([1, 1, 3, 1, 4]);
    expect(row(5)).toEqual([1, 2, 3, 1, 5]);
    expect(row(7)).toEqual([1, 3, 4, 2, 7]);
  });

  it('a minority never reaches a majority, a majority always does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), (n) => {
        expect(targetCount('minority', n)).toBeLessThan(majority(n));
        expect(n - targetCount('minority', n)).toBeGreaterThanOrEqual(majority(n));
        expect(targetCount('majority', n)).toBeGreaterThanOrEqual(majority(n));
        expect(3 * targetCount('minority-third', n)).toBeLessThan(n);
      }),
    );
  });
});

describe('selectTargets', () => {
  it('picks the right number of distinct nodes in node order, replayable from a seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer(), fc.constantFrom('one', 'minority', 'majority', 'minority-third', 'all') , (n, seed, kind) => {
        const nodes = names(n);
        const t = selectTargets(kind, nodes, Rng.fromSeed(seed));
        expect(t.length).toBe(targetCount(kind, n));
        expect(t).toEqual(nodes.filter((x) => t.includes(x)));
        expect(selectTargets(kind, nodes, Rng.fromSeed(seed))).toEqual(t);
      }),
    );
  });

  it('takes primaries and explicit lists as given, rejecting unknown nodes', () => {
    const nodes = names(5);
    const r = Rng.fromSeed(1);
    expect(selectTargets('primaries', nodes, r, ['n4', 'zz'])).toEqual(['n4']);
    expect(selectTargets('primaries', nodes, r)).toEqual([]);
    expect(selectTargets(['n3', 'n1'], nodes, r)).toEqual(['n1', 'n3']);
    expect(() => selectTargets(['n9'], nodes, r)).toThrow(/"n9" is not a node/);
  });

  it('knows its kinds', () => {
    expect(TARGET_KINDS.every(isTargetKind)).toBe(true);
    expect(isTargetKind('most')).toBe(false);
  });
});

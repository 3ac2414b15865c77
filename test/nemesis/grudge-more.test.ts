/**
 * The partition shapes added for issue 5: majority | minority, primaries vs the rest, one-way
 * cuts (`asymmetric: true`), and how an op value resolves into a grudge (partition.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/generator/index.js';
import { isSymmetric, majorityMinority, oneWay, primariesVsRest, reachable, symmetric, type Grudge } from '../../nemesis/grudge.js';
import { resolveGrudge, shapeOf } from '../../nemesis/partition.js';
import { majority } from '../../nemesis/random.js';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i + 1}`);
const cluster = fc.record({ n: fc.integer({ min: 1, max: 12 }), seed: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) });
/** A random grudge over `n` nodes (no self-drops). */
const anyGrudge = fc.integer({ min: 2, max: 8 }).chain((n) =>
  fc.array(fc.array(fc.boolean(), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }).map((m) => {
    const nodes = names(n);
    const g: Record<string, string[]> = Object.fromEntries(nodes.map((a, i) => [a, nodes.filter((_, j) => j !== i && m[i][j])]));
    return { nodes, g };
  }));

describe('majority-minority', () => {
  it('splits into the largest minority (at least one) and a majority, each seeing only itself', () => {
    fc.assert(fc.property(cluster.filter(({ n }) => n >= 2), ({ n, seed }) => {
      const nodes = names(n);
      const g = majorityMinority(nodes, Rng.fromSeed(seed));
      expect(isSymmetric(g)).toBe(true);
      const sizes = nodes.map((x) => reachable(g, nodes, x).length);
      const small = Math.max(1, n - majority(n));
      expect(sizes.every((s) => s === small || s === n - small)).toBe(true);
      expect(sizes.filter((s) => s === n - small).length).toBe(small === n - small ? n : n - small);
      if (n >= 3) expect(n - small).toBeGreaterThanOrEqual(majority(n));
    }));
  });

  it('a single node drops nothing', () => {
    expect(majorityMinority(['n1'], Rng.fromSeed(1))).toEqual({ n1: [] });
  });
});

describe('primaries vs the rest', () => {
  it('cuts the primaries from every other node, both ways', () => {
    expect(primariesVsRest(names(3), ['n2'])).toEqual({ n1: ['n2'], n2: ['n1', 'n3'], n3: ['n2'] });
    expect(primariesVsRest(names(3), [])).toEqual({ n1: [], n2: [], n3: [] });
    expect(primariesVsRest(names(2), ['n1', 'n2'])).toEqual({ n1: [], n2: [] });
  });
});

describe('oneWay', () => {
  it('keeps exactly one direction of each mutual drop and every one-way drop', () => {
    fc.assert(fc.property(anyGrudge, ({ nodes, g }) => {
      const o = oneWay(g, nodes);
      for (const a of nodes) {
        for (const b of nodes) {
          const ab = (g[a] ?? []).includes(b);
          const ba = (g[b] ?? []).includes(a);
          const oab = o[a].includes(b);
          const oba = o[b].includes(a);
          if (ab && !ba) expect(oab).toBe(true);
          if (!ab) expect(oab).toBe(false);
          if (ab && ba) expect(oab !== oba).toBe(true);
        }
      }
      expect(symmetric(o, nodes)).toEqual(symmetric(g, nodes));
    }));
  });

  it('the smaller side drops, the larger still hears it', () => {
    const g: Grudge = primariesVsRest(names(5), ['n3']);
    expect(oneWay(g, names(5))).toEqual({ n1: [], n2: [], n3: ['n1', 'n2', 'n4', 'n5'], n4: [], n5: [] });
  });
});

describe('resolveGrudge', () => {
  const nodes = names(3);
  const rng = (): Rng => Rng.fromSeed(9);

  it('primaries: the leaders vs the rest, or a clear error', () => {
    expect(resolveGrudge('primaries', nodes, rng(), ['n1'])).toEqual({ shape: 'primaries', grudge: { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] } });
    expect(() => resolveGrudge({ shape: 'primaries' }, nodes, rng())).toThrow(/needs a system that can say which nodes lead/);
    expect(() => resolveGrudge({ shape: 'primaries' }, nodes, rng(), [])).toThrow(/names no primary right now/);
  });

  it('an explicit grudge is completed both ways unless asymmetric', () => {
    expect(resolveGrudge({ grudge: { n1: ['n2'] } }, nodes, rng()).grudge).toEqual({ n1: ['n2'], n2: ['n1'], n3: [] });
    expect(resolveGrudge({ grudge: { n1: ['n2'] }, asymmetric: true }, nodes, rng()).grudge).toEqual({ n1: ['n2'] });
  });

  it('asymmetric shapes cut one direction: the isolated node stops hearing, the others still hear it', () => {
    const { grudge } = resolveGrudge({ shape: 'one', seed: 4, asymmetric: true }, nodes, rng());
    const lone = nodes.find((n) => grudge[n].length === 2);
    expect(lone).toBeDefined();
    for (const n of nodes) if (n !== lone) expect(grudge[n]).toEqual([]);
    expect(isSymmetric(resolveGrudge({ shape: 'one', seed: 4 }, nodes, rng()).grudge)).toBe(true);
  });

  it('shapeOf reads a bare shape or { shape }, nothing for a grudge', () => {
    expect(shapeOf('bridge')).toBe('bridge');
    expect(shapeOf({ shape: 'halves' })).toBe('halves');
    expect(shapeOf({ grudge: {} })).toBeUndefined();
    expect(() => resolveGrudge('zigzag', nodes, rng())).toThrow(/known: one, halves, majority-minority, majorities-ring, bridge, primaries/);
  });
});

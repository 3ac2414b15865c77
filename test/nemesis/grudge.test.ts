import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/generator/index.js';
import {
  bridge,
  fromComponents,
  grudgeOf,
  grudgeProblem,
  GRUDGE_SHAPES,
  isolateOne,
  isSymmetric,
  majoritiesRing,
  randomHalves,
  reachable,
  symmetric,
  type Grudge,
} from '../../nemesis/grudge.js';
import { majority, shuffle } from '../../nemesis/random.js';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i + 1}`);
/** Node counts and seeds for the properties. */
const cluster = fc.record({ n: fc.integer({ min: 1, max: 12 }), seed: fc.integer({ min: -(2 ** 40), max: 2 ** 40 }) });

/** Who each node hears from, as sizes. */
const seen = (g: Grudge, nodes: string[]): number[] => nodes.map((x) => reachable(g, nodes, x).length);

describe('grudge shapes (properties)', () => {
  it('every shape is symmetric, covers every node, names only nodes and never drops itself', () => {
    fc.assert(
      fc.property(cluster, fc.constantFrom(...GRUDGE_SHAPES), ({ n, seed }, shape) => {
        const nodes = names(n);
        const g = grudgeOf(shape, nodes, Rng.fromSeed(seed));
        expect(Object.keys(g).sort()).toEqual([...nodes].sort());
        expect(isSymmetric(g)).toBe(true);
        expect(grudgeProblem(g, nodes)).toBeUndefined();
        for (const a of nodes) expect([...g[a]]).toEqual(nodes.filter((x) => g[a].includes(x))); // node order
      }),
    );
  });

  it('the same seed gives the same grudge', () => {
    fc.assert(
      fc.property(cluster, fc.constantFrom(...GRUDGE_SHAPES), ({ n, seed }, shape) => {
        const nodes = names(n);
        expect(grudgeOf(shape, nodes, Rng.fromSeed(seed))).toEqual(grudgeOf(shape, nodes, Rng.fromSeed(seed)));
      }),
    );
  });

  it('one: a single node is cut from all others, the rest see each other', () => {
    fc.assert(
      fc.property(cluster, ({ n, seed }) => {
        const nodes = names(n);
        const g = isolateOne(nodes, Rng.fromSeed(seed));
        const lonely = nodes.filter((x) => g[x].length > 0 && g[x].length === n - 1);
        if (n < 2) {
          expect(Object.values(g).flat()).toEqual([]);
        } else {
          expect(lonely.length).toBe(n === 2 ? 2 : 1);
          if (n > 2) for (const x of nodes.filter((y) => y !== lonely[0])) expect(g[x]).toEqual(lonely);
        }
      }),
    );
  });

  it('halves: two components of ⌊n/2⌋ and ⌈n/2⌉ nodes, each seeing exactly itself', () => {
    fc.assert(
      fc.property(cluster.filter(({ n }) => n >= 2), ({ n, seed }) => {
        const nodes = names(n);
        const g = randomHalves(nodes, Rng.fromSeed(seed));
        const sizes = seen(g, nodes);
        expect(new Set(sizes)).toEqual(new Set([Math.floor(n / 2), Math.ceil(n / 2)]));
        for (const a of nodes) {
          const mine = reachable(g, nodes, a);
          for (const b of mine) expect(reachable(g, nodes, b)).toEqual(mine); // a component
        }
      }),
    );
  });

  it('majorities ring: every node sees a majority, none sees all, no two see the same set (n ≥ 4)', () => {
    fc.assert(
      fc.property(cluster.filter(({ n }) => n >= 4), ({ n, seed }) => {
        const nodes = names(n);
        const g = majoritiesRing(nodes, Rng.fromSeed(seed));
        for (const s of seen(g, nodes)) {
          expect(s).toBeGreaterThanOrEqual(majority(n));
          expect(s).toBeLessThan(n);
        }
        const views = new Set(nodes.map((a) => reachable(g, nodes, a).join(',')));
        expect(views.size).toBe(n);
      }),
    );
  });

  it('majorities ring with 3 nodes: every node still sees a majority (a bridge)', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const nodes = names(3);
        const g = majoritiesRing(nodes, Rng.fromSeed(seed));
        expect(seen(g, nodes).every((s) => s >= 2)).toBe(true);
        expect(seen(g, nodes).sort()).toEqual([2, 2, 3]);
      }),
    );
  });

  it('bridge: one node sees both sides, the sides do not see each other', () => {
    fc.assert(
      fc.property(cluster.filter(({ n }) => n >= 3), ({ n, seed }) => {
        const nodes = names(n);
        const g = bridge(nodes, Rng.fromSeed(seed));
        const bridges = nodes.filter((a) => g[a].length === 0);
        expect(bridges.length).toBe(1);
        const others = nodes.filter((a) => a !== bridges[0]);
        const left = reachable(g, others, others[0]);
        const right = others.filter((a) => !left.includes(a));
        expect(Math.abs(left.length - right.length)).toBeLessThanOrEqual(1);
        for (const a of left) expect(g[a]).toEqual(right);
        for (const a of right) expect(g[a]).toEqual(left);
        if (n % 2 === 1) for (const s of seen(g, others)) expect(s + 1).toBeGreaterThanOrEqual(majority(n));
      }),
    );
  });
});

describe('grudge helpers', () => {
  const nodes = names(4);

  it('fromComponents cuts between components and leaves outsiders alone', () => {
    expect(fromComponents(nodes, [['n1'], ['n2', 'n3']])).toEqual({ n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'], n4: [] });
  });

  it('symmetric adds the missing directions', () => {
    const g = symmetric({ n1: ['n2'], n3: ['n4'] }, nodes);
    expect(g).toEqual({ n1: ['n2'], n2: ['n1'], n3: ['n4'], n4: ['n3'] });
    expect(isSymmetric({ n1: ['n2'] })).toBe(false);
    expect(isSymmetric(g)).toBe(true);
  });

  it('grudgeProblem quotes what is wrong with a grudge from outside', () => {
    expect(grudgeProblem({ n1: ['n2'] }, nodes)).toBeUndefined();
    expect(grudgeProblem('n1', nodes)).toMatch(/must be an object.*"n1"/);
    expect(grudgeProblem({ n9: [] }, nodes)).toMatch(/unknown node "n9"/);
    expect(grudgeProblem({ n1: 'n2' }, nodes)).toMatch(/must be a list/);
    expect(grudgeProblem({ n1: ['n7'] }, nodes)).toMatch(/unknown node "n7"/);
    expect(grudgeProblem({ n1: ['n1'] }, nodes)).toMatch(/drops its own traffic/);
  });

  it('shuffle is a permutation and a seed replays it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer()), fc.integer(), (xs, seed) => {
        const a = shuffle(xs, Rng.fromSeed(seed));
        expect([...a].sort()).toEqual([...xs].sort());
        expect(shuffle(xs, Rng.fromSeed(seed))).toEqual(a);
      }),
    );
  });
});

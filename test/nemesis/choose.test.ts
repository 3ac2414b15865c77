/** Turning an op value into target nodes (choose.ts): specs, seeds and the DB's primaries. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/generator/index.js';
import type { DB, RunContext } from '../../core/plugins.js';
import { chooseTargets, targetSpecOf } from '../../nemesis/choose.js';

const nodes = ['n1', 'n2', 'n3', 'n4', 'n5'];
const ctx = { nodes } as unknown as RunContext;
const plain: DB = { name: 'plain', setup: async () => {}, teardown: async () => {} };
const leading = { ...plain, name: 'leading', primaries: async () => ['n4'] } as DB;

describe('targetSpecOf', () => {
  it('reads { targets, seed }, a bare kind or a bare list; quotes anything else', () => {
    expect(targetSpecOf({ targets: 'minority-third', seed: 3 })).toEqual({ spec: 'minority-third', seed: 3 });
    expect(targetSpecOf('all')).toEqual({ spec: 'all' });
    expect(targetSpecOf(['n1', 'n2'])).toEqual({ spec: ['n1', 'n2'] });
    expect(() => targetSpecOf({ targets: 'most' })).toThrow(/unknown targets "most" \(known: one, minority, majority, minority-third, primaries, all, or a list of nodes\)/);
  });
});

describe('chooseTargets', () => {
  it('every kind, a list, and primaries from the DB', async () => {
    const rng = Rng.fromSeed(1);
    expect(await chooseTargets({ targets: 'one', seed: 2 }, ctx, plain, rng)).toHaveLength(1);
    expect(await chooseTargets({ targets: 'minority', seed: 2 }, ctx, plain, rng)).toHaveLength(2);
    expect(await chooseTargets({ targets: 'majority', seed: 2 }, ctx, plain, rng)).toHaveLength(3);
    expect(await chooseTargets({ targets: 'minority-third', seed: 2 }, ctx, plain, rng)).toHaveLength(1);
    expect(await chooseTargets('all', ctx, plain, rng)).toEqual(nodes);
    expect(await chooseTargets({ targets: ['n5', 'n2'] }, ctx, plain, rng)).toEqual(['n2', 'n5']);
    expect(await chooseTargets({ targets: 'primaries' }, ctx, leading, rng)).toEqual(['n4']);
    expect(await chooseTargets({ targets: 'majority', seed: 9 }, ctx, plain, rng)).toEqual(await chooseTargets({ targets: 'majority', seed: 9 }, ctx, plain, Rng.fromSeed(77)));
  });

  it('fails clearly for primaries on a system that cannot tell, and for unknown nodes', async () => {
    await expect(chooseTargets({ targets: 'primaries' }, ctx, plain, Rng.fromSeed(1))).rejects.toThrow('targets "primaries" need a system that can say which nodes lead; plain cannot');
    await expect(chooseTargets({ targets: ['n9'] }, ctx, plain, Rng.fromSeed(1))).rejects.toThrow(/"n9" is not a node/);
  });
});

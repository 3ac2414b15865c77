/**
 * Packet loss without containers: which links a `start-loss` value makes lossy (pure), the
 * iptables statistic rules it becomes, and the nemesis over a fake cluster recording scripts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordingContext } from '../support/fake-cluster.js';
import { phases, Rng, seconds, simulate, timeLimit } from '../../core/generator/index.js';
import type { Op } from '../../core/op.js';
import type { DB } from '../../core/plugins.js';
import { isSymmetric } from '../../nemesis/grudge.js';
import { LOSS_CHAIN, lossFromScript } from '../../nemesis/iptables.js';
import { DEFAULT_LOSS_PROBABILITY, probabilityOf, resolveLoss } from '../../nemesis/loss-spec.js';
import { LossNemesis, lossPackage } from '../../nemesis/loss.js';

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `n${i + 1}`);
const nodes = names(3);
const addresses = { n1: '10.9.0.11', n2: '10.9.0.12', n3: '10.9.0.13' };

const fakeContext = () => recordingContext({ nodes, addresses, seed: 5 });
const op = (f: string, value: unknown = null): Op => ({ index: 0, time: 0, process: 'nemesis', type: 'invoke', f, value });

describe('resolveLoss', () => {
  it('targets: every link of a target is lossy both ways; the default is all at 0.3', () => {
    expect(resolveLoss({ targets: ['n1'], probability: 0.5 }, nodes, Rng.fromSeed(1))).toEqual({
      grudge: { n1: ['n2', 'n3'], n2: ['n1'], n3: ['n1'] }, probability: 0.5, nodes: ['n1'],
    });
    expect(resolveLoss(null, nodes, Rng.fromSeed(1))).toEqual({
      grudge: { n1: ['n2', 'n3'], n2: ['n1', 'n3'], n3: ['n1', 'n2'] }, probability: DEFAULT_LOSS_PROBABILITY, nodes,
    });
  });

  it('pairs: exactly the named links; asymmetric keeps the first node\'s incoming side only', () => {
    expect(resolveLoss({ pairs: [['n1', 'n2']] }, nodes, Rng.fromSeed(1)).grudge).toEqual({ n1: ['n2'], n2: ['n1'], n3: [] });
    expect(resolveLoss({ pairs: [['n2', 'n1']], asymmetric: true }, nodes, Rng.fromSeed(1)).grudge).toEqual({ n1: [], n2: ['n1'], n3: [] });
    expect(resolveLoss({ targets: ['n3'], asymmetric: true }, nodes, Rng.fromSeed(1)).grudge).toEqual({ n1: [], n2: [], n3: ['n1', 'n2'] });
  });

  it('symmetric unless asked, never a self-link, and only target links (property)', () => {
    const kinds = fc.constantFrom('one', 'minority', 'majority', 'minority-third', 'all');
    fc.assert(fc.property(fc.integer({ min: 1, max: 9 }), kinds, fc.integer(), (n, targets, seed) => {
      const ns = names(n);
      const { grudge, nodes: chosen } = resolveLoss({ targets, seed }, ns, Rng.fromSeed(seed));
      expect(isSymmetric(grudge)).toBe(true);
      for (const a of ns) {
        expect(grudge[a]).not.toContain(a);
        for (const b of grudge[a]) expect(chosen.includes(a) || chosen.includes(b)).toBe(true);
      }
    }));
  });

  it('quotes bad values', () => {
    expect(() => resolveLoss({ probability: 0 }, nodes, Rng.fromSeed(1))).toThrow(/loss probability must be a number in \(0, 1\], got 0/);
    expect(() => probabilityOf({ probability: '0.5' })).toThrow(/got "0.5"/);
    expect(() => resolveLoss({ pairs: [['n1', 'n9']] }, nodes, Rng.fromSeed(1))).toThrow(/unknown node "n9"/);
    expect(() => resolveLoss({ pairs: [['n1', 'n1']] }, nodes, Rng.fromSeed(1))).toThrow(/to itself/);
    expect(() => resolveLoss({ pairs: [['n1', 'n2']], targets: 'all' }, nodes, Rng.fromSeed(1))).toThrow(/not both/);
    expect(() => resolveLoss({ targets: 'some' }, nodes, Rng.fromSeed(1))).toThrow(/unknown loss targets "some"/);
    expect(() => resolveLoss('all', nodes, Rng.fromSeed(1))).toThrow(/needs an object/);
  });
});

describe('lossFromScript', () => {
  it('a statistic DROP per source in faultline\'s own chain, quoted', () => {
    const s = lossFromScript(LOSS_CHAIN, ['10.0.0.1', 'a b'], 0.25).script;
    expect(s).toContain('iptables -w -I INPUT 1 -j FAULTLINE-LOSS');
    expect(s).toContain('iptables -w -F FAULTLINE-LOSS');
    expect(s).toContain('iptables -w -A FAULTLINE-LOSS -s 10.0.0.1 -m statistic --mode random --probability 0.25 -j DROP');
    expect(s).toContain("-s 'a b' -m statistic");
    expect(() => lossFromScript(LOSS_CHAIN, [], 1.5)).toThrow(RangeError);
  });
});

describe('loss nemesis', () => {
  it('applies rules from the peers\' addresses on every node and heals by flushing its chain', async () => {
    const { ctx, scripts } = fakeContext();
    const l = new LossNemesis();
    await l.setup(ctx);
    const r = await l.invoke(ctx, op('start-loss', { pairs: [['n1', 'n2']], probability: 0.5 }));
    expect(r).toEqual({ value: { probability: 0.5, targets: ['n1', 'n2'], loss: { n1: ['n2'], n2: ['n1'], n3: [] } } });
    expect(scripts.get('n1')!.at(-1)).toContain('-s 10.9.0.12 -m statistic --mode random --probability 0.5 -j DROP');
    expect(scripts.get('n3')!.at(-1)).not.toContain('-m statistic');
    expect(await l.invoke(ctx, op('stop-loss'))).toEqual({ value: { healed: nodes } });
    expect(scripts.get('n2')!.at(-1)).toContain('iptables -w -F FAULTLINE-LOSS');
    await l.teardown(ctx);
    expect(scripts.get('n3')!.at(-1)).toContain('iptables -w -X FAULTLINE-LOSS');
    expect((await l.invoke(ctx, op('start-loss', { probability: 2 }))).error).toMatch(/probability/);
  });

  it('primaries targets ask the DB', async () => {
    const { ctx } = fakeContext();
    const db = { name: 'fake', setup: async () => {}, teardown: async () => {}, primaries: async () => ['n3'] } as DB;
    const r = await new LossNemesis(db).invoke(ctx, op('start-loss', { targets: 'primaries' }));
    expect((r.value as { targets: string[] }).targets).toEqual(['n3']);
  });

  it('the package alternates start-loss and stop-loss and ends with stop-loss', () => {
    const pkg = lossPackage({ intervalNs: seconds(5), probability: 0.4 });
    const fs = simulate(phases(timeLimit(seconds(30), pkg.generator), pkg.finalGenerator!), { threads: 0, seed: 3 })
      .filter((o) => o.type === 'invoke');
    expect(fs.map((o) => o.f)).toEqual(['start-loss', 'stop-loss', 'start-loss', 'stop-loss', 'start-loss', 'stop-loss']);
    expect((fs[0].value as { probability: number }).probability).toBe(0.4);
  });
});

describe('primaries on a system that cannot tell', () => {
  it('fails the op with a clear message', async () => {
    const { ctx } = fakeContext();
    const plain = { name: 'plain', setup: async () => {}, teardown: async () => {} } as DB;
    expect((await new LossNemesis(plain).invoke(ctx, op('start-loss', { targets: 'primaries' }))).error).toBe('targets "primaries" need a system that can say which nodes lead; plain cannot');
  });
});

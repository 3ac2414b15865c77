/**
 * Nemeses without containers: a fake cluster records the commands, a fake DB records kills,
 * starts, pauses and resumes. Schedules are checked with the generator simulator.
 */
import { describe, expect, it } from 'vitest';
import { recordingContext } from '../support/fake-cluster.js';
import { simulate, seconds, timeLimit, phases } from '../../core/generator/index.js';
import type { Op } from '../../core/op.js';
import type { DB, RunContext } from '../../core/plugins.js';
import {
  composeNemeses,
  healOrder,
  dropFromScript,
  flushScript,
  nemesisPackages,
  PARTITION_CHAIN,
  PartitionNemesis,
  removeChainScript,
  resolveGrudge,
} from '../../nemesis/index.js';
import { Rng } from '../../core/generator/index.js';

const nodes = ['n1', 'n2', 'n3'];
const addresses = { n1: '10.9.0.11', n2: '10.9.0.12', n3: '10.9.0.13' };

const fakeContext = (failOn: string[] = []) => recordingContext({ nodes, addresses, seed: 5, failOn });

function fakeDb(calls: string[], leader = 'n2', failStart: string[] = []): DB & { kill: DB['setup']; start: DB['setup']; pause: DB['setup']; resume: DB['setup']; primaries: (c: RunContext) => Promise<string[]> } {
  const rec = (what: string) => async (_c: RunContext, n: string) => {
    if (what === 'start' && failStart.includes(n)) throw new Error('no way');
    calls.push(`${what} ${n}`);
  };
  return {
    name: 'fake', setup: rec('setup'), teardown: rec('teardown'),
    kill: rec('kill'), start: rec('start'), pause: rec('pause'), resume: rec('resume'),
    primaries: async () => [leader],
  };
}

const op = (f: string, value: unknown = null): Op => ({ index: 0, time: 0, process: 'nemesis', type: 'invoke', f, value });

describe('iptables scripts', () => {
  it('only ever touch faultline\'s chain, with quoted pieces', () => {
    const s = dropFromScript(PARTITION_CHAIN, ['10.0.0.1', 'a b']).script;
    expect(s).toContain('iptables -w -I INPUT 1 -j FAULTLINE-PARTITION');
    expect(s).toContain('iptables -w -F FAULTLINE-PARTITION');
    expect(s).toContain('iptables -w -A FAULTLINE-PARTITION -s 10.0.0.1 -j DROP');
    expect(s).toContain("-s 'a b' -j DROP");
    expect(flushScript(PARTITION_CHAIN).script).not.toMatch(/iptables -w -F\s*;|-F INPUT|iptables -F$/m);
    expect(removeChainScript(PARTITION_CHAIN).script).toContain('iptables -w -X FAULTLINE-PARTITION');
  });
});

describe('partition nemesis', () => {
  it('applies a grudge as DROP rules from the peers\' addresses and records it', async () => {
    const { ctx, scripts } = fakeContext();
    const p = new PartitionNemesis();
    await p.setup(ctx);
    const r = await p.invoke(ctx, op('start-partition', { grudge: { n3: ['n1', 'n2'], n1: ['n3'], n2: ['n3'] } }));
    expect(r).toEqual({ value: { shape: 'explicit', partition: { n3: ['n1', 'n2'], n1: ['n3'], n2: ['n3'] } } });
    expect(scripts.get('n3')!.at(-1)).toMatch(/-s 10\.9\.0\.11 -j DROP\n.*-s 10\.9\.0\.12 -j DROP$/);
    expect(scripts.get('n1')!.at(-1)).toMatch(/-s 10\.9\.0\.13 -j DROP$/);
    expect(await p.invoke(ctx, op('stop-partition'))).toEqual({ value: { healed: nodes } });
  });

  it('draws a shape from its seed, the same on every replay', async () => {
    const { ctx } = fakeContext();
    const p = new PartitionNemesis();
    const a = await p.invoke(ctx, op('start-partition', { shape: 'one', seed: 9 }));
    const b = await p.invoke(ctx, op('start-partition', { shape: 'one', seed: 9 }));
    expect(a).toEqual(b);
    expect(resolveGrudge('halves', nodes, Rng.fromSeed(1)).shape).toBe('halves');
  });

  it('reports bad values and unreachable nodes as errors, still acting on the rest', async () => {
    const { ctx, scripts } = fakeContext(['n2']);
    const p = new PartitionNemesis();
    expect((await p.invoke(ctx, op('start-partition', { shape: 'ring' }))).error).toMatch(/unknown partition shape "ring"/);
    expect((await p.invoke(ctx, op('start-partition', { grudge: { n1: ['n9'] } }))).error).toMatch(/unknown node "n9"/);
    const healed = await p.invoke(ctx, op('stop-partition'));
    expect(healed).toEqual({ value: { healed: ['n1', 'n3'] }, error: 'n2: n2 unreachable' });
    expect(scripts.get('n3')!.length).toBe(1);
    await expect(p.teardown(ctx)).rejects.toThrow(/partition teardown failed on n2/);
  });
});

describe('kill and pause nemeses', () => {
  it('kill picks targets (primaries from the DB), start restarts exactly those', async () => {
    const calls: string[] = [];
    const { ctx } = fakeContext();
    const [pkg] = nemesisPackages(['kill'], { intervalS: 1 }, fakeDb(calls));
    await pkg.nemesis.setup(ctx);
    expect(await pkg.nemesis.invoke(ctx, op('kill', { targets: 'primaries' }))).toEqual({ value: { killed: ['n2'] } });
    expect(await pkg.nemesis.invoke(ctx, op('kill', { targets: ['n3'] }))).toEqual({ value: { killed: ['n3'] } });
    expect(await pkg.nemesis.invoke(ctx, op('start'))).toEqual({ value: { started: ['n2', 'n3'] } });
    expect(await pkg.nemesis.invoke(ctx, op('start'))).toEqual({ value: { started: [] } });
    expect(calls).toEqual(['kill n2', 'kill n3', 'start n2', 'start n3']);
    expect((await pkg.nemesis.invoke(ctx, op('kill', { targets: 'most' }))).error).toMatch(/unknown targets "most"/);
  });

  it('a DB\'s own fault targets replace the default kinds and shapes; the run\'s own still win; unknown ones are refused', () => {
    const kinds = (pkgs: ReturnType<typeof nemesisPackages>, f: string) =>
      new Set(simulate(phases(timeLimit(seconds(400), pkgs[0].generator)), { threads: 1, nemesis: true, seed: 3 }).filter((o) => o.f === f && o.type === 'invoke').map((o) => JSON.stringify((o.value as { targets?: unknown; shape?: unknown }).targets ?? (o.value as { shape?: unknown }).shape)));
    const db = { ...fakeDb([]), faultTargets: { kinds: ['primaries', 'one'], shapes: ['primaries'] } };
    expect(kinds(nemesisPackages(['kill'], { intervalS: 1 }, db), 'kill')).toEqual(new Set(['"primaries"', '"one"']));
    expect(kinds(nemesisPackages(['partition'], { intervalS: 1 }, db), 'start-partition')).toEqual(new Set(['"primaries"']));
    expect(kinds(nemesisPackages(['kill'], { intervalS: 1, targets: ['all'] }, db), 'kill')).toEqual(new Set(['"all"']));
    expect(kinds(nemesisPackages(['kill'], { intervalS: 1 }, fakeDb([])), 'kill').size).toBeGreaterThan(3);
    expect(() => nemesisPackages(['kill'], { intervalS: 1 }, { ...fakeDb([]), faultTargets: { kinds: ['most'] } } as DB)).toThrow(/fake: unknown fault target kind "most"/);
  });

  it('kill teardown starts what is still down and names nodes it could not start', async () => {
    const calls: string[] = [];
    const { ctx } = fakeContext();
    const [pkg] = nemesisPackages(['kill'], { intervalS: 1 }, fakeDb(calls, 'n1', ['n3']));
    const r = await pkg.nemesis.invoke(ctx, op('kill', { targets: 'all' }));
    expect(r).toEqual({ value: { killed: nodes } });
    await expect(pkg.nemesis.teardown(ctx)).rejects.toThrow(/n3: no way/);
    expect(calls.filter((c) => c.startsWith('start'))).toEqual(['start n1', 'start n2']);
  });

  it('pause pauses targets; resume and teardown resume every node', async () => {
    const calls: string[] = [];
    const { ctx } = fakeContext();
    const [pkg] = nemesisPackages(['pause'], { intervalS: 1 }, fakeDb(calls));
    await pkg.nemesis.setup(ctx);
    calls.length = 0;
    const r = await pkg.nemesis.invoke(ctx, op('pause', { targets: 'majority', seed: 3 }));
    expect((r.value as { paused: string[] }).paused.length).toBe(2);
    expect(await pkg.nemesis.invoke(ctx, op('resume'))).toEqual({ value: { resumed: nodes } });
    await pkg.nemesis.teardown(ctx);
    expect(calls.filter((c) => c.startsWith('resume')).length).toBe(6);
  });
});

describe('nemesisPackages and composeNemeses', () => {
  const db = fakeDb([]);

  it('rejects unknown, repeated and impossible nemeses with one clear line', () => {
    expect(() => nemesisPackages(['partition', 'clokc'], { intervalS: 5 }, db)).toThrow(/unknown nemesis "clokc" \(known: partition, kill, pause, (.*, )?loss(, .*)?, none\)/);
    expect(() => nemesisPackages(['packet', 'delay'], { intervalS: 5 }, db)).toThrow(/"packet" picks one of delay, reorder, duplicate, corrupt, rate at random; name it alone or name the behaviours \(delay\), not both/);
    expect(() => nemesisPackages(['kill', 'kill'], { intervalS: 5 }, db)).toThrow(/named twice/);
    expect(() => nemesisPackages(['kill'], { intervalS: 0 }, db)).toThrow(/positive number of seconds, got 0/);
    const plain: DB = { name: 'plain', setup: async () => {}, teardown: async () => {} };
    expect(() => nemesisPackages(['kill'], { intervalS: 5 }, plain)).toThrow(/plain cannot/);
    expect(() => nemesisPackages(['pause'], { intervalS: 5 }, plain)).toThrow(/plain cannot/);
    expect(nemesisPackages(['none'], { intervalS: 5 }, plain)).toEqual([]);
  });

  it('alternates each fault with its heal at the interval, spreading packages apart, and heals all at the end', () => {
    const pkg = composeNemeses(nemesisPackages(['partition', 'kill'], { intervalS: 10 }, db));
    expect([...pkg.nemesis.fs].sort()).toEqual(['kill', 'start', 'start-partition', 'stop-partition']);
    const h = simulate(phases(timeLimit(seconds(60), pkg.generator), pkg.finalGenerator), { threads: 0, seed: 42 });
    const inv = h.filter((o) => o.type === 'invoke');
    const at = (f: string): number[] => inv.filter((o) => o.f === f).map((o) => Math.round(o.time / 1e9));
    expect(at('start-partition')).toEqual([10, 30, 50]);
    expect(at('stop-partition')).toEqual([20, 40, 60]); // the last is the final heal
    expect(at('kill')).toEqual([15, 35, 55]);
    expect(at('start')).toEqual([25, 45, 60]);
    expect(inv.slice(-2).map((o) => o.f)).toEqual(['stop-partition', 'start']);
    for (const o of inv.filter((x) => x.f === 'start-partition')) expect(o.value).toMatchObject({ shape: expect.any(String), seed: expect.any(Number) });
    expect(simulate(phases(timeLimit(seconds(60), pkg.generator), pkg.finalGenerator), { threads: 0, seed: 42 })).toEqual(h);
  });

  it('heals the network before restarting processes, whatever order the nemeses were named in', () => {
    const pkg = composeNemeses(nemesisPackages(['kill', 'pause', 'partition'], { intervalS: 10 }, db));
    const finals = simulate(pkg.finalGenerator!, { threads: 0, seed: 1 }).filter((o) => o.type === 'invoke').map((o) => o.f);
    expect(finals).toEqual(['stop-partition', 'resume', 'start']);
    expect(healOrder([{ nemesis: { name: 'kill' } }, { nemesis: { name: 'loss' } }, { nemesis: { name: 'clock' } }, { nemesis: { name: 'partition' } }]).map((p) => p.nemesis.name)).toEqual([
      'loss',
      'partition',
      'clock',
      'kill',
    ]);
  });

  it('routes ops by f, refuses duplicates, and tears every part down even when one fails', async () => {
    const calls: string[] = [];
    const { ctx } = fakeContext(['n1']);
    const pkg = composeNemeses(nemesisPackages(['partition', 'kill'], { intervalS: 1 }, fakeDb(calls)));
    expect(pkg.nemesis.name).toBe('partition+kill');
    expect((await pkg.nemesis.invoke(ctx, op('bogus'))).error).toMatch(/no nemesis handles "bogus"/);
    await pkg.nemesis.invoke(ctx, op('kill', { targets: ['n2'] }));
    await expect(pkg.nemesis.teardown(ctx)).rejects.toThrow(/partition: partition teardown failed on n1/);
    expect(calls).toContain('start n2');
    const twice = nemesisPackages(['partition'], { intervalS: 1 }, db);
    expect(() => composeNemeses([...twice, ...twice])).toThrow(/both handle "start-partition"/);
    expect(composeNemeses([]).nemesis.fs).toEqual([]);
  });
});

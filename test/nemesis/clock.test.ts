/**
 * The clock nemesis without containers: offset scheduling (pure), the time-file text, strobe
 * plans, and what the nemesis writes to which node's time file (a fake cluster records the
 * scripts).
 */
import { describe, expect, it } from 'vitest';
import { recordingContext } from '../support/fake-cluster.js';
import { Rng, seconds, simulate, timeLimit } from '../../core/generator/index.js';
import type { Op } from '../../core/op.js';
import type { DB, HasClock } from '../../core/plugins.js';
import { clockPackage, ClockNemesis, clockTable, faketimeText, MIN_OFFSET_MS, nemesisPackages, randomOffsets, strobeOffset, strobePlan } from '../../nemesis/index.js';

const nodes = ['n1', 'n2', 'n3'];

const fake = () => recordingContext({ nodes, seed: 3 });

const clockDb: DB & HasClock = { name: 'zk', async setup() {}, async teardown() {}, clockFile: (n) => `/clk/${n}` };
const op = (f: string, value?: unknown): Op => ({ index: 0, time: 0, process: 'nemesis', type: 'invoke', f, value });

describe('clock offsets (pure)', () => {
  it('draws one offset per target within ±[1 s, max], both signs, replayable by seed', () => {
    const seen = new Set<number>();
    for (let s = 0; s < 200; s++) {
      const o = randomOffsets(['n1', 'n2'], 120_000, Rng.fromSeed(s));
      expect(Object.keys(o)).toEqual(['n1', 'n2']);
      for (const v of Object.values(o)) {
        expect(Number.isInteger(v)).toBe(true);
        expect(Math.abs(v)).toBeGreaterThanOrEqual(MIN_OFFSET_MS);
        expect(Math.abs(v)).toBeLessThanOrEqual(120_000);
        seen.add(Math.sign(v));
      }
    }
    expect(seen).toEqual(new Set([1, -1]));
    expect(randomOffsets(['n3'], 5_000, Rng.fromSeed(9))).toEqual(randomOffsets(['n3'], 5_000, Rng.fromSeed(9)));
    expect(() => randomOffsets(['n1'], 0, Rng.fromSeed(1))).toThrow(/positive/);
  });

  it('writes libfaketime relative offsets in seconds, signed', () => {
    expect(faketimeText(0)).toBe('+0');
    expect(faketimeText(120_000)).toBe('+120');
    expect(faketimeText(-90_500)).toBe('-90.5');
    expect(faketimeText(1)).toBe('+0.001');
    expect(faketimeText(-3_600_000)).toBe('-3600');
    expect(() => faketimeText(NaN)).toThrow(RangeError);
  });

  it('plans bounded, even strobes that end where they began', () => {
    expect(strobePlan(30_000, 1_000, 5_000)).toEqual({ deltaMs: 30_000, periodMs: 1_000, flips: 4 });
    expect(strobePlan(30_000, 1_000, 100).flips).toBe(2);
    expect(strobePlan(30_000, 1, 1e9).flips).toBe(200);
    const plan = strobePlan(-10_000, 500, 2_000);
    expect([1, 2, 3, 4].map((i) => strobeOffset(5_000, plan, i))).toEqual([-5_000, 5_000, -5_000, 5_000]);
    expect(() => strobePlan(1, 0, 10)).toThrow(/period/);
    expect(clockTable(nodes, new Map([['n2', 7]]))).toEqual({ n1: 0, n2: 7, n3: 0 });
  });
});

describe('ClockNemesis', () => {
  it('bumps the chosen offsets into the targets’ time files (atomically, quoted) and records them; reset writes +0 everywhere', async () => {
    const { ctx, scripts } = fake();
    const n = new ClockNemesis(clockDb);
    await n.setup(ctx);
    expect(scripts.get('n1')).toEqual([`printf '%s\\n' +0 > /clk/n1.next && mv -f /clk/n1.next /clk/n1`]);
    const r = await n.invoke(ctx, op('bump-clock', { targets: ['n2'], offsetsMs: { n2: -90_500 } }));
    expect(r).toEqual({ value: { targets: ['n2'], offsetsMs: { n2: -90_500 }, clock: { n1: 0, n2: -90_500, n3: 0 } } });
    expect(scripts.get('n2')!.at(-1)).toContain(`printf '%s\\n' -90.5 > /clk/n2.next`);
    const random = await n.invoke(ctx, op('bump-clock', { targets: 'all', seed: 4, maxMs: 10_000 }));
    const v = random.value as { offsetsMs: Record<string, number>; clock: Record<string, number> };
    expect(Object.keys(v.offsetsMs)).toEqual(nodes);
    expect(v.clock).toEqual(v.offsetsMs);
    expect((await n.invoke(ctx, op('reset-clock'))).value).toEqual({ clock: { n1: 0, n2: 0, n3: 0 } });
    expect(scripts.get('n3')!.at(-1)).toContain('+0 > /clk/n3.next');
  });

  it('strobes by flipping and ends at the base offset', async () => {
    const { ctx, scripts } = fake();
    const n = new ClockNemesis(clockDb);
    await n.setup(ctx);
    const r = await n.invoke(ctx, op('strobe-clock', { targets: ['n1'], deltaMs: 2_000, periodMs: 5, durationMs: 20 }));
    expect(r.value).toMatchObject({ targets: ['n1'], deltaMs: 2_000, flips: 4, clock: { n1: 0 } });
    expect(scripts.get('n1')!.slice(1).map((s) => s.split(' ')[2])).toEqual(['+2', '+0', '+2', '+0']);
    expect((await n.invoke(ctx, op('bump-clock', { targets: ['nope'] }))).error).toMatch(/not a node/);
  });

  it('schedules fault, reset, … and heals with reset-clock; refused for a DB without a clock file', () => {
    const pkg = clockPackage(clockDb, { intervalNs: seconds(1) });
    const fs = simulate(timeLimit(seconds(10), pkg.generator), { seed: 2, threads: 0 }).filter((o) => o.type === 'invoke').map((o) => o.f);
    expect(fs.length).toBeGreaterThanOrEqual(4);
    expect(fs[0]).toBe('bump-clock');
    const later = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((seed) => simulate(timeLimit(seconds(30), clockPackage(clockDb, { intervalNs: seconds(1) }).generator), { seed, threads: 0 }).filter((o) => o.type === 'invoke').map((o) => o.f));
    expect(later).toContain('strobe-clock');
    fs.forEach((f, i) => expect(i % 2 === 1 ? f === 'reset-clock' : f === 'bump-clock' || f === 'strobe-clock').toBe(true));
    expect(pkg.finalGenerator).toBeDefined();
    const etcdLike: DB = { name: 'etcd', async setup() {}, async teardown() {} };
    expect(() => nemesisPackages(['clock'], { intervalS: 5 }, etcdLike)).toThrow(/nemesis clock: etcd .*clock faults unsupported/);
    expect(nemesisPackages(['clock'], { intervalS: 5 }, clockDb)[0].nemesis.fs).toEqual(['bump-clock', 'strobe-clock', 'reset-clock']);
  });
});

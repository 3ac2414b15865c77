import { describe, expect, it } from 'vitest';
import {
  campaign,
  finalGenerator,
  mix,
  repeat,
  seconds,
  simulate,
  stagger,
  startStop,
  untilOk,
  type Context,
} from '../../../core/generator/index.js';
import { invokes, wellFormed } from './helpers.js';

/** The schedule of a register campaign, as a workload would write it. */
const registerCampaign = () =>
  campaign({
    clients: stagger(
      50,
      mix([
        repeat({ f: 'read' }),
        (ctx: Context) => ({ f: 'write', value: ctx.rng.int(5) }),
        (ctx: Context) => ({ f: 'cas', value: [ctx.rng.int(5), ctx.rng.int(5)] }),
      ]),
    ),
    nemesis: startStop(seconds(10), { f: 'start-partition' }, { f: 'stop-partition' }),
    timeLimitNs: seconds(60),
    final: { heal: { f: 'stop-partition' }, quietNs: seconds(5), reads: { f: 'read' } },
  });

describe('campaign', () => {
  const threads = 4;
  const h = simulate(registerCampaign(), { threads, seed: 42, latencyNs: seconds(0.002) });
  const inv = invokes(h);
  const healIndex = inv.findIndex((o) => o.f === 'stop-partition' && o.time >= seconds(60));
  const main = inv.slice(0, healIndex);
  const finals = inv.slice(healIndex + 1);

  it('runs clients at the rate for the time limit', () => {
    const clientOps = main.filter((o) => o.process !== 'nemesis');
    expect(Math.max(...main.map((o) => o.time))).toBeLessThan(seconds(60));
    expect(Math.abs(clientOps.length / 60 - 50)).toBeLessThan(5);
    expect(new Set(clientOps.map((o) => o.f))).toEqual(new Set(['read', 'write', 'cas']));
    expect(clientOps.every((o) => o.process !== 'nemesis')).toBe(true);
  });

  it('starts and stops the partition every 10 s on the nemesis', () => {
    const faults = main.filter((o) => o.process === 'nemesis').map((o) => [o.f, o.time / 1e9]);
    expect(faults).toEqual([
      ['start-partition', 10],
      ['stop-partition', 20],
      ['start-partition', 30],
      ['stop-partition', 40],
      ['start-partition', 50],
    ]);
  });

  it('then heals, waits, and reads once per client thread', () => {
    expect(healIndex).toBeGreaterThan(0);
    const heal = inv[healIndex];
    const lastMainCompletion = Math.max(...h.filter((o) => o.index < h.indexOf(heal)).map((o) => o.time));
    expect(heal.time).toBe(Math.max(seconds(60), lastMainCompletion));
    expect(finals.map((o) => o.f)).toEqual(['read', 'read', 'read', 'read']);
    expect(new Set(finals.map((o) => o.process))).toEqual(new Set([0, 1, 2, 3]));
    expect(Math.min(...finals.map((o) => o.time))).toBe(heal.time + seconds(0.002) + seconds(5));
    expect(wellFormed(h, threads)).toEqual([]);
  });

  it('replays exactly from the seed', () => {
    expect(simulate(registerCampaign(), { threads, seed: 42, latencyNs: seconds(0.002) })).toEqual(h);
  });

  it('final reads can retry until ok; a test without a nemesis skips the heal', () => {
    let n = 0;
    const f = simulate(finalGenerator({ heal: { f: 'stop-partition' }, reads: untilOk(repeat({ f: 'read' })) }), {
      threads: 2,
      nemesis: false,
      completion: () => (++n % 2 === 1 ? 'fail' : 'ok'),
    });
    expect(invokes(f).map((o) => o.f)).toEqual(['read', 'read', 'read', 'read']);
    expect(f.filter((o) => o.type === 'ok')).toHaveLength(2);
  });

  it('validates its durations', () => {
    expect(() => startStop(-1, { f: 'a' }, { f: 'b' })).toThrow(/got -1/);
    expect(() => campaign({ clients: null, timeLimitNs: Number.NaN })).toThrow(/NaN/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  GeneratorError,
  clients,
  limit,
  millis,
  mix,
  nemesis,
  any,
  repeat,
  seconds,
  simulate,
  stagger,
  startStop,
  timeLimit,
  type Context,
  type GenLike,
} from '../../../core/generator/index.js';
import { invokes, wellFormed } from './helpers.js';

const workload = (): GenLike =>
  any(
    clients(
      stagger(
        200,
        mix([
          repeat({ f: 'read' }),
          (ctx: Context) => ({ f: 'write', value: ctx.rng.int(5) }),
          (ctx: Context) => ({ f: 'cas', value: [ctx.rng.int(5), ctx.rng.int(5)] }),
        ]),
      ),
    ),
    nemesis(startStop(millis(500), { f: 'start-partition' }, { f: 'stop-partition' })),
  );

const opts = (seed: number) => ({
  threads: 5,
  seed,
  latencyNs: (_op: unknown, rng: { int(n: number): number }) => millis(1) + rng.int(millis(30)),
  completion: (_op: unknown, rng: { int(n: number): number }) => (['ok', 'ok', 'fail', 'info'] as const)[rng.int(4)],
});

describe('simulate', () => {
  it('is deterministic: same seed, same history', () => {
    const a = simulate(timeLimit(seconds(3), workload()), opts(1));
    const b = simulate(timeLimit(seconds(3), workload()), opts(1));
    expect(a.length).toBeGreaterThan(500);
    expect(b).toEqual(a);
  });

  it('different seeds give different schedules', () => {
    const a = simulate(timeLimit(seconds(1), workload()), opts(1));
    const b = simulate(timeLimit(seconds(1), workload()), opts(2));
    expect(invokes(b).map((o) => [o.f, o.time, o.process])).not.toEqual(invokes(a).map((o) => [o.f, o.time, o.process]));
  });

  it('produces well-formed histories under random latencies and outcomes', () => {
    const h = simulate(timeLimit(seconds(3), workload()), opts(3));
    expect(wellFormed(h, 5)).toEqual([]);
    expect(h.some((o) => o.type === 'info' && o.process !== 'nemesis')).toBe(true);
    expect(h.some((o) => typeof o.process === 'number' && o.process >= 5)).toBe(true);
  });

  it('uses the completion and latency options', () => {
    const h = simulate(limit(2, repeat({ f: 'read' })), {
      threads: 1,
      nemesis: false,
      latencyNs: 7,
      completion: () => ({ type: 'ok', value: 42 }),
    });
    expect(h.map((o) => [o.type, o.time, o.value])).toEqual([
      ['invoke', 0, null],
      ['ok', 7, 42],
      ['invoke', 7, null],
      ['ok', 14, 42],
    ]);
    const f = simulate({ f: 'read' }, { threads: 1, completion: () => ({ type: 'fail', error: 'timeout' }) });
    expect(f[1]).toMatchObject({ type: 'fail', error: 'timeout', value: null });
  });

  it('completes nemesis ops as info by default', () => {
    const h = simulate(nemesis({ f: 'kill' }), { threads: 1 });
    expect(h[1]).toMatchObject({ type: 'info', process: 'nemesis' });
  });

  it('stops at maxOps or maxTimeNs, letting ops in flight complete', () => {
    const h = simulate(repeat({ f: 'read' }), { threads: 2, maxOps: 5 });
    expect(invokes(h)).toHaveLength(5);
    expect(wellFormed(h, 2)).toEqual([]);
    const t = simulate(stagger(1000, repeat({ f: 'read' })), { threads: 2, maxTimeNs: millis(100) });
    expect(Math.max(...invokes(t).map((o) => o.time))).toBeLessThan(millis(100));
    expect(wellFormed(t, 2)).toEqual([]);
  });

  it('rejects bad latencies', () => {
    expect(() => simulate({ f: 'read' }, { threads: 1, latencyNs: () => -1 })).toThrow(GeneratorError);
  });
});

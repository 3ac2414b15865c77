import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  GeneratorError,
  any,
  clients,
  cycle,
  delay,
  eachThread,
  flipFlop,
  keyed,
  limit,
  map,
  millis,
  mix,
  nemesis,
  onThreads,
  phases,
  repeat,
  reserve,
  seq,
  simulate,
  sleep,
  stagger,
  threadOfProcess,
  timeLimit,
  untilOk,
  isPending,
  type Context,
  type Generator,
  type SimulateOptions,
} from '../../../core/generator/index.js';
import type { Op } from '../../../core/op.js';
import { invokes, wellFormed } from './helpers.js';

/** A description of a generator tree, for fast-check to build and shrink. */
type Recipe =
  | { k: 'op'; f: string }
  | { k: 'ops'; f: string }
  | { k: 'fn' }
  | { k: 'sleep'; ms: number }
  | { k: 'repeat'; g: Recipe }
  | { k: 'limit'; n: number; g: Recipe }
  | { k: 'timeLimit'; ms: number; g: Recipe }
  | { k: 'stagger'; rate: number; g: Recipe }
  | { k: 'delay'; ms: number; g: Recipe }
  | { k: 'cycle'; n: number; g: Recipe }
  | { k: 'eachThread' | 'clients' | 'nemesis' | 'untilOk' | 'map'; g: Recipe }
  | { k: 'onThreads'; ts: number[]; g: Recipe }
  | { k: 'reserve'; n: number; g: Recipe; rest: Recipe }
  | { k: 'keyed'; tpk: number; g: Recipe }
  | { k: 'flipFlop'; a: Recipe; b: Recipe }
  | { k: 'mix' | 'any' | 'seq' | 'phases'; gs: Recipe[] };

const { recipe } = fc.letrec<{ recipe: Recipe; node: Recipe }>((tie) => ({
  recipe: fc.oneof(
    { depthSize: 'medium', withCrossShrink: true },
    { arbitrary: fc.record({ k: fc.constant('op' as const), f: fc.constantFrom('read', 'write', 'cas') }), weight: 2 },
    { arbitrary: fc.record({ k: fc.constant('ops' as const), f: fc.constantFrom('read', 'write', 'cas') }), weight: 3 },
    { arbitrary: fc.constant({ k: 'fn' as const }), weight: 2 },
    { arbitrary: fc.record({ k: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 20 }) }), weight: 1 },
    { arbitrary: tie('node'), weight: 6 },
  ),
  node: fc.oneof(
    fc.record({ k: fc.constant('repeat' as const), g: tie('recipe') }),
    fc.record({ k: fc.constant('limit' as const), n: fc.integer({ min: 0, max: 30 }), g: tie('recipe') }),
    fc.record({ k: fc.constant('timeLimit' as const), ms: fc.integer({ min: 0, max: 200 }), g: tie('recipe') }),
    fc.record({ k: fc.constant('stagger' as const), rate: fc.integer({ min: 10, max: 2000 }), g: tie('recipe') }),
    fc.record({ k: fc.constant('delay' as const), ms: fc.integer({ min: 0, max: 10 }), g: tie('recipe') }),
    fc.record({ k: fc.constant('cycle' as const), n: fc.integer({ min: 0, max: 5 }), g: tie('recipe') }),
    fc.record({ k: fc.constantFrom('eachThread', 'clients', 'nemesis', 'untilOk', 'map'), g: tie('recipe') }),
    fc.record({ k: fc.constant('onThreads' as const), ts: fc.subarray([0, 1, 2, 3]), g: tie('recipe') }),
    fc.record({ k: fc.constant('reserve' as const), n: fc.integer({ min: 0, max: 2 }), g: tie('recipe'), rest: tie('recipe') }),
    fc.record({ k: fc.constant('keyed' as const), tpk: fc.integer({ min: 1, max: 3 }), g: tie('recipe') }),
    fc.record({ k: fc.constant('flipFlop' as const), a: tie('recipe'), b: tie('recipe') }),
    fc.record({ k: fc.constantFrom('mix', 'any', 'seq', 'phases'), gs: fc.array(tie('recipe'), { minLength: 1, maxLength: 3 }) }),
  ),
}));

/**
 * Wraps a generator so that every op and pending it returns is checked against the contract in
 * the context it was asked in: ops are due now or later, on a free thread of that context
 * running that process; a wake time lies in the future.
 */
function audit(g: Generator): Generator {
  return {
    op(ctx: Context) {
      const step = g.op(ctx);
      if (step === null) return null;
      if (isPending(step)) {
        if (step.wakeAt !== undefined && !(step.wakeAt > ctx.time)) throw new Error(`wakeAt ${step.wakeAt} ≤ now ${ctx.time}`);
        return { ...step, gen: audit(step.gen) };
      }
      const { op } = step;
      if (!(op.time >= ctx.time)) throw new Error(`op time ${op.time} < now ${ctx.time}`);
      const t = threadOfProcess(ctx, op.process);
      if (!ctx.freeThreads.has(t) || ctx.processes.get(t) !== op.process) throw new Error(`op for process ${String(op.process)} not free here`);
      return { op, gen: audit(step.gen) };
    },
    update: (ctx, event) => audit(g.update(ctx, event)),
  };
}

function build(r: Recipe): Generator {
  return audit(buildRaw(r));
}

function buildRaw(r: Recipe): Generator {
  switch (r.k) {
    case 'op':
      return seq({ f: r.f, value: 1 });
    case 'ops':
      return repeat({ f: r.f, value: 2 });
    case 'fn':
      return limit(1000, repeat((ctx: Context) => ({ f: 'write', value: ctx.rng.int(10) })));
    case 'sleep':
      return sleep(millis(r.ms));
    case 'repeat':
      return repeat(build(r.g));
    case 'limit':
      return limit(r.n, build(r.g));
    case 'timeLimit':
      return timeLimit(millis(r.ms), build(r.g));
    case 'stagger':
      return stagger(r.rate, build(r.g));
    case 'delay':
      return delay(millis(r.ms), build(r.g));
    case 'cycle':
      return cycle(build(r.g), r.n);
    case 'eachThread':
      return eachThread(build(r.g));
    case 'clients':
      return clients(build(r.g));
    case 'nemesis':
      return nemesis(build(r.g));
    case 'untilOk':
      return untilOk(build(r.g));
    case 'map':
      return map((op) => ({ ...op, value: [op.value] }), build(r.g));
    case 'onThreads':
      return onThreads(r.ts, build(r.g));
    case 'reserve':
      return reserve([[r.n, build(r.g)]], build(r.rest));
    case 'keyed':
      return keyed({ threadsPerKey: r.tpk, keys: [0, 1, 2, 3] }, () => build(r.g));
    case 'flipFlop':
      return flipFlop(build(r.a), build(r.b));
    case 'mix':
      return mix(r.gs.map(build));
    case 'any':
      return any(...r.gs.map(build));
    case 'seq':
      return seq(...r.gs.map(build));
    case 'phases':
      return phases(...r.gs.map(build));
  }
}

const simOpts = (seed: number, threads: number): SimulateOptions => ({
  threads,
  seed,
  maxOps: 200,
  latencyNs: (_op, rng) => rng.int(millis(5)),
  completion: (_op, rng) => (['ok', 'ok', 'fail', 'info'] as const)[rng.int(4)],
});

/** Simulates a bounded version; `undefined` when the tree asks a reserve for more threads than it has. */
function sim(gen: Generator, seed: number, threads: number): Op[] | undefined {
  try {
    return simulate(gen, simOpts(seed, threads));
  } catch (err) {
    if (err instanceof GeneratorError && /reserve: asked for/.test(err.message)) return undefined;
    throw err;
  }
}

const bounded = (r: Recipe): Generator => limit(150, timeLimit(millis(500), build(r)));
const seedArb = fc.integer({ min: 0, max: 2 ** 31 });
const threadsArb = fc.integer({ min: 1, max: 5 });
const runs = { numRuns: Number(process.env.GEN_PROPERTY_RUNS ?? 150) };

describe('generator properties', () => {
  it('the random trees mostly make ops (the properties are not vacuous)', () => {
    const counts = fc
      .sample(fc.tuple(recipe, seedArb, threadsArb), { numRuns: 300, seed: 1 })
      .map(([r, seed, threads]) => invokes(sim(bounded(r), seed, threads) ?? []).length)
      .sort((a, b) => a - b);
    expect(counts.filter((c) => c === 0).length / counts.length).toBeLessThan(0.35);
    expect(counts[counts.length >> 1]).toBeGreaterThan(10);
  });

  it('every generator tree keeps the contract and yields a well-formed history', () => {
    fc.assert(
      fc.property(recipe, seedArb, threadsArb, (r, seed, threads) => {
        const h = sim(bounded(r), seed, threads);
        if (h !== undefined) expect(wellFormed(h, threads)).toEqual([]);
      }),
      runs,
    );
  });

  it('the same seed replays the same history', () => {
    fc.assert(
      fc.property(recipe, seedArb, threadsArb, (r, seed, threads) => {
        expect(sim(bounded(r), seed, threads)).toEqual(sim(bounded(r), seed, threads));
      }),
      runs,
    );
  });

  it('limit(n, g) never yields more than n ops', () => {
    fc.assert(
      fc.property(recipe, fc.integer({ min: 0, max: 20 }), seedArb, threadsArb, (r, n, seed, threads) => {
        const h = sim(limit(n, timeLimit(millis(500), build(r))), seed, threads);
        if (h !== undefined) expect(invokes(h).length).toBeLessThanOrEqual(n);
      }),
      runs,
    );
  });

  it('timeLimit(t, g) never yields an op at or past t', () => {
    fc.assert(
      fc.property(recipe, fc.integer({ min: 0, max: 100 }), seedArb, threadsArb, (r, ms, seed, threads) => {
        const h = sim(limit(150, timeLimit(millis(ms), build(r))), seed, threads);
        if (h !== undefined) for (const o of invokes(h)) expect(o.time).toBeLessThan(millis(ms));
      }),
      runs,
    );
  });

  it('clients(g) never uses the nemesis and nemesis(g) nothing else', () => {
    fc.assert(
      fc.property(recipe, recipe, seedArb, threadsArb, (a, b, seed, threads) => {
        const gen = limit(150, timeLimit(millis(300), any(map((op) => ({ ...op, f: 'c' }), clients(build(a))), map((op) => ({ ...op, f: 'n' }), nemesis(build(b))))));
        const h = sim(gen, seed, threads);
        if (h === undefined) return;
        for (const o of invokes(h)) expect(o.f === 'n').toBe(o.process === 'nemesis');
      }),
      runs,
    );
  });
});

/**
 * Spacing ops out in time: {@link stagger} (random gaps with a given mean rate) and
 * {@link delay} (a fixed gap). Both hold each op back until the previous op's time plus a gap
 * (the inner generator is not asked before then); the first op is not delayed. When the inner
 * generator is exhausted this is noticed at the next due time. Pure apart from draws on
 * `ctx.rng`.
 */
import type { Context } from './context.js';
import { checkDuration, GeneratorError } from './errors.js';
import { lift, type GenLike } from './lift.js';
import { NS_PER_S } from './time.js';
import { emit, isPending, pending, type GenEvent, type Generator, type Step } from './types.js';

/** Draws the gap after an op, in ns. */
type Gap = (ctx: Context) => number;

class Spaced implements Generator {
  constructor(
    private readonly gap: Gap,
    private readonly gen: Generator,
    /** Earliest time of the next op, ns; undefined before the first. */
    private readonly next: number | undefined,
  ) {}

  op(ctx: Context): Step {
    // Not due yet: the inner generator is not even asked (so nothing it notes is lost).
    if (this.next !== undefined && this.next > ctx.time) return pending(this, this.next);
    const step = this.gen.op(ctx);
    if (step === null) return null;
    if (isPending(step)) return pending(new Spaced(this.gap, step.gen, this.next), step.wakeAt);
    return emit(step.op, new Spaced(this.gap, step.gen, step.op.time + this.gap(ctx)));
  }

  update(ctx: Context, event: GenEvent): Generator {
    const gen = this.gen.update(ctx, event);
    return gen === this.gen ? this : new Spaced(this.gap, gen, this.next);
  }
}

/**
 * Emits `gen`'s ops at random intervals averaging `1 / rate` seconds: each gap is uniform in
 * [0, 2/rate) s (whole ns), so over many ops the rate is `rate` ops/s (fewer if threads are all busy).
 * The rate is for the whole generator, across all threads; wrap in `eachThread` for a rate per
 * thread. Pure apart from one draw per op.
 *
 * @param rate ops per second, > 0.
 * @example stagger(100, mix([reads, writes])) // ~100 ops/s in total
 */
export function stagger(rate: number, gen: GenLike): Generator {
  if (!(Number.isFinite(rate) && rate > 0)) throw new GeneratorError(`stagger: rate must be a positive number of ops/s, got ${String(rate)}`);
  const twiceMean = (2 * NS_PER_S) / rate;
  return new Spaced((ctx) => Math.floor(ctx.rng.float() * twiceMean), lift(gen), undefined);
}

/**
 * Emits `gen`'s ops at least `intervalNs` apart (op i at the earliest at op 0's time + i ×
 * interval, later if threads were busy). Pure.
 *
 * @param intervalNs the gap in ns, ≥ 0.
 * @example delay(seconds(10), cycle([{ f: 'start' }, { f: 'stop' }]))
 */
export function delay(intervalNs: number, gen: GenLike): Generator {
  checkDuration('delay: interval', intervalNs);
  return new Spaced(() => intervalNs, lift(gen), undefined);
}

/** Bounding a generator by a number of ops. Pure. */
import type { Context } from './context.js';
import { checkCount } from './errors.js';
import { lift, type GenLike } from './lift.js';
import { emit, isPending, pending, type GenEvent, type Generator, type Step } from './types.js';

class Limit implements Generator {
  constructor(
    private readonly remaining: number,
    private readonly gen: Generator,
  ) {}
  op(ctx: Context): Step {
    if (this.remaining <= 0) return null;
    const step = this.gen.op(ctx);
    if (step === null) return null;
    if (isPending(step)) return pending(new Limit(this.remaining, step.gen), step.wakeAt);
    return emit(step.op, new Limit(this.remaining - 1, step.gen));
  }
  update(ctx: Context, event: GenEvent): Generator {
    if (this.remaining <= 0) return this;
    const gen = this.gen.update(ctx, event);
    return gen === this.gen ? this : new Limit(this.remaining, gen);
  }
}

/**
 * At most `n` ops from `gen`, then exhausted.
 *
 * @param n a non-negative integer.
 * @example limit(100, repeat({ f: 'read' }))
 */
export function limit(n: number, gen: GenLike): Generator {
  checkCount('limit: n', n);
  return new Limit(n, lift(gen));
}

/** Exactly-once version of `gen`: its first op only (`limit(1, gen)`). */
export function first(gen: GenLike): Generator {
  return limit(1, gen);
}

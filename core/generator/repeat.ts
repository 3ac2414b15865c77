/**
 * Doing it again: {@link repeat} re-asks the same generator for every op (so a literal op
 * becomes an endless stream), {@link cycle} runs a generator to exhaustion and starts it
 * over. Pure.
 */
import type { Context } from './context.js';
import { checkCount } from './errors.js';
import { lift, type GenLike } from './lift.js';
import { emit, isPending, mapStep, pending, type GenEvent, type Generator, type Step } from './types.js';

class Repeat implements Generator {
  constructor(
    private readonly gen: Generator,
    private readonly remaining: number,
  ) {}
  op(ctx: Context): Step {
    if (this.remaining <= 0) return null;
    const step = this.gen.op(ctx);
    if (step === null) return null;
    if (isPending(step)) return pending(new Repeat(step.gen, this.remaining), step.wakeAt);
    return emit(step.op, new Repeat(this.gen, this.remaining - 1));
  }
  update(ctx: Context, event: GenEvent): Generator {
    const gen = this.gen.update(ctx, event);
    return gen === this.gen ? this : new Repeat(gen, this.remaining);
  }
}

/**
 * Emits `gen`'s first op over and over, `times` times (default: forever): after each op it
 * asks the same, unadvanced generator again. With a random generator each op is drawn afresh.
 *
 * @example repeat({ f: 'read' })            // reads forever
 * @example repeat({ f: 'read' }, 3)         // three reads
 */
export function repeat(gen: GenLike, times = Infinity): Generator {
  checkCount('repeat: times', times, true);
  return new Repeat(lift(gen), times);
}

class Cycle implements Generator {
  constructor(
    private readonly original: Generator,
    private readonly current: Generator,
    /** Passes left, counting the current one. */
    private readonly passes: number,
  ) {}
  op(ctx: Context): Step {
    let current = this.current;
    let passes = this.passes;
    let fresh = false;
    for (;;) {
      const step = current.op(ctx);
      if (step !== null) return mapStep(step, (g) => new Cycle(this.original, g, passes));
      if (fresh || passes <= 1) return null; // an empty pass would loop forever
      current = this.original;
      passes--;
      fresh = true;
    }
  }
  update(ctx: Context, event: GenEvent): Generator {
    const current = this.current.update(ctx, event);
    return current === this.current ? this : new Cycle(this.original, current, this.passes);
  }
}

/**
 * Runs `gen` to exhaustion, then again from its start, `times` passes in all (default:
 * forever). Ends if a fresh pass emits nothing.
 *
 * @example cycle([sleep(seconds(10)), { f: 'start-partition' }, sleep(seconds(10)), { f: 'stop-partition' }])
 */
export function cycle(gen: GenLike, times = Infinity): Generator {
  checkCount('cycle: times', times, true);
  const g = lift(gen);
  return times === 0 ? lift(null) : new Cycle(g, g, times);
}

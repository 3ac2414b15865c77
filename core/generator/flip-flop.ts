/** Alternating between two generators. Pure. */
import type { Context } from './context.js';
import { lift, type GenLike } from './lift.js';
import { emit, isPending, pending, type GenEvent, type Generator, type Step } from './types.js';

class FlipFlop implements Generator {
  constructor(
    private readonly gens: readonly [Generator, Generator],
    private readonly turn: 0 | 1,
  ) {}
  private with(g: Generator, turn: 0 | 1): FlipFlop {
    const gens: [Generator, Generator] = this.turn === 0 ? [g, this.gens[1]] : [this.gens[0], g];
    return new FlipFlop(gens, turn);
  }
  op(ctx: Context): Step {
    const step = this.gens[this.turn].op(ctx);
    if (step === null) return null;
    if (isPending(step)) return pending(this.with(step.gen, this.turn), step.wakeAt);
    return emit(step.op, this.with(step.gen, this.turn === 0 ? 1 : 0));
  }
  update(ctx: Context, event: GenEvent): Generator {
    const a = this.gens[0].update(ctx, event);
    const b = this.gens[1].update(ctx, event);
    return a === this.gens[0] && b === this.gens[1] ? this : new FlipFlop([a, b], this.turn);
  }
}

/**
 * Alternates: an op from `a`, then one from `b`, then `a`, …; exhausted as soon as the one
 * whose turn it is is exhausted. Both receive every update.
 *
 * @example delay(seconds(10), flipFlop(repeat({ f: 'start-partition' }), repeat({ f: 'stop-partition' })))
 */
export function flipFlop(a: GenLike, b: GenLike): Generator {
  return new FlipFlop([lift(a), lift(b)], 0);
}

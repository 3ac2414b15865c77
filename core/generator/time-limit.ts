/** Bounding a generator by time. Pure. */
import type { Context } from './context.js';
import { checkDuration } from './errors.js';
import { lift, type GenLike } from './lift.js';
import { earliest, emit, isPending, pending, type GenEvent, type Generator, type Step } from './types.js';

class TimeLimit implements Generator {
  constructor(
    private readonly durationNs: number,
    private readonly gen: Generator,
    private readonly deadline: number | undefined,
  ) {}
  op(ctx: Context): Step {
    const deadline = this.deadline ?? ctx.time + this.durationNs;
    if (ctx.time >= deadline) return null;
    const step = this.gen.op(ctx);
    if (step === null) return null;
    if (isPending(step)) return pending(new TimeLimit(this.durationNs, step.gen, deadline), earliest(step.wakeAt, deadline));
    // An op due at or past the deadline is not emitted; wake at the deadline and end there.
    if (step.op.time >= deadline) return pending(this.deadline === undefined ? new TimeLimit(this.durationNs, this.gen, deadline) : this, deadline);
    return emit(step.op, new TimeLimit(this.durationNs, step.gen, deadline));
  }
  update(ctx: Context, event: GenEvent): Generator {
    const gen = this.gen.update(ctx, event);
    return gen === this.gen ? this : new TimeLimit(this.durationNs, gen, this.deadline);
  }
}

/**
 * `gen`'s ops for `durationNs` ns counted from the first time it is asked: every op it emits
 * is due strictly before that deadline, and it is exhausted at the deadline (it asks to be
 * woken then, so it ends on time even when nothing else happens).
 *
 * @example timeLimit(seconds(60), clients(stagger(100, ops)))
 */
export function timeLimit(durationNs: number, gen: GenLike): Generator {
  checkDuration('timeLimit: duration', durationNs);
  return new TimeLimit(durationNs, lift(gen), undefined);
}

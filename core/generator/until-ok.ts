/** Retrying until success. Pure. */
import type { ProcessId } from '../op.js';
import type { Context } from './context.js';
import { lift, type GenLike } from './lift.js';
import { emit, isPending, pending, type GenEvent, type Generator, type Step } from './types.js';

class UntilOk implements Generator {
  constructor(
    private readonly gen: Generator,
    /** Processes running an op this generator emitted. */
    private readonly mine: ReadonlySet<ProcessId>,
    private readonly done: boolean,
  ) {}
  op(ctx: Context): Step {
    if (this.done) return null;
    const step = this.gen.op(ctx);
    if (step === null) return null;
    if (isPending(step)) return pending(new UntilOk(step.gen, this.mine, false), step.wakeAt);
    return emit(step.op, new UntilOk(step.gen, new Set(this.mine).add(step.op.process), false));
  }
  update(ctx: Context, event: GenEvent): Generator {
    if (this.done) return this;
    const gen = this.gen.update(ctx, event);
    if (event.type === 'invoke' || !this.mine.has(event.process)) {
      return gen === this.gen ? this : new UntilOk(gen, this.mine, false);
    }
    const mine = new Set(this.mine);
    mine.delete(event.process);
    return new UntilOk(gen, mine, event.type === 'ok');
  }
}

/**
 * `gen`'s ops until one of them completes `ok`; then exhausted (ops of it still in flight
 * complete normally). `fail` and `info` completions make it go on. Usually wraps an endless
 * generator, e.g. `repeat`.
 *
 * @example clients(eachThread(untilOk(repeat({ f: 'read' })))) // every thread reads until one read succeeds
 */
export function untilOk(gen: GenLike): Generator {
  return new UntilOk(lift(gen), new Set(), false);
}

/** A separate copy of a generator for every thread. Pure. */
import { onlyThread, ownsProcess, threadOfProcess, threadsOf, type Context, type Thread } from './context.js';
import { lift, type GenLike } from './lift.js';
import { askAll } from './soonest.js';
import { emit, pending, type GenEvent, type Generator, type Step } from './types.js';

class EachThread implements Generator {
  constructor(
    private readonly original: Generator,
    /** Each thread's copy once it has diverged from the original; `null` when exhausted. */
    private readonly copies: ReadonlyMap<Thread, Generator | null>,
  ) {}

  private copyOf(t: Thread): Generator | null {
    const c = this.copies.get(t);
    return c === undefined ? this.original : c;
  }

  op(ctx: Context): Step {
    const threads = threadsOf(ctx);
    const asked = askAll(
      threads.map((t) => this.copyOf(t)),
      ctx.time,
      (i) => onlyThread(ctx, threads[i]),
    );
    const copies = new Map(this.copies);
    threads.forEach((t, i) => copies.set(t, asked.next[i]));
    const next = new EachThread(this.original, copies);
    if (asked.emit !== undefined) return emit(asked.emit.op, next);
    if (!asked.alive) return null;
    return pending(next, asked.wakeAt);
  }

  update(ctx: Context, event: GenEvent): Generator {
    if (!ownsProcess(ctx, event.process)) return this;
    const t = threadOfProcess(ctx, event.process);
    const g = this.copyOf(t);
    if (g === null) return this;
    const u = g.update(onlyThread(ctx, t), event);
    if (u === g && this.copies.has(t)) return this;
    return new EachThread(this.original, new Map(this.copies).set(t, u));
  }
}

/**
 * A fresh copy of `gen` for each thread of the context, each seeing only its own thread and
 * its events; the soonest op among them goes next (ties: lowest thread). Exhausted when every
 * copy is.
 *
 * @example clients(eachThread({ f: 'read' })) // one read per client thread
 */
export function eachThread(gen: GenLike): Generator {
  return new EachThread(lift(gen), new Map());
}

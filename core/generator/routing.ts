/**
 * Routing ops to threads: {@link onThreads} narrows a generator's context to some threads, so
 * its ops go only to them and it sees only their events; {@link clients} and
 * {@link nemesis} are the two common cases. Pure.
 */
import { ownsProcess, restrict, threadOfProcess, type Context, type Thread } from './context.js';
import { lift, type GenLike } from './lift.js';
import { mapStep, type GenEvent, type Generator, type Step } from './types.js';

/** Which threads: a predicate, or a list of threads. */
export type ThreadSelector = ((thread: Thread) => boolean) | readonly Thread[];

class OnThreads implements Generator {
  constructor(
    private readonly keep: (thread: Thread) => boolean,
    private readonly gen: Generator,
  ) {}
  op(ctx: Context): Step {
    const sub = restrict(ctx, this.keep);
    if (sub.processes.size === 0) return null;
    return mapStep(this.gen.op(sub), (g) => new OnThreads(this.keep, g));
  }
  update(ctx: Context, event: GenEvent): Generator {
    if (!ownsProcess(ctx, event.process) || !this.keep(threadOfProcess(ctx, event.process))) return this;
    const gen = this.gen.update(restrict(ctx, this.keep), event);
    return gen === this.gen ? this : new OnThreads(this.keep, gen);
  }
}

/**
 * `gen` restricted to the selected threads: its ops go only to them, phases inside it wait
 * only for them, and it receives only their events. With no selected thread in the context it
 * is exhausted (so `nemesis(...)` in a test without a nemesis thread is skipped).
 *
 * @example onThreads([0, 1], repeat({ f: 'read' }))
 */
export function onThreads(threads: ThreadSelector, gen: GenLike): Generator {
  const keep = typeof threads === 'function' ? threads : toPredicate(threads);
  return new OnThreads(keep, lift(gen));
}

function toPredicate(threads: readonly Thread[]): (t: Thread) => boolean {
  const set = new Set(threads);
  return (t) => set.has(t);
}

const isClient = (t: Thread): boolean => t !== 'nemesis';
const isNemesis = (t: Thread): boolean => t === 'nemesis';

/** `gen` on client threads only. */
export function clients(gen: GenLike): Generator {
  return onThreads(isClient, gen);
}

/** `gen` on the nemesis thread only. */
export function nemesis(gen: GenLike): Generator {
  return onThreads(isNemesis, gen);
}

/**
 * Running generators one after another with a barrier in between: each phase starts only
 * when every thread of its context is free (the previous phase's ops have all completed). Pure.
 */
import { allFree, type Context } from './context.js';
import { lift, seq, type GenLike } from './lift.js';
import { pending, type GenEvent, type Generator, type Step } from './types.js';

class Synchronize implements Generator {
  constructor(private readonly gen: Generator) {}
  op(ctx: Context): Step {
    return allFree(ctx) ? this.gen.op(ctx) : pending(this);
  }
  update(ctx: Context, event: GenEvent): Generator {
    const gen = this.gen.update(ctx, event);
    return gen === this.gen ? this : new Synchronize(gen);
  }
}

/**
 * Pending until every thread of the context is free, then behaves as `gen` (the barrier is
 * passed once).
 */
export function synchronize(gen: GenLike): Generator {
  return new Synchronize(lift(gen));
}

/**
 * Runs the phases in order; each after the previous is exhausted and all threads of the
 * context are free. Inside `clients(...)` only client threads are waited for.
 *
 * @example phases(mainPhase, nemesis({ f: 'stop-partition' }), clients(eachThread({ f: 'read' })))
 */
export function phases(...gens: readonly GenLike[]): Generator {
  return seq(...gens.map((g, i) => (i === 0 ? lift(g) : synchronize(g))));
}

/**
 * `a`, then (after all threads are free) `b`: `phases(a, b)`. (Not named `then`: a module
 * exporting `then` is a thenable, and `await import(...)` of it never resolves.)
 */
export function andThen(a: GenLike, b: GenLike): Generator {
  return phases(a, b);
}

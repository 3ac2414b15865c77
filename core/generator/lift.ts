/**
 * Anything a combinator accepts as a generator ({@link GenLike}) and how it becomes one:
 * a generator is itself; an op literal is emitted once; a function makes ops until it returns
 * `null`; an array runs its elements one after another (no waiting in between, unlike
 * `phases`); `null`/`undefined` is the empty generator. Pure.
 */
import { GeneratorError } from './errors.js';
import { empty, fromFn, once, type OpFn } from './leaf.js';
import { isGenerator, mapStep, type GenEvent, type Generator, type OpSpec, type Step } from './types.js';
import type { Context } from './context.js';

/** A generator, an op literal, an op function, an array of these (in sequence), or nothing. */
export type GenLike = Generator | OpSpec | OpFn | readonly GenLike[] | null | undefined;

/** `x` as a {@link Generator}; throws a {@link GeneratorError} quoting anything else. Pure. */
export function lift(x: GenLike): Generator {
  if (x === null || x === undefined) return empty;
  if (isGenerator(x)) return x;
  if (typeof x === 'function') return fromFn(x);
  if (Array.isArray(x)) return seq(...(x as readonly GenLike[]));
  if (typeof x === 'object' && typeof (x as { f?: unknown }).f === 'string') return once(x as OpSpec);
  throw new GeneratorError(`not a generator, op literal, function or array: ${describe(x)}`);
}

function describe(x: unknown): string {
  try {
    const s = JSON.stringify(x);
    return s === undefined ? String(x) : s.length > 80 ? `${s.slice(0, 80)}…` : s;
  } catch {
    return String(x);
  }
}

class Seq implements Generator {
  constructor(
    private readonly head: Generator,
    private readonly rest: readonly Generator[],
    private readonly next: number,
  ) {}
  op(ctx: Context): Step {
    let head = this.head;
    let next = this.next;
    for (;;) {
      const step = head.op(ctx);
      if (step !== null) return mapStep(step, (g) => new Seq(g, this.rest, next));
      if (next >= this.rest.length) return null;
      head = this.rest[next++];
    }
  }
  update(ctx: Context, event: GenEvent): Generator {
    const head = this.head.update(ctx, event);
    return head === this.head ? this : new Seq(head, this.rest, this.next);
  }
}

/**
 * Runs the generators one after another: when one is exhausted, the next is asked at once
 * (threads still busy with the previous one's ops are not waited for; use `phases` for that).
 * Only the current one receives updates. Pure.
 */
export function seq(...xs: readonly GenLike[]): Generator {
  const gens = xs.map(lift);
  if (gens.length === 0) return empty;
  if (gens.length === 1) return gens[0];
  return new Seq(gens[0], gens.slice(1), 0);
}

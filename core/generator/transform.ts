/** Rewriting and dropping a generator's ops. Pure. */
import type { Context } from './context.js';
import { GeneratorError } from './errors.js';
import { lift, type GenLike } from './lift.js';
import { emit, isPending, mapStep, pending, type GenEvent, type Generator, type OpTemplate, type Step } from './types.js';

/** Rewrites an emitted op. Must keep `process` and must not make `time` earlier than now. */
export type OpMapper = (op: OpTemplate, ctx: Context) => OpTemplate;

class MapGen implements Generator {
  constructor(
    private readonly fn: OpMapper,
    private readonly gen: Generator,
  ) {}
  op(ctx: Context): Step {
    const step = this.gen.op(ctx);
    if (step === null || isPending(step)) return mapStep(step, (g) => new MapGen(this.fn, g));
    return emit(this.fn(step.op, ctx), new MapGen(this.fn, step.gen));
  }
  update(ctx: Context, event: GenEvent): Generator {
    const gen = this.gen.update(ctx, event);
    return gen === this.gen ? this : new MapGen(this.fn, gen);
  }
}

/**
 * `gen` with every op rewritten by `fn` (which may draw from `ctx.rng`).
 *
 * @example map((op) => ({ ...op, key: 'k1' }), ops)
 */
export function map(fn: OpMapper, gen: GenLike): Generator {
  return new MapGen(fn, lift(gen));
}

/** At most this many ops in a row may be dropped by one {@link filter} call. */
export const FILTER_MAX_SKIPS = 10_000;

class Filter implements Generator {
  constructor(
    private readonly keep: (op: OpTemplate) => boolean,
    private readonly gen: Generator,
  ) {}
  op(ctx: Context): Step {
    let gen = this.gen;
    for (let skipped = 0; skipped <= FILTER_MAX_SKIPS; skipped++) {
      const step = gen.op(ctx);
      if (step === null) return null;
      if (isPending(step)) return pending(new Filter(this.keep, step.gen), step.wakeAt);
      if (this.keep(step.op)) return emit(step.op, new Filter(this.keep, step.gen));
      gen = step.gen;
    }
    throw new GeneratorError(`filter: dropped ${FILTER_MAX_SKIPS} ops in a row; the predicate matches nothing this generator makes`);
  }
  update(ctx: Context, event: GenEvent): Generator {
    const gen = this.gen.update(ctx, event);
    return gen === this.gen ? this : new Filter(this.keep, gen);
  }
}

/**
 * `gen` without the ops `keep` rejects: a rejected op is dropped and `gen` (advanced past it)
 * is asked again. Throws a {@link GeneratorError} after {@link FILTER_MAX_SKIPS} rejections in
 * a row.
 *
 * @example filter((op) => op.f !== 'cas', ops)
 */
export function filter(keep: (op: OpTemplate) => boolean, gen: GenLike): Generator {
  return new Filter(keep, lift(gen));
}

/**
 * Leaf generators, the ones that make ops: a single op literal ({@link once}), a function
 * called for each op ({@link fromFn}), and the empty generator. They fill in what an op
 * literal leaves out: the process (a random free thread of the context) and the time (now).
 */
import { freeThreadList, someFree, threadOfProcess, type Context } from './context.js';
import { emit, pending, type GenEvent, type Generator, type OpSpec, type OpTemplate, type Step } from './types.js';

/**
 * Completes an op literal for the context: `process` = the given one if its thread is free
 * here, else a uniformly random free thread's process (one draw on `ctx.rng` when more than one
 * is free); `time` = max(given, now); `value` = `null` when absent. Returns `undefined` when no
 * suitable thread is free. Pure apart from the draw.
 */
export function fillIn(spec: OpSpec, ctx: Context): OpTemplate | undefined {
  let process = spec.process;
  if (process !== undefined) {
    if (process !== 'nemesis' && ctx.clientThreads === 0) return undefined;
    const t = threadOfProcess(ctx, process);
    if (!ctx.freeThreads.has(t) || ctx.processes.get(t) !== process) return undefined;
  } else {
    const free = freeThreadList(ctx);
    if (free.length === 0) return undefined;
    const t = free.length === 1 ? free[0] : free[ctx.rng.int(free.length)];
    process = ctx.processes.get(t);
    if (process === undefined) return undefined;
  }
  const time = spec.time === undefined || spec.time < ctx.time ? ctx.time : spec.time;
  const value = spec.value === undefined ? null : spec.value;
  return spec.key === undefined ? { f: spec.f, value, process, time } : { f: spec.f, value, process, time, key: spec.key };
}

class Empty implements Generator {
  op(): Step {
    return null;
  }
  update(): Generator {
    return this;
  }
}

/** The exhausted generator: `op` always returns `null`. */
export const empty: Generator = new Empty();

class Once implements Generator {
  constructor(private readonly spec: OpSpec) {}
  op(ctx: Context): Step {
    const op = fillIn(this.spec, ctx);
    return op === undefined ? pending(this) : emit(op, empty);
  }
  update(): Generator {
    return this;
  }
}

/**
 * Emits `spec` once (filled in, see {@link fillIn}), then is exhausted. Pending while no
 * suitable thread is free. An op literal given to any combinator means the same.
 *
 * @example once({ f: 'read' })
 */
export function once(spec: OpSpec): Generator {
  return new Once(spec);
}

/** A function that makes the next op from the context; `null`/`undefined` = exhausted. */
export type OpFn = (ctx: Context) => OpSpec | null | undefined;

class FromFn implements Generator {
  constructor(private readonly fn: OpFn) {}
  op(ctx: Context): Step {
    if (!someFree(ctx)) return pending(this);
    const spec = this.fn(ctx);
    if (spec === null || spec === undefined) return null;
    const op = fillIn(spec, ctx);
    return op === undefined ? pending(this) : emit(op, this);
  }
  update(_ctx: Context, _event: GenEvent): Generator {
    return this;
  }
}

/**
 * Calls `fn` for every op (only when some thread is free) until it returns `null`. `fn` should
 * draw randomness from `ctx.rng` only, so that schedules replay from the seed.
 *
 * @example fromFn((ctx) => ({ f: 'write', value: ctx.rng.int(5) }))
 */
export function fromFn(fn: OpFn): Generator {
  return new FromFn(fn);
}

/**
 * The generator contract. A generator is an immutable value with two methods:
 *
 * - `op(ctx)` → {@link Emit} `{ op, gen }`: invoke `op` at `op.time` (≥ `ctx.time`) on the
 *   thread running `op.process`, and continue with `gen`; or {@link Pending}
 *   `{ pending: true, gen, wakeAt? }`: nothing now, ask `gen` again after the next event or at
 *   `wakeAt` ns; or `null`: exhausted, for good.
 * - `update(ctx, event)` → the generator after an invocation or completion happened.
 *
 * Both are pure apart from draws on `ctx.rng`. Whoever asks may discard an `Emit` (e.g. a
 * completion arrived before `op.time`) and ask the old generator again; it must then also
 * discard the draws (see `Scheduler`). Leaf generators fill in `process` (a random free
 * thread of the context) and `time` (`ctx.time`) when the op literal leaves them out.
 */
import type { OpType, ProcessId } from '../op.js';
import type { Context } from './context.js';

/** An op as a user writes it: `f` and `value`, optionally a key, a fixed process or a time. */
export interface OpSpec {
  /** The function, e.g. `read`, `write`, `cas`, `start-partition`. */
  readonly f: string;
  /** The input. Default `null`. */
  readonly value?: unknown;
  /** The key, for workloads over independent keys. */
  readonly key?: string | number;
  /** A fixed process; the op waits until that process's thread is free. Default: any free one. */
  readonly process?: ProcessId;
  /** Earliest time in ns. Default: now. */
  readonly time?: number;
}

/** An op a generator emits: everything needed to invoke it. */
export interface OpTemplate {
  /** The function, as in the history. */
  readonly f: string;
  /** The input (`null` when the literal had none). */
  readonly value: unknown;
  /** The process to run it; its thread is free in the context the op was emitted in. */
  readonly process: ProcessId;
  /** When to invoke it, ns since the test started, ≥ the context's time. */
  readonly time: number;
  /** The key, for workloads over independent keys. */
  readonly key?: string | number;
}

/** An invocation or completion, as generators are told about it (a history `Op` fits). */
export interface GenEvent {
  /** `invoke`, or the completion's `ok` / `fail` / `info`. */
  readonly type: OpType;
  readonly f: string;
  /** The input (invocations) or the result (completions). */
  readonly value: unknown;
  /** The process that ran the op (for an `info` completion: the old one). */
  readonly process: ProcessId;
  /** ns since the test started. */
  readonly time: number;
  readonly key?: string | number;
  /** Position in the history, when the event has been recorded. */
  readonly index?: number;
  readonly error?: string;
  readonly node?: string;
}

/** "Invoke `op` at `op.time`, then continue with `gen`." */
export interface Emit {
  readonly op: OpTemplate;
  readonly gen: Generator;
}

/** "Nothing now: ask `gen` again after the next event, or at `wakeAt` ns if given." */
export interface Pending {
  readonly pending: true;
  readonly gen: Generator;
  /** ns since the test started; absent = only an invocation or completion can change things. */
  readonly wakeAt?: number;
}

/** What `op` returns: an op, pending, or `null` when exhausted. */
export type Step = Emit | Pending | null;

/** A pure, immutable schedule of ops; see the module documentation for the contract. */
export interface Generator {
  /** The next op, pending, or `null` when exhausted. May draw from `ctx.rng`. */
  op(ctx: Context): Step;
  /** The generator after `event` (every invocation and completion of the test it can see). */
  update(ctx: Context, event: GenEvent): Generator;
}

/** True when `step` is pending. Pure. */
export function isPending(step: Emit | Pending): step is Pending {
  return 'pending' in step;
}

/** An {@link Emit}. Pure. */
export function emit(op: OpTemplate, gen: Generator): Emit {
  return { op, gen };
}

/** A {@link Pending}, with `wakeAt` only when defined. Pure. */
export function pending(gen: Generator, wakeAt?: number): Pending {
  return wakeAt === undefined ? { pending: true, gen } : { pending: true, gen, wakeAt };
}

/**
 * The same step with its continuation wrapped by `wrap` (op and wakeAt unchanged); `null`
 * stays `null`. Pure.
 */
export function mapStep(step: Step, wrap: (gen: Generator) => Generator): Step {
  if (step === null) return null;
  if (isPending(step)) return pending(wrap(step.gen), step.wakeAt);
  return { op: step.op, gen: wrap(step.gen) };
}

/** The earlier of two optional times (`undefined` = never). Pure. */
export function earliest(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

/** True when `x` looks like a {@link Generator} (has `op` and `update` methods). Pure. */
export function isGenerator(x: unknown): x is Generator {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { op?: unknown }).op === 'function' &&
    typeof (x as { update?: unknown }).update === 'function'
  );
}

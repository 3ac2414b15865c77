/**
 * The driver between a generator and whoever runs ops (the interpreter, or {@link simulate}):
 * it keeps the generator, the context (free threads, processes) and the PRNG, and answers
 * "what now?" for a given time. It does no I/O and reads no clock: time is passed in. Same
 * seed and same events ⇒ same decisions.
 *
 * The interpreter's loop, in full:
 *
 *     for (;;) {
 *       const d = scheduler.next(nowNs());
 *       if (d.type === 'done') break;
 *       if (d.type === 'invoke') { record(d.op); dispatch(d.thread, d.op); continue; }
 *       const c = await nextCompletion(d.until);      // undefined if d.until passed first
 *       if (c) { record(c); scheduler.complete(c); }
 *     }
 */
import type { OpType } from '../op.js';
import {
  initialContext,
  ownsProcess,
  threadOfProcess,
  withBusy,
  withFree,
  withNextProcess,
  withRng,
  withTime,
  type Context,
  type Thread,
} from './context.js';
import { GeneratorError } from './errors.js';
import { lift, type GenLike } from './lift.js';
import type { Rng } from './rng.js';
import { isPending, type GenEvent, type Generator, type OpTemplate } from './types.js';

/** An invocation the scheduler decided on. */
export interface Invocation extends GenEvent {
  readonly type: 'invoke';
}

/** A completion reported back: `ok`, `fail` or `info`, with the invocation's process. */
export interface Completion extends GenEvent {
  readonly type: Exclude<OpType, 'invoke'>;
}

/**
 * What to do now: invoke `op` on `thread` (the scheduler already counts it in flight); wait
 * for a completion or until `until` ns (absent: for a completion only); or stop, because the
 * generator is exhausted and no op is in flight.
 */
export type Decision =
  | { readonly type: 'invoke'; readonly op: Invocation; readonly thread: Thread }
  | { readonly type: 'wait'; readonly until?: number }
  | { readonly type: 'done' };

/** Options of {@link Scheduler}. */
export interface SchedulerOptions {
  /** Number of client threads. */
  clientThreads: number;
  /** Whether there is a nemesis thread. Default true. */
  nemesis?: boolean;
  /** The seed of the schedule (a safe integer); store it with the run to replay. Default 0. */
  seed?: number;
  /** Time of the first decision, ns. Default 0. */
  startTime?: number;
}

/** How many times one `next` call re-asks a generator that is pending with `wakeAt` ≤ now. */
const MAX_SPINS = 1000;
const WAIT_FOR_EVENT: Decision = Object.freeze({ type: 'wait' });
const DONE: Decision = Object.freeze({ type: 'done' });

/**
 * Drives a generator. Mutable, but deterministic: no clock, no I/O, no `Math.random`.
 *
 * PRNG rule: each `op` call gets a copy of the PRNG; the copy is kept only if the generator
 * returned by that call is kept (the op is invoked, or the answer was pending). An op due in
 * the future is held until its time and dropped if a completion arrives first; the generator
 * is then asked again with the PRNG as it was.
 */
export class Scheduler {
  private gen: Generator | null;
  private ctx: Context;
  private held: { op: OpTemplate; gen: Generator; rng: Rng } | undefined;
  private running = 0;

  constructor(gen: GenLike, opts: SchedulerOptions) {
    this.gen = lift(gen);
    this.ctx = initialContext({
      clientThreads: opts.clientThreads,
      nemesis: opts.nemesis ?? true,
      seed: opts.seed ?? 0,
      time: opts.startTime ?? 0,
    });
  }

  /** The current context (threads, processes, time of the last decision or event). */
  get context(): Context {
    return this.ctx;
  }

  /** Number of ops invoked and not yet completed. */
  get inFlight(): number {
    return this.running;
  }

  /** True once the generator has returned `null`. */
  get exhausted(): boolean {
    return this.gen === null;
  }

  /**
   * The decision at `now` ns (clamped to be non-decreasing). After `invoke`, call `next` again
   * at once: more threads may be free. Throws a {@link GeneratorError} when the generator
   * breaks its contract or can never progress (pending with nothing in flight and no wake time).
   */
  next(now: number): Decision {
    this.ctx = withTime(this.ctx, Math.max(now, this.ctx.time));
    const t = this.ctx.time;
    if (this.held !== undefined) {
      const { op, gen, rng } = this.held;
      return op.time <= t ? this.invoke(op, gen, rng) : { type: 'wait', until: op.time };
    }
    for (let spins = 0; ; spins++) {
      if (this.gen === null) return this.running > 0 ? WAIT_FOR_EVENT : DONE;
      const rng = this.ctx.rng.clone();
      const step = this.gen.op(withRng(this.ctx, rng));
      if (step === null) {
        this.gen = null;
        continue;
      }
      if (isPending(step)) {
        this.gen = step.gen;
        this.ctx = withRng(this.ctx, rng);
        if (step.wakeAt !== undefined && step.wakeAt <= t) {
          if (spins >= MAX_SPINS) throw new GeneratorError(`generator stays pending with wakeAt ≤ now (${step.wakeAt} ≤ ${t} ns)`);
          continue;
        }
        if (step.wakeAt === undefined && this.running === 0) {
          throw new GeneratorError(`generator stalled at ${t} ns: pending with no op in flight and no wake time`);
        }
        return step.wakeAt === undefined ? WAIT_FOR_EVENT : { type: 'wait', until: step.wakeAt };
      }
      this.check(step.op);
      if (step.op.time > t) {
        this.held = { op: step.op, gen: step.gen, rng };
        return { type: 'wait', until: step.op.time };
      }
      return this.invoke(step.op, step.gen, rng);
    }
  }

  /**
   * Reports a completion (`ok`, `fail` or `info`) of an op in flight: frees its thread, tells
   * the generator, and after `info` moves a client thread to a fresh process. Drops an op held
   * for later, so the generator is asked again. Throws a {@link GeneratorError} when the
   * process has no op in flight.
   */
  complete(event: Completion): void {
    if ((event.type as OpType) === 'invoke') throw new GeneratorError('complete() takes a completion, got an invocation');
    const ctx = this.ctx;
    const thread = ownsProcess(ctx, event.process) ? threadOfProcess(ctx, event.process) : undefined;
    if (thread === undefined || ctx.freeThreads.has(thread) || ctx.processes.get(thread) !== event.process) {
      throw new GeneratorError(`completion for process ${String(event.process)}, which has no op in flight`);
    }
    this.held = undefined;
    this.running--;
    // The generator sees the thread free but still under its old process (the event's).
    this.ctx = withFree(withTime(ctx, Math.max(event.time, ctx.time)), thread);
    if (this.gen !== null) this.gen = this.gen.update(this.ctx, event);
    if (event.type === 'info') this.ctx = withNextProcess(this.ctx, thread);
  }

  private check(op: OpTemplate): void {
    const ctx = this.ctx;
    if (!Number.isFinite(op.time)) throw new GeneratorError(`generator emitted op ${op.f} with time ${String(op.time)}`);
    const thread = ownsProcess(ctx, op.process) ? threadOfProcess(ctx, op.process) : undefined;
    if (thread === undefined || ctx.processes.get(thread) !== op.process) {
      throw new GeneratorError(`generator emitted op ${op.f} for unknown process ${String(op.process)}`);
    }
    if (!ctx.freeThreads.has(thread)) {
      throw new GeneratorError(`generator emitted op ${op.f} for process ${String(op.process)}, whose thread is busy`);
    }
  }

  private invoke(op: OpTemplate, gen: Generator, rng: Rng): Decision {
    this.held = undefined;
    const thread = threadOfProcess(this.ctx, op.process);
    const base = { type: 'invoke' as const, f: op.f, value: op.value, process: op.process, time: this.ctx.time };
    const inv: Invocation = op.key === undefined ? base : { ...base, key: op.key };
    this.ctx = withBusy(withRng(this.ctx, rng), thread);
    this.running++;
    this.gen = gen.update(this.ctx, inv);
    return { type: 'invoke', op: inv, thread };
  }
}

/**
 * A pure, deterministic dry run of a generator: a {@link Scheduler} driven by simulated time
 * and simulated clients, returning the history that a real run would record if every op took
 * `latencyNs` and completed as `completion` says. For tests, and for showing a schedule
 * before running it.
 */
import type { Op, OpType } from '../op.js';
import { GeneratorError } from './errors.js';
import type { GenLike } from './lift.js';
import { NS_PER_MS } from './time.js';
import { Rng } from './rng.js';
import { Scheduler, type Completion, type Invocation } from './scheduler.js';

/** How a simulated op completes: a type, or a type with a result value and/or an error. */
export type SimOutcome = Exclude<OpType, 'invoke'> | { type: Exclude<OpType, 'invoke'>; value?: unknown; error?: string };

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** Number of client threads. */
  threads: number;
  /** Whether there is a nemesis thread. Default true. */
  nemesis?: boolean;
  /** The seed (a safe integer). Default 0. */
  seed?: number;
  /**
   * How each op completes; may draw from `rng` (the simulation's own stream, separate from
   * the generator's). Default: client ops `ok` with the invocation's value, nemesis ops `info`.
   */
  completion?: (op: Invocation, rng: Rng) => SimOutcome;
  /** Each op's latency in ns, fixed or drawn per op. Default 1 ms. */
  latencyNs?: number | ((op: Invocation, rng: Rng) => number);
  /** Stop invoking after this many invocations (in-flight ops still complete). Default 100,000. */
  maxOps?: number;
  /** Stop invoking at this time, ns (in-flight ops still complete). Default: never. */
  maxTimeNs?: number;
}

interface InFlight {
  readonly time: number;
  readonly seq: number;
  readonly event: Completion;
}

/**
 * Runs `gen` to exhaustion (or to `maxOps` / `maxTimeNs`) in simulated time and returns the
 * history: invocations and completions with `index` and `time` (ns), in time order.
 * Deterministic: the same generator, options and seed give the same history. Throws a
 * {@link GeneratorError} when the generator breaks its contract or stalls.
 *
 * @example simulate(limit(10, repeat({ f: 'read' })), { threads: 2, seed: 1 })
 */
export function simulate(gen: GenLike, opts: SimulateOptions): Op[] {
  const seed = opts.seed ?? 0;
  const sched = new Scheduler(gen, { clientThreads: opts.threads, nemesis: opts.nemesis ?? true, seed });
  const rng = Rng.fromSeed(seed, 1);
  const latency = opts.latencyNs ?? NS_PER_MS;
  const latencyOf = typeof latency === 'number' ? () => latency : (op: Invocation) => latency(op, rng);
  const completion = opts.completion ?? defaultCompletion;
  const maxOps = opts.maxOps ?? 100_000;
  const maxTime = opts.maxTimeNs ?? Infinity;

  const history: Op[] = [];
  const queue: InFlight[] = []; // sorted by (time, seq)
  let seq = 0;
  let invoked = 0;
  let now = 0;
  const record = (e: Invocation | Completion): void => {
    history.push({ ...e, index: history.length } as Op);
  };
  const completeNext = (): void => {
    const c = queue.shift();
    if (c === undefined) return;
    now = Math.max(now, c.time);
    record(c.event);
    sched.complete(c.event);
  };

  while (invoked < maxOps) {
    const d = sched.next(now);
    if (d.type === 'done') break;
    if (d.type === 'invoke') {
      if (d.op.time >= maxTime) break;
      record(d.op);
      invoked++;
      const lat = latencyOf(d.op);
      if (!(Number.isFinite(lat) && lat >= 0)) throw new GeneratorError(`simulate: latency must be a finite, non-negative ns value, got ${String(lat)}`);
      const event = completionEvent(d.op, completion(d.op, rng), d.op.time + lat);
      insert(queue, { time: event.time, seq: seq++, event });
      continue;
    }
    const due = queue.length > 0 ? queue[0].time : Infinity;
    const until = d.until ?? Infinity;
    if (due === Infinity && until === Infinity) throw new GeneratorError(`simulate: nothing to wait for at ${now} ns`);
    if (Math.min(due, until) >= maxTime) break;
    if (due <= until) completeNext();
    else now = until;
  }
  while (queue.length > 0) completeNext();
  return history;
}

function defaultCompletion(op: Invocation): SimOutcome {
  return op.process === 'nemesis' ? 'info' : 'ok';
}

function completionEvent(op: Invocation, outcome: SimOutcome, time: number): Completion {
  const o = typeof outcome === 'string' ? { type: outcome } : outcome;
  const base: Completion = { type: o.type, f: op.f, value: 'value' in o ? o.value : op.value, process: op.process, time };
  const withKey: Completion = op.key === undefined ? base : { ...base, key: op.key };
  return o.error === undefined ? withKey : { ...withKey, error: o.error };
}

function insert(queue: InFlight[], x: InFlight): void {
  let i = queue.length;
  while (i > 0 && (queue[i - 1].time > x.time || (queue[i - 1].time === x.time && queue[i - 1].seq > x.seq))) i--;
  queue.splice(i, 0, x);
}

/**
 * The interpreter: runs a generator against real clients and nemeses. It drives the generator
 * only through a {@link Scheduler}, gives each client thread its own {@link ClientWorker}
 * (thread i bound to node i mod n) and the nemesis thread a {@link NemesisWorker}, and appends
 * every invocation (before the op starts) and completion (as it arrives) to the history with
 * `time` = ns since the test started. The history is flushed every `flushIntervalMs` and around
 * every nemesis op. Aborting stops at once: ops in flight stay open in the history (= info).
 */
import type { GenLike } from '../../core/generator/index.js';
import { Scheduler, type Completion as SchedCompletion, type Decision, type Invocation, type Thread } from '../../core/generator/index.js';
import type { Op } from '../../core/op.js';
import type { Client, Completion, Nemesis, RunContext } from '../../core/plugins.js';
import { ClientWorker } from './client-worker.js';
import { monotonicClock, type Clock } from './clock.js';
import { NemesisWorker } from './nemesis-worker.js';
import { startProbe, type Probe, type ProbeSample, type RunningProbe } from './probe.js';
import { Progress } from './progress.js';

/** Where the interpreter writes the history (a `HistoryWriter` fits). */
export interface HistorySink {
  /** Buffers one op (synchronous, cheap). */
  append(op: Op): void;
  /** Writes what is buffered. */
  flush(): Promise<void>;
}

/** Options of {@link interpret}. */
export interface InterpreterOptions {
  /** The whole schedule (main phase, final phase), client and nemesis ops. */
  generator: GenLike;
  /** Seed of the schedule. */
  seed: number;
  /** Client threads; ≥ 1. */
  concurrency: number;
  /** Nodes, clients, log and signal. */
  ctx: RunContext;
  client: Client;
  /** Nemeses for the nemesis thread's ops (routed by `f`). Default none. */
  nemeses?: readonly Nemesis[];
  history: HistorySink;
  /** Per client op, ms; a later completion is `info` "timed out". Default 5000. */
  opTimeoutMs?: number;
  /** Longest time between history flushes, ms. Default 100. */
  flushIntervalMs?: number;
  /** Stops the run (ops in flight stay open). Default `ctx.signal`. */
  signal?: AbortSignal;
  /** Time since the test started. Default: a monotonic clock started now. */
  clock?: Clock;
  /** Counters for a status line. Default: a fresh one. */
  progress?: Progress;
  /** Sampled while the run lasts (e.g. the leader probe); samples go to the history. Default none. */
  probe?: Probe;
}

/** What {@link interpret} returns. */
export interface InterpreterResult {
  /** Events appended to the history. */
  events: number;
  /** True when the signal stopped the run before the generator was exhausted. */
  aborted: boolean;
  /** Ops left in flight (open in the history). */
  open: number;
  /** Clock time at the end, ns. */
  endNs: number;
}

/** How long closing the connections may take at the end, ms. */
const CLOSE_TIMEOUT_MS = 2000;

/**
 * Runs `generator` to exhaustion (or until the signal aborts) and returns what happened.
 * Rejects with the generator's error when it breaks its contract, or with a history write
 * failure; in every case timers are stopped, connections closed and the history flushed first.
 */
export async function interpret(opts: InterpreterOptions): Promise<InterpreterResult> {
  return new Interpreter(opts).run();
}

class Interpreter {
  private readonly sched: Scheduler;
  private readonly clock: Clock;
  private readonly signal: AbortSignal;
  private readonly progress: Progress;
  private readonly workers: ClientWorker[];
  private readonly nemesis: NemesisWorker;
  private index = 0;
  private lastTime = 0;
  private wake: (() => void) | undefined;
  private failure: unknown;
  private stopped = false;

  constructor(private readonly opts: InterpreterOptions) {
    if (!Number.isSafeInteger(opts.concurrency) || opts.concurrency < 1) throw new RangeError(`concurrency must be an integer ≥ 1, got ${opts.concurrency}`);
    if (opts.ctx.nodes.length === 0) throw new RangeError('the run has no nodes');
    this.clock = opts.clock ?? monotonicClock();
    this.signal = opts.signal ?? opts.ctx.signal;
    this.progress = opts.progress ?? new Progress();
    this.sched = new Scheduler(opts.generator, { clientThreads: opts.concurrency, nemesis: true, seed: opts.seed, startTime: this.clock.now() });
    const timeoutNs = (opts.opTimeoutMs ?? 5000) * 1e6;
    const done = (inv: Op, c: Completion): void => this.complete(inv, c);
    const nodes = opts.ctx.nodes;
    this.workers = Array.from({ length: opts.concurrency }, (_, t) => new ClientWorker(t, nodes[t % nodes.length], opts.client, opts.ctx, timeoutNs, done));
    this.nemesis = new NemesisWorker(opts.nemeses ?? [], opts.ctx, () => this.flush(), done);
  }

  async run(): Promise<InterpreterResult> {
    const onAbort = (): void => this.wake?.();
    this.signal.addEventListener('abort', onAbort);
    const tickMs = Math.max(5, Math.min(this.opts.flushIntervalMs ?? 100, (this.opts.opTimeoutMs ?? 5000) / 4));
    const ticker = setInterval(() => this.tick(), tickMs);
    let aborted = false;
    let probe: RunningProbe | undefined;
    try {
      if (this.opts.probe !== undefined) {
        const f = this.opts.probe.f;
        probe = startProbe(this.opts.probe, (sample) => this.recordProbe(f, sample));
      }
      for (;;) {
        if (this.failure !== undefined) throw this.failure;
        if (this.signal.aborted) {
          aborted = true;
          break;
        }
        const d: Decision = this.sched.next(this.clock.now());
        if (d.type === 'done') break;
        if (d.type === 'invoke') this.invoke(d.op, d.thread);
        else await this.waitFor(d.until);
      }
    } finally {
      clearInterval(ticker);
      this.signal.removeEventListener('abort', onAbort);
      this.stopped = true;
      await probe?.stop();
      this.nemesis.stop();
      await this.closeAll();
      await this.flush();
    }
    if (this.failure !== undefined) throw this.failure;
    return { events: this.index, aborted, open: this.sched.inFlight, endNs: this.clock.now() };
  }

  private invoke(inv: Invocation, thread: Thread): void {
    const op: Op = { index: this.index++, time: this.stamp(inv.time), process: inv.process, type: 'invoke', f: inv.f, value: inv.value ?? null };
    if (inv.key !== undefined) op.key = inv.key;
    if (thread !== 'nemesis') op.node = this.workers[thread].node;
    this.opts.history.append(op);
    this.progress.record(op);
    if (thread === 'nemesis') this.nemesis.run(op);
    else this.workers[thread].run(op, this.clock.now());
  }

  private complete(inv: Op, c: Completion): void {
    if (this.stopped) return;
    const op: Op = { index: this.index++, time: this.stamp(this.clock.now()), process: inv.process, type: c.type, f: inv.f, value: c.value ?? null };
    if (inv.key !== undefined) op.key = inv.key;
    if (inv.node !== undefined) op.node = inv.node;
    if (c.error !== undefined) op.error = c.error;
    try {
      this.opts.history.append(op);
      this.progress.record(op);
      this.sched.complete(op as SchedCompletion);
    } catch (err) {
      this.failure ??= err;
    }
    if (inv.process === 'nemesis') void this.flush().catch(() => undefined);
    this.wake?.();
  }

  /** A probe sample: a lone `info` event of process `nemesis` (never seen by the scheduler). */
  private recordProbe(f: string, s: ProbeSample): void {
    if (this.stopped) return;
    const op: Op = { index: this.index++, time: this.stamp(this.clock.now()), process: 'nemesis', type: 'info', f, value: s.value ?? null };
    if (s.error !== undefined) op.error = s.error;
    try {
      this.opts.history.append(op);
    } catch (err) {
      this.failure ??= err;
      this.wake?.();
    }
  }

  /** Times are non-decreasing in history order. */
  private stamp(t: number): number {
    if (t > this.lastTime) this.lastTime = t;
    return this.lastTime;
  }

  private waitFor(until: number | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      this.wake = () => {
        this.wake = undefined;
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      if (until !== undefined) {
        const ms = (until - this.clock.now()) / 1e6;
        if (ms <= 0) return this.wake();
        timer = setTimeout(() => this.wake?.(), Math.ceil(ms));
      }
    });
  }

  private tick(): void {
    const now = this.clock.now();
    for (const w of this.workers) w.checkTimeout(now);
    void this.flush().catch((err: unknown) => {
      this.failure ??= err;
      this.wake?.();
    });
  }

  private flush(): Promise<void> {
    return this.opts.history.flush();
  }

  private async closeAll(): Promise<void> {
    const closing = Promise.allSettled(this.workers.map((w) => w.close()));
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_TIMEOUT_MS)));
    await Promise.race([closing, bound]);
    clearTimeout(timer);
  }
}

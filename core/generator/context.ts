/**
 * The context a generator is asked in: the time, which threads exist and are free, which
 * process each thread runs as, and the seeded PRNG. Contexts are immutable values; the helpers
 * here return new ones. Pure.
 *
 * Threads are the workers: client threads `0..clientThreads-1` and the `'nemesis'` thread.
 * A client thread starts as process `thread`; after an `info` completion it continues as
 * process `process + clientThreads`, so `process mod clientThreads` is always its thread.
 * The nemesis thread is always process `'nemesis'`.
 */
import type { ProcessId } from '../op.js';
import { GeneratorError } from './errors.js';
import { Rng } from './rng.js';

/** A worker thread: a client thread number, or `'nemesis'`. */
export type Thread = number | 'nemesis';

/** What a generator sees when asked for an op or told about an event. */
export interface Context {
  /** Now, in ns since the test started. */
  readonly time: number;
  /**
   * Threads that have no op in flight. Narrowed contexts share their parent's set, so it may
   * hold threads outside this context: a thread is free for this generator when it is in both
   * this set and {@link Context.processes} (use {@link freeThreadList}, {@link someFree},
   * {@link allFree}).
   */
  readonly freeThreads: ReadonlySet<Thread>;
  /**
   * Thread → current process, for every thread this generator may use, in canonical order
   * (clients ascending, then `'nemesis'`). Combinators such as `clients` narrow it.
   */
  readonly processes: ReadonlyMap<Thread, ProcessId>;
  /** The number of client threads of the whole test (not narrowed). */
  readonly clientThreads: number;
  /**
   * The seeded PRNG. A generator may draw from it in `op`; the scheduler keeps those draws
   * only when it keeps the generator `op` returned, so replays from a seed are exact.
   */
  readonly rng: Rng;
}

/** Options of {@link initialContext}. */
export interface InitialContextOptions {
  /** Number of client threads; a non-negative integer. */
  clientThreads: number;
  /** Whether a `'nemesis'` thread exists. Default true. */
  nemesis?: boolean;
  /** Seed of the PRNG (a safe integer). Default 0. Ignored when `rng` is given. */
  seed?: number;
  /** The PRNG to use instead of one seeded from `seed`. */
  rng?: Rng;
  /** Start time in ns. Default 0. */
  time?: number;
}

/** A context with every thread free and each client thread running as its own number. Pure. */
export function initialContext(opts: InitialContextOptions): Context {
  const n = opts.clientThreads;
  if (!Number.isSafeInteger(n) || n < 0) throw new GeneratorError(`clientThreads must be a non-negative integer, got ${String(n)}`);
  const processes = new Map<Thread, ProcessId>();
  for (let t = 0; t < n; t++) processes.set(t, t);
  if (opts.nemesis ?? true) processes.set('nemesis', 'nemesis');
  return makeContext(opts.time ?? 0, new Set(processes.keys()), processes, n, opts.rng ?? Rng.fromSeed(opts.seed ?? 0));
}

/**
 * A context from its parts (always built the same way, which keeps property access fast).
 * Pure.
 */
export function makeContext(
  time: number,
  freeThreads: ReadonlySet<Thread>,
  processes: ReadonlyMap<Thread, ProcessId>,
  clientThreads: number,
  rng: Rng,
): Context {
  return { time, freeThreads, processes, clientThreads, rng };
}

/** The context with another PRNG. Pure. */
export function withRng(ctx: Context, rng: Rng): Context {
  return makeContext(ctx.time, ctx.freeThreads, ctx.processes, ctx.clientThreads, rng);
}

/** The thread that runs (or ran) `process`: `'nemesis'`, or `process mod clientThreads`. Pure. */
export function threadOfProcess(ctx: Context, process: ProcessId): Thread {
  if (process === 'nemesis') return 'nemesis';
  if (ctx.clientThreads === 0) throw new GeneratorError(`process ${process} given but the test has no client threads`);
  return process % ctx.clientThreads;
}

/** The context's threads in canonical order. Pure. */
export function threadsOf(ctx: Context): Thread[] {
  return [...ctx.processes.keys()];
}

/** The context's free threads in canonical order. Pure. */
export function freeThreadList(ctx: Context): Thread[] {
  const out: Thread[] = [];
  for (const t of ctx.processes.keys()) if (ctx.freeThreads.has(t)) out.push(t);
  return out;
}

/** True when some thread of the context is free. Pure. */
export function someFree(ctx: Context): boolean {
  for (const t of ctx.processes.keys()) if (ctx.freeThreads.has(t)) return true;
  return false;
}

/** True when every thread of the context is free (no op in flight among them). Pure. */
export function allFree(ctx: Context): boolean {
  for (const t of ctx.processes.keys()) if (!ctx.freeThreads.has(t)) return false;
  return true;
}

/** True when `event`'s process belongs to one of the context's threads. Pure. */
export function ownsProcess(ctx: Context, process: ProcessId): boolean {
  if (process !== 'nemesis' && ctx.clientThreads === 0) return false;
  return ctx.processes.has(threadOfProcess(ctx, process));
}

/**
 * Memo of narrowed thread maps, keyed by the (immutable) map they came from and what narrowed
 * it (a caller's primitive cache key, the predicate function, or the thread): narrowing
 * happens on every op and event, mostly in the same few ways and on an unchanged map, so this
 * saves most of the allocation. Each map's memo holds at most {@link NARROW_MEMO_LIMIT}
 * entries and starts afresh past that, so callers that narrow with a fresh closure every time
 * cost a little speed, never memory.
 */
const narrowed = new WeakMap<ReadonlyMap<Thread, ProcessId>, Map<unknown, ReadonlyMap<Thread, ProcessId>>>();

/** The most narrowed maps remembered per thread map. */
export const NARROW_MEMO_LIMIT = 64;

function narrow(from: ReadonlyMap<Thread, ProcessId>, by: unknown, make: () => ReadonlyMap<Thread, ProcessId>): ReadonlyMap<Thread, ProcessId> {
  let m = narrowed.get(from);
  if (m === undefined) narrowed.set(from, (m = new Map()));
  let v = m.get(by);
  if (v === undefined) {
    if (m.size >= NARROW_MEMO_LIMIT) m.clear();
    m.set(by, (v = make()));
  }
  return v;
}

/** How many narrowed maps are remembered for `ctx`'s thread map (for tests of the bound). */
export function narrowMemoSize(ctx: Context): number {
  return narrowed.get(ctx.processes)?.size ?? 0;
}

/**
 * The context narrowed to the threads for which `keep` is true (time, PRNG, client count and
 * the free set unchanged; see {@link Context.freeThreads}). `keep` must be a pure function of
 * the thread. `cacheKey`, when given, names the narrowing for the memo: the same key on the
 * same context must mean the same `keep` — pass one when `keep` is a fresh closure per call
 * (a string such as `keyed/3/1`), so the narrowed map is reused. Pure.
 */
export function restrict(ctx: Context, keep: (thread: Thread) => boolean, cacheKey?: string): Context {
  const processes = narrow(ctx.processes, cacheKey ?? keep, () => {
    const m = new Map<Thread, ProcessId>();
    for (const [t, p] of ctx.processes) if (keep(t)) m.set(t, p);
    return m;
  });
  return makeContext(ctx.time, ctx.freeThreads, processes, ctx.clientThreads, ctx.rng);
}

/** The context narrowed to one thread (which must be in it). Pure. */
export function onlyThread(ctx: Context, thread: Thread): Context {
  const p = ctx.processes.get(thread);
  if (p === undefined) throw new GeneratorError(`thread ${String(thread)} is not in this context`);
  const processes = narrow(ctx.processes, typeof thread === 'number' ? thread : `thread/${thread}`, () => new Map([[thread, p]]));
  return makeContext(ctx.time, ctx.freeThreads, processes, ctx.clientThreads, ctx.rng);
}

/** The context at `time` ns. Pure. */
export function withTime(ctx: Context, time: number): Context {
  return time === ctx.time ? ctx : makeContext(time, ctx.freeThreads, ctx.processes, ctx.clientThreads, ctx.rng);
}

/** The context with `thread` busy (an op was invoked on it). Pure. */
export function withBusy(ctx: Context, thread: Thread): Context {
  const free = new Set(ctx.freeThreads);
  free.delete(thread);
  return makeContext(ctx.time, free, ctx.processes, ctx.clientThreads, ctx.rng);
}

/** The context with `thread` free again (its op completed). Pure. */
export function withFree(ctx: Context, thread: Thread): Context {
  const free = new Set(ctx.freeThreads);
  free.add(thread);
  return makeContext(ctx.time, free, ctx.processes, ctx.clientThreads, ctx.rng);
}

/**
 * The context after client `thread`'s op ended in `info`: the thread continues as process
 * `old + clientThreads`. The nemesis thread keeps its process. Pure.
 */
export function withNextProcess(ctx: Context, thread: Thread): Context {
  if (thread === 'nemesis') return ctx;
  const p = ctx.processes.get(thread);
  if (typeof p !== 'number') throw new GeneratorError(`thread ${thread} is not a client thread of this context`);
  const processes = new Map(ctx.processes);
  processes.set(thread, p + ctx.clientThreads);
  return makeContext(ctx.time, ctx.freeThreads, processes, ctx.clientThreads, ctx.rng);
}

/**
 * Performance statistics of a history: latency quantiles (invoke → completion, ms) by `f` and by
 * outcome, overall and over time buckets; throughput (completions/s) per bucket by `f` and
 * outcome; nemesis fault intervals; op counts. Pure, linear time, memory bounded by the number
 * of processes, `f`s and buckets (never by the number of ops).
 */
import type { History, Op, ProcessId } from '../harness/op.js';

/** How a client op ended. */
export type Outcome = 'ok' | 'fail' | 'info';
/** The three outcomes, in display order. */
export const OUTCOMES: readonly Outcome[] = ['ok', 'fail', 'info'];

/** Latency quantiles of a group of ops, in ms; `count` ops. Quantiles are nearest-rank. */
export interface Quantiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Per-bucket quantiles (ms); `null` where a bucket has no op. */
export interface QuantileSeries {
  p50: (number | null)[];
  p95: (number | null)[];
  p99: (number | null)[];
  max: (number | null)[];
}

/** Counts of one `f`: invocations, completions by outcome, and ops never completed (`open`). */
export interface FCounts {
  invoke: number;
  ok: number;
  fail: number;
  info: number;
  open: number;
}

/** A fault that held from `start` to `end` (s since test start; `end` null = never healed). */
export interface NemesisInterval {
  /** The f that opened it, e.g. `start-partition`, `kill`, `pause`. */
  f: string;
  /** The f that closed it (`stop-partition`, `start`, `resume`), or null. */
  stopF: string | null;
  /** Invocation time of the opening op, s. */
  start: number;
  /** Completion (else invocation) time of the closing op, s; null when still open. */
  end: number | null;
  /** The opening op's completion value (else its invocation value). */
  value: unknown;
  /** The closing op's value, when closed. */
  stopValue?: unknown;
}

/** A nemesis op that opens or closes nothing (e.g. `strobe-clock`), at `time` s. */
export interface NemesisInstant {
  f: string;
  time: number;
  value: unknown;
}

/** Everything {@link perfStats} computes. Times in s since test start, latencies in ms. */
export interface PerfStats {
  /** Time of the last op, s. */
  durationS: number;
  /** Width of every time bucket, s (a 1-2-5 step chosen so at most `maxBuckets` cover the run). */
  bucketS: number;
  /** Start of each bucket, s. */
  bucketStarts: number[];
  counts: FCounts & { events: number; nemesis: number; byF: Record<string, FCounts> };
  latency: {
    all: Quantiles | null;
    byF: Record<string, Quantiles>;
    byOutcome: Partial<Record<Outcome, Quantiles>>;
    byFOutcome: Record<string, Partial<Record<Outcome, Quantiles>>>;
  };
  /** Quantiles of the ops invoked in each bucket. */
  latencyOverTime: { byF: Record<string, QuantileSeries>; byOutcome: Partial<Record<Outcome, QuantileSeries>> };
  /** Completions per second in each bucket (by completion time; the last, partial bucket by the time it covers, at least a quarter bucket). */
  throughput: { all: number[]; byF: Record<string, Partial<Record<Outcome, number[]>>> };
  nemesis: { intervals: NemesisInterval[]; instants: NemesisInstant[] };
}

/** Options of {@link perfStats}. */
export interface PerfOptions {
  /** Most time buckets. Default 200. */
  maxBuckets?: number;
  /**
   * Fewer buckets for sparse histories: about this many completions per bucket on average, but
   * never fewer than 20 buckets (nor more than `maxBuckets`). Default 10.
   */
  opsPerBucket?: number;
  /** Distinct client `f`s tracked; further ones are counted under `(other)`. Default 32. */
  maxFs?: number;
}

const LOG_STEP = Math.log(1.02);

/**
 * A bounded-memory latency distribution: exact (all values kept) up to `capacity` values, then a
 * log histogram with 2% bins (quantiles within ±1%, clamped to the exact min and max).
 */
export class LatencySketch {
  private exact: number[] | null = [];
  private bins = new Map<number, number>();
  private zeros = 0;
  private sorted: number[] | null = null;
  count = 0;
  min = Infinity;
  max = -Infinity;
  constructor(/** Values kept exactly before switching to the histogram. */ readonly capacity = 256) {}

  /** Adds one latency (ms). */
  add(v: number): void {
    this.count++;
    this.sorted = null;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (this.exact) {
      this.exact.push(v);
      if (this.exact.length <= this.capacity) return;
      const kept = this.exact;
      this.exact = null;
      for (const x of kept) this.bin(x);
    } else this.bin(v);
  }

  private bin(v: number): void {
    if (v <= 0) this.zeros++;
    else {
      const k = Math.floor(Math.log(v) / LOG_STEP);
      this.bins.set(k, (this.bins.get(k) ?? 0) + 1);
    }
  }

  /** Nearest-rank quantiles (exact while at most `capacity` values), or null when empty. */
  summary(): Quantiles | null {
    if (this.count === 0) return null;
    const qs = [0.5, 0.95, 0.99].map((q) => this.quantileSorted(q));
    return { count: this.count, p50: qs[0], p95: qs[1], p99: qs[2], max: this.max };
  }

  private quantileSorted(q: number): number {
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (this.exact) {
      this.sorted ??= [...this.exact].sort((a, b) => a - b);
      return this.sorted[rank - 1];
    }
    let seen = this.zeros;
    if (seen >= rank) return Math.max(this.min, 0);
    for (const k of [...this.bins.keys()].sort((a, b) => a - b)) {
      seen += this.bins.get(k)!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, Math.exp((k + 0.5) * LOG_STEP)));
    }
    return this.max;
  }
}

/**
 * The bucket width (s) for a run of `durationS` s: the smallest 1-2-5 × 10^k step with at most
 * `maxBuckets` buckets. 1 for an empty run. Pure.
 */
export function bucketSize(durationS: number, maxBuckets: number): number {
  if (!(durationS > 0)) return 1;
  const raw = durationS / maxBuckets;
  const exp = Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) {
    const s = Number((m * 10 ** exp).toPrecision(12));
    if (s >= raw && Math.ceil(durationS / s - 1e-9) <= maxBuckets) return s;
  }
  return Number((10 ** (exp + 1) * 2).toPrecision(12));
}

/** How a nemesis `f` acts: opens an interval of `kind`, closes intervals opened by `kind`, or neither. Pure. */
export function nemesisRole(f: string): { role: 'open' | 'close'; opener: string } | { role: 'instant' } {
  if (f === 'kill' || f === 'pause') return { role: 'open', opener: f };
  if (f === 'start') return { role: 'close', opener: 'kill' };
  if (f === 'resume') return { role: 'close', opener: 'pause' };
  const m = /^(start|stop|bump|reset)-(.+)$/.exec(f);
  if (!m) return { role: 'instant' };
  if (m[1] === 'start' || m[1] === 'bump') return { role: 'open', opener: f };
  return { role: 'close', opener: `${m[1] === 'stop' ? 'start' : 'bump'}-${m[2]}` };
}

const NS_PER_S = 1e9;
const NS_PER_MS = 1e6;
const emptyCounts = (): FCounts => ({ invoke: 0, ok: 0, fail: 0, info: 0, open: 0 });
/** A record keyed by op data (an `f` such as `constructor` must not hit Object.prototype). */
const dict = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** Per-bucket sketches of one group. */
class SketchSeries {
  readonly sketches: (LatencySketch | undefined)[];
  constructor(n: number) {
    this.sketches = new Array(n);
  }
  add(b: number, v: number): void {
    (this.sketches[b] ??= new LatencySketch(64)).add(v);
  }
  series(): QuantileSeries {
    const out: QuantileSeries = { p50: [], p95: [], p99: [], max: [] };
    for (let i = 0; i < this.sketches.length; i++) {
      const s = this.sketches[i]?.summary() ?? null;
      out.p50.push(s?.p50 ?? null);
      out.p95.push(s?.p95 ?? null);
      out.p99.push(s?.p99 ?? null);
      out.max.push(s?.max ?? null);
    }
    return out;
  }
}

/** Maps every value of a record into a fresh record. */
function mapValues<A, B>(r: Record<string, A>, fn: (a: A) => B): Record<string, B> {
  const out = dict<B>();
  for (const k of Object.keys(r)) out[k] = fn(r[k]);
  return out;
}

/**
 * Computes {@link PerfStats} of `history` (ops in time order; times in ns since test start).
 * Buckets: see {@link PerfOptions}; they cover `[0, durationS]`.
 * Latency is attributed to the bucket of the invocation, throughput to that of the completion.
 * A completion pairs with the open invocation of its process; ops never completed count as
 * `open`. Nemesis ops (process `nemesis`) become intervals or instants (see {@link nemesisRole}):
 * an interval runs from its opening op's invocation to its closing op's completion. Pure.
 */
export function perfStats(history: History, opts: PerfOptions = {}): PerfStats {
  const maxBuckets = opts.maxBuckets ?? 200;
  const maxFs = opts.maxFs ?? 32;
  let maxT = 0;
  let completions = 0;
  for (const op of history) {
    if (op.time > maxT) maxT = op.time;
    if (op.type !== 'invoke' && op.process !== 'nemesis') completions++;
  }
  const durationS = maxT / NS_PER_S;
  const wanted = Math.ceil(completions / (opts.opsPerBucket ?? 10));
  const bucketS = bucketSize(durationS, Math.min(maxBuckets, Math.max(20, wanted)));
  const nb = Math.max(1, Math.ceil(durationS / bucketS - 1e-9));
  const bucketOf = (ns: number) => Math.min(nb - 1, Math.max(0, Math.floor(ns / NS_PER_S / bucketS)));

  const counts = { events: history.length, nemesis: 0, ...emptyCounts(), byF: dict<FCounts>() };
  const all = new LatencySketch(4096);
  const byF = dict<LatencySketch>();
  const byOutcome: Partial<Record<Outcome, LatencySketch>> = {};
  const byFOutcome = dict<Partial<Record<Outcome, LatencySketch>>>();
  const overF = dict<SketchSeries>();
  const overOutcome: Partial<Record<Outcome, SketchSeries>> = {};
  const tpAll = new Array<number>(nb).fill(0);
  const tpByF = dict<Partial<Record<Outcome, number[]>>>();
  const open = new Map<ProcessId, Op>();
  let nFs = 0;
  const fName = (f: string) => (counts.byF[f] || nFs++ < maxFs ? f : '(other)');
  const nemesis = new NemesisTracker();

  for (const op of history) {
    if (op.process === 'nemesis') {
      nemesis.add(op);
      if (op.type === 'invoke') counts.nemesis++;
      continue;
    }
    if (op.type === 'invoke') {
      const f = fName(op.f);
      (counts.byF[f] ??= emptyCounts()).invoke++;
      counts.invoke++;
      open.set(op.process, op);
      continue;
    }
    const inv = open.get(op.process);
    if (!inv) continue;
    open.delete(op.process);
    const f = fName(inv.f);
    const t = op.type;
    counts[t]++;
    counts.byF[f][t]++;
    const ms = (op.time - inv.time) / NS_PER_MS;
    all.add(ms);
    (byF[f] ??= new LatencySketch(4096)).add(ms);
    (byOutcome[t] ??= new LatencySketch(4096)).add(ms);
    ((byFOutcome[f] ??= {})[t] ??= new LatencySketch(1024)).add(ms);
    const bi = bucketOf(inv.time);
    (overF[f] ??= new SketchSeries(nb)).add(bi, ms);
    (overOutcome[t] ??= new SketchSeries(nb)).add(bi, ms);
    const bc = bucketOf(op.time);
    tpAll[bc]++;
    ((tpByF[f] ??= {})[t] ??= new Array<number>(nb).fill(0))[bc]++;
  }
  for (const inv of open.values()) {
    counts.open++;
    counts.byF[fName(inv.f)].open++;
  }
  // The last bucket may be cut short by the end of the run: divide by what it covers (≥ ¼ bucket).
  const lastWidth = Math.max(bucketS / 4, Math.min(bucketS, durationS - (nb - 1) * bucketS));
  const rate = (xs: number[]) => xs.map((x, i) => x / (i === nb - 1 ? lastWidth : bucketS));
  return {
    durationS,
    bucketS,
    bucketStarts: Array.from({ length: nb }, (_, i) => Number((i * bucketS).toPrecision(12))),
    counts,
    latency: {
      all: all.summary(),
      byF: mapValues(byF, (s) => s.summary()!),
      byOutcome: mapValues(byOutcome as Record<string, LatencySketch>, (s) => s.summary()!),
      byFOutcome: mapValues(byFOutcome, (r) => mapValues(r as Record<string, LatencySketch>, (s) => s.summary()!)),
    },
    latencyOverTime: {
      byF: mapValues(overF, (s) => s.series()),
      byOutcome: mapValues(overOutcome as Record<string, SketchSeries>, (s) => s.series()),
    },
    throughput: { all: rate(tpAll), byF: mapValues(tpByF, (r) => mapValues(r as Record<string, number[]>, rate)) },
    nemesis: nemesis.result(),
  };
}

/** Turns the nemesis's ops into intervals and instants, pairing each completion with its invocation. */
class NemesisTracker {
  private intervals: NemesisInterval[] = [];
  private instants: NemesisInstant[] = [];
  private openByOpener = new Map<string, NemesisInterval[]>();
  /** What the pending invocation created or closed. */
  private pending: { opened?: NemesisInterval; closed?: NemesisInterval[]; instant?: NemesisInstant } | null = null;

  add(op: Op): void {
    const s = op.time / NS_PER_S;
    if (op.type !== 'invoke' && this.pending) {
      const p = this.pending;
      this.pending = null;
      if (op.value !== null && op.value !== undefined) {
        if (p.opened) p.opened.value = op.value;
        for (const iv of p.closed ?? []) iv.stopValue = op.value;
        if (p.instant) p.instant.value = op.value;
      }
      for (const iv of p.closed ?? []) iv.end = s;
      return;
    }
    const role = nemesisRole(op.f);
    if (role.role === 'open') {
      const iv: NemesisInterval = { f: op.f, stopF: null, start: s, end: null, value: op.value ?? null };
      this.intervals.push(iv);
      const list = this.openByOpener.get(role.opener) ?? [];
      list.push(iv);
      this.openByOpener.set(role.opener, list);
      this.pending = { opened: iv };
    } else if (role.role === 'close') {
      const closed = this.openByOpener.get(role.opener) ?? [];
      this.openByOpener.delete(role.opener);
      for (const iv of closed) Object.assign(iv, { end: s, stopF: op.f, stopValue: op.value ?? null });
      this.pending = { closed };
    } else {
      const instant: NemesisInstant = { f: op.f, time: s, value: op.value ?? null };
      this.instants.push(instant);
      this.pending = { instant };
    }
    // A completion with no invocation before it stands for both.
    if (op.type !== 'invoke') this.pending = null;
  }

  result(): PerfStats['nemesis'] {
    return { intervals: this.intervals, instants: this.instants };
  }
}

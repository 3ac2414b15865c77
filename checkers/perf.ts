/**
 * Performance statistics of a history: latency quantiles (invoke → completion, ms) by `f` and by
 * outcome, overall and over time buckets; throughput (completions/s) per bucket by `f` and
 * outcome; nemesis fault intervals; op counts. Pure, linear time, memory bounded by the number
 * of processes, `f`s and buckets (never by the number of ops).
 */
import type { History, Op, ProcessId } from '../core/op.js';
import { LatencySketch, type Quantiles } from './latency-sketch.js';
import { NemesisTracker, type NemesisInstant, type NemesisInterval } from './nemesis-intervals.js';

export { LatencySketch, type Quantiles } from './latency-sketch.js';
export { nemesisRole, type NemesisInstant, type NemesisInterval } from './nemesis-intervals.js';

/** How a client op ended. */
export type Outcome = 'ok' | 'fail' | 'info';
/** The three outcomes, in display order. */
export const OUTCOMES: readonly Outcome[] = ['ok', 'fail', 'info'];

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

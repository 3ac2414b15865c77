/**
 * A bounded-memory latency distribution for performance statistics ({@link perfStats} in
 * perf.ts). Pure data structure, no I/O.
 */

/** Latency quantiles of a group of ops, in ms; `count` ops. Quantiles are nearest-rank. */
export interface Quantiles {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
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

/**
 * Dense ranks of a key's known offsets, so "did a read skip a record?" asks whether a known
 * offset lies strictly between two read offsets, not whether the offsets are contiguous
 * (Kafka leaves gaps for transaction markers). Linear in offsets when they are dense
 * (a counting array), else sorts. Pure.
 */

/** Counts of known offsets below a given offset. */
export interface OffsetRanks {
  /** How many known offsets are < `offset`. */
  below(offset: number): number;
  /** How many known offsets lie strictly between `a` and `b` (a < b). */
  between(a: number, b: number): number;
}

class DenseRanks implements OffsetRanks {
  constructor(private readonly prefix: Int32Array) {}
  below(offset: number): number {
    if (offset <= 0) return 0;
    const i = Math.min(offset, this.prefix.length - 1);
    return this.prefix[i];
  }
  between(a: number, b: number): number {
    return Math.max(0, this.below(b) - this.below(a + 1));
  }
}

class SortedRanks implements OffsetRanks {
  constructor(private readonly sorted: Float64Array) {}
  below(offset: number): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.sorted[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  between(a: number, b: number): number {
    return Math.max(0, this.below(b) - this.below(a + 1));
  }
}

/**
 * Ranks over `offsets` (distinct integers). A counting array when they are non-negative and
 * the largest is at most 4 × their number + 1024; otherwise a sorted copy. Pure.
 */
export function offsetRanks(offsets: Iterable<number>): OffsetRanks {
  const list = [...offsets];
  let min = Infinity;
  let max = -Infinity;
  for (const o of list) {
    if (o < min) min = o;
    if (o > max) max = o;
  }
  if (list.length === 0) return new DenseRanks(new Int32Array(1));
  if (min >= 0 && max <= 4 * list.length + 1024) {
    // prefix[i] = number of known offsets < i, for i in 0..max+1
    const prefix = new Int32Array(max + 2);
    for (const o of list) prefix[o + 1]++;
    for (let i = 1; i < prefix.length; i++) prefix[i] += prefix[i - 1];
    return new DenseRanks(prefix);
  }
  return new SortedRanks(Float64Array.from(list).sort());
}

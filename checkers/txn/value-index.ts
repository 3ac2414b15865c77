/**
 * Small maps for hot paths: keys and per-key values are usually small non-negative integers
 * (Jepsen's append test uses 0.. for keys and 1.. for each key's values), so those go in arrays
 * and anything else in a Map.
 */

/** Largest integer kept in the array part. */
const DENSE_LIMIT = 1 << 22;
/** How far past the array's end an integer may be and still go in the array. */
const GAP = 64;

/** A map from any value to a non-negative number, array-backed for small integers. */
export class DenseMap {
  private dense: number[] = [];
  private sparse: Map<unknown, number> | null = null;

  /** The number stored for `k`, or -1. */
  get(k: unknown): number {
    if (typeof k === 'number' && k >= 0 && k < this.dense.length && Number.isInteger(k)) {
      const v = this.dense[k];
      if (v >= 0 || this.sparse === null) return v;
    }
    if (this.sparse === null) return -1;
    return this.sparse.get(k) ?? -1;
  }

  /** Stores `v` (≥ 0) for `k`. */
  set(k: unknown, v: number): void {
    // Near the end of the array part: grow it in order, so it stays packed when values come
    // 0, 1, 2, … (a far-off integer goes to the Map instead of leaving a huge hole).
    if (typeof k === 'number' && k >= 0 && k < DENSE_LIMIT && k <= this.dense.length + GAP && Number.isInteger(k)) {
      while (this.dense.length <= k) this.dense.push(-1);
      this.dense[k] = v;
      return;
    }
    (this.sparse ??= new Map()).set(k, v);
  }
}

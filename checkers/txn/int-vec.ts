/**
 * A growable Int32Array: pushes without boxing, then a view of what was pushed.
 */

/** Int32 values appended one at a time. */
export class IntVec {
  private data: Int32Array;
  /** Values pushed so far. */
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(16, capacity));
  }

  /** Appends `v`. */
  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Int32Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }

  /** The values pushed, as a view (shares memory; valid until the next push that grows it). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

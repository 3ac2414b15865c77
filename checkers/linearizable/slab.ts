/**
 * One memory block per search, carved into the typed arrays the search needs. A typed array
 * of more than 64 bytes gets its own off-heap buffer in V8, costing about 0.4 µs of CPU and
 * garbage-collector work each; a search of a small partition (a key of a few ops) wants two
 * dozen of them, which was most of its time. Views on one buffer cost a fraction of that.
 * Arrays that grow later (caches) replace their first block with fresh ones. Not thread-safe.
 */

/** An empty Int32Array to share (a fresh one, even empty, is an allocation). Never written. */
export const EMPTY_I32 = new Int32Array(0);

/** A bump allocator of zeroed typed arrays over one ArrayBuffer; falls back to fresh arrays. */
export class Slab {
  private readonly buffer: ArrayBuffer;
  private top = 0;

  /** @param bytes - size of the block (more than the arrays taken is wasted, less falls back). */
  constructor(bytes: number) {
    this.buffer = new ArrayBuffer(Math.max(8, Math.ceil(bytes / 8) * 8));
  }

  /** Bytes the block holds. */
  get capacity(): number {
    return this.buffer.byteLength;
  }

  /**
   * Takes every array back (zeroing what was handed out), for the next search; only once
   * nothing uses the arrays handed out before.
   */
  reset(): void {
    new Uint8Array(this.buffer, 0, this.top).fill(0);
    this.top = 0;
  }

  /** Bytes handed out so far. */
  get used(): number {
    return this.top;
  }

  private take(bytes: number): number {
    const at = this.top;
    const end = at + Math.ceil(bytes / 8) * 8;
    if (end > this.buffer.byteLength) return -1;
    this.top = end;
    return at;
  }

  /** A zeroed Int32Array of length `n`. */
  i32(n: number): Int32Array<ArrayBuffer> {
    const at = this.take(n * 4);
    return at < 0 ? new Int32Array(n) : new Int32Array(this.buffer, at, n);
  }

  /** A zeroed Uint32Array of length `n`. */
  u32(n: number): Uint32Array<ArrayBuffer> {
    const at = this.take(n * 4);
    return at < 0 ? new Uint32Array(n) : new Uint32Array(this.buffer, at, n);
  }

  /** A zeroed Uint8Array of length `n`. */
  u8(n: number): Uint8Array<ArrayBuffer> {
    const at = this.take(n);
    return at < 0 ? new Uint8Array(n) : new Uint8Array(this.buffer, at, n);
  }

  /** A zeroed Float64Array of length `n`. */
  f64(n: number): Float64Array<ArrayBuffer> {
    const at = this.take(n * 8);
    return at < 0 ? new Float64Array(n) : new Float64Array(this.buffer, at, n);
  }
}

/** A slab that always allocates fresh arrays (for callers with no block of their own). */
export const NO_SLAB = new Slab(0);

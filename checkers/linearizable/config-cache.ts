/**
 * The search's memory of configurations already explored: (set of linearized ops, model state)
 * pairs, stored flat in typed arrays. The caller keeps an incremental hash of the set (XOR of
 * per-op random words), so a lookup never rehashes the bitset; a hit is confirmed by comparing
 * state and bitset word by word, so hash collisions cost time, never correctness.
 */

/** Thrown by {@link ConfigCache.add} when growing would pass the memory budget. */
export class CacheBudgetExceeded extends Error {
  override name = 'CacheBudgetExceeded';
}

/** A hash set of (bitset of `words` 32-bit words, state id). One per search; not thread-safe. */
export class ConfigCache {
  /** Entries stored. */
  count = 0;
  private readonly stride: number;
  /** Flat entries: [state, bitset words…] × count. */
  private arena: Int32Array;
  /** Open addressing, two words per slot: [mixed hash, entry number + 1 (0 = empty)]. */
  private table: Int32Array;
  private mask: number;

  /**
   * @param words - bitset length in 32-bit words.
   * @param maxBytes - memory budget for this cache, in bytes (checked when growing).
   * @param ops - ops in the partition, to size the first allocation (default 0).
   * @param otherBytes - bytes held elsewhere by the same search, counted against the budget.
   */
  constructor(
    private readonly words: number,
    private readonly maxBytes: number,
    ops = 0,
    private readonly otherBytes: () => number = () => 0,
  ) {
    this.stride = words + 1;
    // About two configurations per op to start with, or more while that stays small.
    let cap = 64;
    const fits = (c: number): boolean => c * (this.stride + 4) * 8 < maxBytes;
    while ((cap < ops * 2 || cap * this.stride * 4 < 1 << 16) && cap < 1 << 16 && fits(cap * 2)) cap *= 2;
    this.arena = new Int32Array(cap * this.stride);
    this.table = new Int32Array(cap * 4);
    this.mask = cap * 2 - 1;
  }

  /** Bytes currently allocated by this cache. */
  get bytes(): number {
    return this.arena.byteLength + this.table.byteLength;
  }

  /**
   * Adds (bits, state) unless present; `hash` must be the set's incremental hash.
   * Returns true when it was new. Throws {@link CacheBudgetExceeded} past the budget.
   */
  add(bits: Uint32Array, state: number, hash: number): boolean {
    let h = hash ^ Math.imul(state + 1, 0x9e3779b1);
    h ^= h >>> 16;
    const table = this.table;
    const arena = this.arena;
    const mask = this.mask;
    const words = this.words;
    const stride = this.stride;
    let i = h & mask;
    for (;;) {
      const e = table[2 * i + 1];
      if (e === 0) break;
      if (table[2 * i] === h) {
        let at = (e - 1) * stride;
        if (arena[at] === state) {
          at++;
          let w = 0;
          while (w < words && arena[at + w] === (bits[w] | 0)) w++;
          if (w === words) return false;
        }
      }
      i = (i + 1) & mask;
    }
    const n = this.count;
    if ((n + 1) * stride > arena.length) this.growArena();
    const a = this.arena;
    const at = n * stride;
    a[at] = state;
    for (let w = 0; w < words; w++) a[at + 1 + w] = bits[w];
    table[2 * i] = h;
    table[2 * i + 1] = n + 1;
    this.count = n + 1;
    if (this.count * 2 > mask) this.growTable();
    return true;
  }

  private ensureBudget(extraBytes: number): void {
    if (this.bytes + extraBytes + this.otherBytes() > this.maxBytes) {
      throw new CacheBudgetExceeded(
        `memory budget ran out: ${this.count} configurations cached in ${mib(this.bytes)} MiB, plus ${mib(this.otherBytes())} MiB of states (budget ${mib(this.maxBytes)} MiB)`,
      );
    }
  }

  private growArena(): void {
    const next = new Int32Array(this.arena.length * 2);
    this.ensureBudget(next.byteLength - this.arena.byteLength);
    next.set(this.arena);
    this.arena = next;
  }

  private growTable(): void {
    const old = this.table;
    this.ensureBudget(old.byteLength);
    const table = new Int32Array(old.length * 2);
    const mask = table.length / 2 - 1;
    for (let j = 0; j < old.length; j += 2) {
      const e = old[j + 1];
      if (e === 0) continue;
      const h = old[j];
      let i = h & mask;
      while (table[2 * i + 1] !== 0) i = (i + 1) & mask;
      table[2 * i] = h;
      table[2 * i + 1] = e;
    }
    this.table = table;
    this.mask = mask;
  }
}

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

/**
 * The search's memory of configurations already explored: (set of linearized ops, model state)
 * pairs, stored flat in typed arrays. The caller keeps a 64-bit incremental hash of the set
 * (XOR of per-op random words), so a lookup never rehashes the bitset; a hit is confirmed by
 * comparing the bitset word by word, so hash collisions cost time, never correctness.
 */

/** Thrown by {@link ConfigCache.add} when growing would pass the memory budget. */
export class CacheBudgetExceeded extends Error {
  override name = 'CacheBudgetExceeded';
}

/** Words per entry besides the bitset: state id, hash low word, hash high word. */
const HEADER = 3;

/** A hash set of (bitset of `words` 32-bit words, state id). One per search; not thread-safe. */
export class ConfigCache {
  /** Entries stored. */
  count = 0;
  private readonly stride: number;
  /** Flat entries: [state, hashLo, hashHi, bitset words…] × count. */
  private arena: Int32Array;
  /** Open-addressing table of entry number + 1 (0 = empty). */
  private slots: Int32Array;
  /** Per slot, the mixed hash of its entry, to reject most mismatches without the arena. */
  private slotHash: Int32Array;
  private mask: number;

  /**
   * @param words - bitset length in 32-bit words.
   * @param maxBytes - memory budget for this cache, in bytes (checked when growing).
   * @param ops - ops in the partition, to size the first allocation (default 0).
   */
  constructor(
    private readonly words: number,
    private readonly maxBytes: number,
    ops = 0,
  ) {
    this.stride = words + HEADER;
    let cap = 256;
    while (cap < ops * 8 && cap < 1 << 16) cap *= 2;
    this.arena = new Int32Array(cap * this.stride);
    this.slots = new Int32Array(cap * 2);
    this.slotHash = new Int32Array(cap * 2);
    this.mask = cap * 2 - 1;
  }

  /** Bytes currently allocated by this cache. */
  get bytes(): number {
    return this.arena.byteLength + this.slots.byteLength + this.slotHash.byteLength;
  }

  /**
   * Adds (bits, state) unless present. `lo`/`hi` must be the set's incremental hash.
   * Returns true when it was new. Throws {@link CacheBudgetExceeded} past the budget.
   */
  add(bits: Uint32Array, state: number, lo: number, hi: number): boolean {
    const h = mix(lo, state);
    const mask = this.mask;
    const slots = this.slots;
    const slotHash = this.slotHash;
    const arena = this.arena;
    const words = this.words;
    let i = h & mask;
    for (;;) {
      const e = slots[i];
      if (e === 0) break;
      if (slotHash[i] === h) {
        let at = (e - 1) * this.stride;
        if (arena[at] === state && arena[at + 2] === hi) {
          at += HEADER;
          let w = 0;
          while (w < words && arena[at + w] === (bits[w] | 0)) w++;
          if (w === words) return false;
        }
      }
      i = (i + 1) & mask;
    }
    if ((this.count + 1) * this.stride > arena.length) {
      this.growArena();
    }
    const n = this.count++;
    const at = n * this.stride;
    const a = this.arena;
    a[at] = state;
    a[at + 1] = lo;
    a[at + 2] = hi;
    for (let w = 0; w < words; w++) a[at + HEADER + w] = bits[w];
    slots[i] = n + 1;
    slotHash[i] = h;
    if (this.count * 2 > mask) this.growSlots();
    return true;
  }

  private ensureBudget(extraBytes: number): void {
    if (this.bytes + extraBytes > this.maxBytes) {
      throw new CacheBudgetExceeded(
        `search cache would pass the memory budget (${this.count} configurations, ${mib(this.bytes)} MiB allocated, budget ${mib(this.maxBytes)} MiB)`,
      );
    }
  }

  private growArena(): void {
    const next = new Int32Array(this.arena.length * 2);
    this.ensureBudget(next.byteLength - this.arena.byteLength);
    next.set(this.arena);
    this.arena = next;
  }

  private growSlots(): void {
    const cap = this.slots.length * 2;
    this.ensureBudget(cap * 8 - this.slots.byteLength - this.slotHash.byteLength);
    const slots = new Int32Array(cap);
    const slotHash = new Int32Array(cap);
    const mask = cap - 1;
    const arena = this.arena;
    for (let n = 0; n < this.count; n++) {
      const at = n * this.stride;
      const h = mix(arena[at + 1], arena[at]);
      let i = h & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = n + 1;
      slotHash[i] = h;
    }
    this.slots = slots;
    this.slotHash = slotHash;
    this.mask = mask;
  }
}

/** Mixes the set's hash with the state id into a slot hash. Pure. */
function mix(lo: number, state: number): number {
  let h = lo ^ Math.imul(state + 1, 0x9e3779b1);
  h ^= h >>> 16;
  return h | 0;
}

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

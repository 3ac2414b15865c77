/**
 * The search's memory of configurations already explored: (set of linearized ops, model state)
 * pairs, stored flat in typed arrays. The caller keeps an incremental hash of the set (XOR of
 * per-op random words), so a lookup never rehashes the set; a hit is confirmed by comparing
 * state and set word by word, so hash collisions cost time, never correctness.
 *
 * Sets are stored in the compact form of `SetWindow`: `lo`, the bitset words covering
 * [lo, hi), and `below`, the id of the counts of crashed ops placed (tokens.ts). Those counts
 * are compared by dominance, not equality: a configuration is covered by a stored one with the
 * same definite ops and state and no more crashed ops used of any class (`covers`), since
 * crashed ops are optional and more of them left can only help. The hash is the definite
 * ops' and the state's, so all counts of one (set, state) meet on one probe chain.
 */

import { EMPTY_I32, NO_SLAB, type Slab } from './slab.js';

/** Thrown by {@link ConfigCache.add} when growing would pass the memory budget. */
export class CacheBudgetExceeded extends Error {
  override name = 'CacheBudgetExceeded';
}

/** Words per entry besides the window: state, lo, window words, id of the crashed-op counts. */
const HEADER = 4;

/** A hash set of (set of ops, state id). One per search; not thread-safe. */
export class ConfigCache {
  /** Configurations stored (counting each crashed-op counts of an entry). */
  count = 0;
  /** Distinct (set, state) entries in the table. */
  private entries = 0;
  /** Arena words in use. */
  private top = 0;
  /**
   * Flat entries: [state, lo, words, below, bitset words from lo >> 5 …] one after another;
   * `below` is a counts id, or -1 - the first node of a chain of them.
   */
  private arena: Int32Array;
  /** Open addressing, two words per slot: [mixed hash, arena offset + 1 (0 = empty)]. */
  private table: Int32Array;
  private mask: number;
  /** Chains of counts ids for entries holding more than one: id and next node (-1 ends). */
  private chainId: Int32Array = EMPTY_I32;
  private chainNext: Int32Array = EMPTY_I32;
  private chainTop = 0;

  /**
   * @param maxBytes - memory budget for this cache, in bytes (checked when growing).
   * @param ops - ops in the partition, to size the first allocation (default 0).
   * @param otherBytes - bytes held elsewhere by the same search, counted against the budget.
   * @param covers - whether a stored `below` id covers a given one (default: equal ids).
   * @param slab - where to take the first (small) arrays from.
   */
  constructor(
    private readonly maxBytes: number,
    ops = 0,
    private readonly otherBytes: () => number = () => 0,
    private readonly covers: (stored: number, given: number) => boolean = (a, b) => a === b,
    slab: Slab = NO_SLAB,
  ) {
    let cap = 16;
    while (cap < ops * 2 && cap < 1 << 16 && cap * 40 < maxBytes) cap *= 2;
    this.arena = slab.i32(cap * (HEADER + 1));
    this.table = slab.i32(cap * 4);
    this.mask = cap * 2 - 1;
  }

  /** Bytes currently allocated by this cache. */
  get bytes(): number {
    return this.arena.byteLength + this.table.byteLength + this.chainId.byteLength * 2;
  }

  /**
   * Adds (set, state, below) unless covered; returns true when it was not. The set is given by
   * `lo` and `bits` between `lo` and `hi` (see `SetWindow`), `below` is its crashed-op counts
   * id; `hash` is the set's incremental hash. A stored entry of the same set and state that the
   * new one covers takes its `below` instead of a new entry. Throws
   * {@link CacheBudgetExceeded} past the budget.
   */
  add(bits: Uint32Array, state: number, hash: number, lo: number, hi: number, below: number): boolean {
    return this.find(bits, state, hash, lo, hi, below, true);
  }

  /** True when (set, state, below) is covered; like {@link ConfigCache.add} but never stores. */
  has(bits: Uint32Array, state: number, hash: number, lo: number, hi: number, below: number): boolean {
    return !this.find(bits, state, hash, lo, hi, below, false);
  }

  /** False when present; else stores it when `store` and returns true. */
  private find(bits: Uint32Array, state: number, hash: number, lo: number, hi: number, below: number, store: boolean): boolean {
    const w0 = lo >>> 5;
    const words = hi > lo ? ((hi - 1) >>> 5) - w0 + 1 : 0;
    let h = hash ^ Math.imul(state + 1, 0x9e3779b1);
    h ^= h >>> 16;
    const table = this.table;
    const arena = this.arena;
    const mask = this.mask;
    let i = h & mask;
    for (;;) {
      const at = table[2 * i + 1];
      if (at === 0) break;
      if (table[2 * i] === h) {
        const a = at - 1;
        if (arena[a] === state && arena[a + 1] === lo && arena[a + 2] === words) {
          let w = 0;
          while (w < words && arena[a + HEADER + w] === (bits[w0 + w] | 0)) w++;
          if (w === words) return this.meet(a, below, store);
        }
      }
      i = (i + 1) & mask;
    }
    if (!store) return true;
    const need = HEADER + words;
    if (this.top + need > arena.length) this.growArena(this.top + need);
    const a = this.arena;
    const at = this.top;
    a[at] = state;
    a[at + 1] = lo;
    a[at + 2] = words;
    a[at + 3] = below;
    for (let w = 0; w < words; w++) a[at + HEADER + w] = bits[w0 + w];
    this.top = at + need;
    table[2 * i] = h;
    table[2 * i + 1] = at + 1;
    this.count++;
    if (++this.entries * 2 > mask) this.growTable();
    return true;
  }

  /**
   * The entry at arena offset `a` has the same set and state: false when one of its counts
   * covers `below`; else, when `store`, `below` joins them (replacing one it covers, if any)
   * and true. Counts live in the entry itself while there is one, else in a chain.
   */
  private meet(a: number, below: number, store: boolean): boolean {
    const arena = this.arena;
    const head = arena[a + 3];
    let dominated = -1;
    if (head >= 0) {
      if (head === below || this.covers(head, below)) return false;
      if (!store) return true;
      if (this.covers(below, head)) {
        arena[a + 3] = below;
      } else {
        arena[a + 3] = -1 - this.link(below, this.link(head, -1));
        this.count++;
      }
      return true;
    }
    for (let x = -1 - head; x >= 0; x = this.chainNext[x]) {
      const stored = this.chainId[x];
      if (stored === below || this.covers(stored, below)) return false;
      if (dominated < 0 && this.covers(below, stored)) dominated = x;
    }
    if (!store) return true;
    if (dominated >= 0) {
      this.chainId[dominated] = below;
    } else {
      arena[a + 3] = -1 - this.link(below, -1 - head);
      this.count++;
    }
    return true;
  }

  /** A new chain node holding `id` before node `next` (-1: none); its number. */
  private link(id: number, next: number): number {
    if (this.chainTop === this.chainId.length) {
      this.ensureBudget(this.chainId.byteLength * 2);
      const size = Math.max(64, this.chainId.length * 2);
      const ids = new Int32Array(size);
      const nexts = new Int32Array(size);
      ids.set(this.chainId);
      nexts.set(this.chainNext);
      this.chainId = ids;
      this.chainNext = nexts;
    }
    const x = this.chainTop++;
    this.chainId[x] = id;
    this.chainNext[x] = next;
    return x;
  }

  private ensureBudget(extraBytes: number): void {
    if (this.bytes + extraBytes + this.otherBytes() > this.maxBytes) {
      throw new CacheBudgetExceeded(
        `memory budget ran out: ${this.count} configurations cached in ${mib(this.bytes)} MiB, plus ${mib(this.otherBytes())} MiB of states (budget ${mib(this.maxBytes)} MiB)`,
      );
    }
  }

  private growArena(atLeast: number): void {
    let size = this.arena.length * 2;
    while (size < atLeast) size *= 2;
    this.ensureBudget((size - this.arena.length) * 4);
    const next = new Int32Array(size);
    next.set(this.arena.subarray(0, this.top));
    this.arena = next;
  }

  private growTable(): void {
    const old = this.table;
    this.ensureBudget(old.byteLength);
    const table = new Int32Array(old.length * 2);
    const mask = table.length / 2 - 1;
    for (let j = 0; j < old.length; j += 2) {
      const at = old[j + 1];
      if (at === 0) continue;
      const h = old[j];
      let i = h & mask;
      while (table[2 * i + 1] !== 0) i = (i + 1) & mask;
      table[2 * i] = h;
      table[2 * i + 1] = at;
    }
    this.table = table;
    this.mask = mask;
  }
}

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

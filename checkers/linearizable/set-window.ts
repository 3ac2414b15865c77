/**
 * The compact, canonical form of a configuration that the search's cache stores. Definite ops
 * are numbered in call order; the set of those placed is described by
 * - `lo`: the lowest definite op not placed (every definite op below it is placed),
 * - `hi`: one past the highest op placed (no op from `hi` on is placed),
 * - the bitset words covering [lo, hi);
 * and `below` is the id of the counts of crashed ops placed per class (see tokens.ts and
 * `CountTrie`; crashed ops are never in the bitset). In a long history that is a few words
 * instead of n / 32. Kept in step with the search through push / pop; not thread-safe.
 */

/** Tracks `lo`, `hi` and the token counts id along the search's path. */
import { NO_SLAB, type Slab } from './slab.js';

export class SetWindow {
  /** Lowest definite op not placed (n when none is left). */
  lo = 0;
  /** One past the highest op placed. */
  hi = 0;
  /** Id of the counts of crashed ops placed (`CountTrie`). */
  below = 0;
  /** Filled by {@link SetWindow.key} / {@link SetWindow.keyToken}: the form after one more op. */
  keyLo = 0;
  keyHi = 0;
  keyBelow = 0;
  private readonly stackLo: Int32Array;
  private readonly stackHi: Int32Array;
  private readonly stackBelow: Int32Array;

  /**
   * @param definiteMask - bit i set when op i is definite (one bit per op, 32 per word).
   * @param n - ops in the partition.
   * @param slab - where to take the stacks from.
   */
  constructor(
    private readonly definiteMask: Uint32Array,
    private readonly n: number,
    slab: Slab = NO_SLAB,
  ) {
    this.stackLo = slab.i32(n);
    this.stackHi = slab.i32(n);
    this.stackBelow = slab.i32(n);
    this.lo = this.firstUnplacedDefinite(slab.u32(definiteMask.length), 0);
  }

  /** The lowest definite op at or after `from` whose bit in `bits` is clear, or n. */
  private firstUnplacedDefinite(bits: Uint32Array, from: number): number {
    const n = this.n;
    const mask = this.definiteMask;
    let w = from >>> 5;
    if (w >= mask.length) return n;
    let m = (mask[w] & ~bits[w] & (-1 << (from & 31))) >>> 0;
    while (m === 0) {
      if (++w >= mask.length) return n;
      m = (mask[w] & ~bits[w]) >>> 0;
    }
    return (w << 5) + (31 - Math.clz32(m & -m));
  }

  /** Computes keyLo, keyHi and keyBelow for the set `bits`, in which definite `op` was just placed. */
  key(bits: Uint32Array, op: number): void {
    const lo = this.lo;
    this.keyLo = op === lo ? this.firstUnplacedDefinite(bits, op + 1) : lo;
    this.keyHi = op < this.hi ? this.hi : op + 1;
    this.keyBelow = this.below;
  }

  /** Computes the key after placing a crashed op: token counts id `counts`, the set unchanged. */
  keyToken(counts: number): void {
    this.keyLo = this.lo;
    this.keyHi = this.hi;
    this.keyBelow = counts;
  }

  /** The search placed an op at `depth`, right after {@link SetWindow.key} for it. */
  push(depth: number): void {
    this.stackLo[depth] = this.lo;
    this.stackHi[depth] = this.hi;
    this.stackBelow[depth] = this.below;
    this.lo = this.keyLo;
    this.hi = this.keyHi;
    this.below = this.keyBelow;
  }

  /** The search took back the op it placed at `depth`. */
  pop(depth: number): void {
    this.lo = this.stackLo[depth];
    this.hi = this.stackHi[depth];
    this.below = this.stackBelow[depth];
  }
}

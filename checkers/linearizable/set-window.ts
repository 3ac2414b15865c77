/**
 * The compact, canonical form of the linearized set that the search's cache stores. Ops are
 * numbered in call order; the set is described by
 * - `lo`: the lowest definite op not placed (every definite op below it is placed),
 * - `hi`: one past the highest op placed (no op from `hi` on is placed),
 * - the bitset words covering [lo, hi), and
 * - the id of the set of indeterminate ops below `lo` that are placed (interned, see
 *   `SparseSets`: indeterminate ops never placed linger below `lo` forever, so which of them
 *   are placed cannot simply be implied).
 * In a long history that is a few words instead of n / 32. Kept in step with the search
 * through push / pop; not thread-safe.
 */
import { SparseSets } from './sparse-sets.js';

/** Tracks `lo`, `hi` and the placed indeterminate ops below `lo` along the search's path. */
export class SetWindow {
  /** Lowest definite op not placed (n when none is left). */
  lo = 0;
  /** One past the highest op placed. */
  hi = 0;
  /** Id of the set of indeterminate ops below `lo` that are placed. */
  below = 0;
  /** Filled by {@link SetWindow.key}: the form of the set with one more op. */
  keyLo = 0;
  keyHi = 0;
  keyBelow = 0;
  /** Interned sets of indeterminate ops. */
  readonly sets: SparseSets;
  private readonly stackLo: Int32Array;
  private readonly stackHi: Int32Array;
  private readonly stackBelow: Int32Array;

  /**
   * @param definiteMask - bit i set when op i is definite (one bit per op, 32 per word).
   * @param indeterminate - 1 for indeterminate ops.
   */
  constructor(
    private readonly definiteMask: Uint32Array,
    private readonly indeterminate: Uint8Array,
  ) {
    const n = indeterminate.length;
    this.sets = new SparseSets(n);
    this.stackLo = new Int32Array(n);
    this.stackHi = new Int32Array(n);
    this.stackBelow = new Int32Array(n);
    this.lo = this.firstUnplacedDefinite(new Uint32Array(definiteMask.length), 0);
  }

  /** The lowest definite op at or after `from` whose bit in `bits` is clear, or n. */
  private firstUnplacedDefinite(bits: Uint32Array, from: number): number {
    const n = this.indeterminate.length;
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

  /** Computes keyLo, keyHi and keyBelow for the set `bits`, in which `op` was just placed. */
  key(bits: Uint32Array, op: number): void {
    const lo = this.lo;
    const nextLo = op === lo ? this.firstUnplacedDefinite(bits, op + 1) : lo;
    let below = this.below;
    if (op < lo && this.indeterminate[op] === 1) below = this.sets.add(below, op);
    // indeterminate ops passed over by lo that are placed join the set below
    for (let x = lo + 1; x < nextLo; x++) {
      if (this.indeterminate[x] === 1 && (bits[x >>> 5] & (1 << (x & 31))) !== 0) below = this.sets.add(below, x);
    }
    this.keyLo = nextLo;
    this.keyHi = op < this.hi ? this.hi : op + 1;
    this.keyBelow = below;
  }

  /** The search placed `op` at `depth`, right after {@link SetWindow.key} for it. */
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

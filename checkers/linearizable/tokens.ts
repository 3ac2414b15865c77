/**
 * Crashed ops as tokens. An indeterminate op (an `info` completion, or none) returns at +∞: once
 * invoked it may take effect at any later instant, or never. Two such ops with the same
 * function, key and argument are interchangeable — the model sees the same op either way — so
 * the search does not ask *which* of them it placed, only *how many* of each class, and always
 * places the earliest-invoked unused one:
 *
 * Exchange argument (why this loses no linearization): take any linearization that places x,
 * the k-th invoked op of class C, while y, an earlier-invoked op of C, stays unplaced. Put y
 * where x was and drop x: y was invoked before x, hence before that point; neither has a
 * return to respect; the model steps the same. Repeating this, every linearization has one
 * that places, of each class, a prefix of its members in invocation order — so a configuration
 * is fully described by the definite ops placed, the state, and the count per class.
 *
 * This replaces a bitset over thousands of crashed ops (2^k configurations for k open crashed
 * ops of one class) by k + 1 counts, and takes crashed ops out of the search's entry list, so
 * they cost nothing until a completed op needs one.
 */
import type { ModelOp } from './model.js';
import { NO_SLAB, type Slab } from './slab.js';
import { valueKey } from './values.js';

/** The token classes of one partition. */
export interface TokenClasses {
  /** Number of classes. */
  readonly count: number;
  /** Per op: its class, or -1 for a definite op. */
  readonly classOf: Int32Array;
  /** Per op: its rank in its class, in invocation order (0 for definite ops). */
  readonly rank: Int32Array;
  /** Members of class c, in invocation order: `members[start[c]] … members[start[c + 1] - 1]`. */
  readonly start: Int32Array;
  readonly members: Int32Array;
}

/** What makes two indeterminate ops interchangeable: function, key and argument. Pure. */
export function tokenKey(op: Pick<ModelOp, 'f' | 'key' | 'input'>): string {
  return `${op.f}\u0000${op.key === undefined ? '' : String(valueKey(op.key))}\u0000${String(valueKey(op.input))}`;
}

/**
 * Groups the indeterminate ops (`indeterminate[i] === 1`) of `ops` (sorted by invocation) into
 * classes, numbered by their first member's invocation. Pure.
 */
export function tokenClasses(ops: readonly ModelOp[], indeterminate: Uint8Array, slab: Slab = NO_SLAB): TokenClasses {
  const n = ops.length;
  const classOf = slab.i32(n).fill(-1);
  const rank = slab.i32(n);
  let ids: Map<string, number> | undefined;
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    if (indeterminate[i] === 0) continue;
    ids ??= new Map();
    const k = tokenKey(ops[i]);
    let c = ids.get(k);
    if (c === undefined) {
      c = sizes.length;
      ids.set(k, c);
      sizes.push(0);
    }
    classOf[i] = c;
    rank[i] = sizes[c]++;
  }
  const count = sizes.length;
  const start = slab.i32(count + 1);
  for (let c = 0; c < count; c++) start[c + 1] = start[c] + sizes[c];
  const members = slab.i32(start[count]);
  for (let i = 0; i < n; i++) if (classOf[i] >= 0) members[start[classOf[i]] + rank[i]] = i;
  return { count, classOf, rank, start, members };
}

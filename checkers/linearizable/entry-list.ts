/**
 * The doubly linked list of call and return entries the search walks, in typed arrays.
 * Entry `2i` is op i's call, `2i + 1` its return; entry `2n` is the head sentinel.
 */
import type { ModelOp } from './model.js';
import { NO_SLAB, type Slab } from './slab.js';

/** The linked list and the per-op facts the search needs. */
export interface EntryList {
  /** `next[e]`, `prev[e]`: neighbours of entry `e`; the list is circular through the head. */
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** The head sentinel's entry number (`2n`). */
  readonly head: number;
  /** 1 for ops that may stay unlinearized (indeterminate: they return at +∞). */
  readonly indeterminate: Uint8Array;
  /** Ops that must be linearized. */
  readonly definite: number;
}

/**
 * Builds the list of `ops` (sorted by call position) in time order: entries by position,
 * calls and returns interleaved; indeterminate returns last, in op order. Pure.
 */
export function buildEntryList(ops: readonly ModelOp[], slab: Slab = NO_SLAB): EntryList {
  const n = ops.length;
  const head = 2 * n;
  const next = slab.i32(2 * n + 1);
  const prev = slab.i32(2 * n + 1);
  const indeterminate = slab.u8(n);
  let definite = 0;
  // Returns sorted by position (indeterminate ones at +∞, in op order), then merged with the
  // calls, which are already in position order. Sort keys pack (position, op) in one double.
  const keys = slab.f64(n);
  let packed = n < 2 ** 21;
  for (let i = 0; i < n; i++) {
    const ret = ops[i].ret;
    if (ret === Infinity) indeterminate[i] = 1;
    else definite++;
    if (ret !== Infinity && ret >= 2 ** 31) packed = false;
    keys[i] = (ret === Infinity ? 2 ** 31 + i : ret) * 2 ** 21 + i;
  }
  let rets: Int32Array;
  if (packed) {
    keys.sort();
    rets = slab.i32(n);
    for (let j = 0; j < n; j++) rets[j] = keys[j] % 2 ** 21;
  } else {
    rets = new Int32Array(n);
    for (let i = 0; i < n; i++) rets[i] = i;
    rets.sort((a, b) => ops[a].ret - ops[b].ret || a - b);
  }
  let last = head;
  let c = 0;
  for (let j = 0; j <= n; j++) {
    const r = j < n ? rets[j] : -1;
    const t = r < 0 ? Infinity : ops[r].ret;
    while (c < n && (r < 0 || ops[c].call < t)) {
      const e = 2 * c++;
      next[last] = e;
      prev[e] = last;
      last = e;
    }
    if (r < 0) break;
    const e = 2 * r + 1;
    next[last] = e;
    prev[e] = last;
    last = e;
  }
  next[last] = head;
  prev[head] = last;
  return { next, prev, head, indeterminate, definite };
}

/** Unlinks op `c >> 1`'s call entry `c` and its return `c + 1`. */
export function lift(next: Int32Array, prev: Int32Array, c: number): void {
  const r = c + 1;
  next[prev[c]] = next[c];
  prev[next[c]] = prev[c];
  next[prev[r]] = next[r];
  prev[next[r]] = prev[r];
}

/** Relinks the return `c + 1`, then the call `c` (the reverse of {@link lift}). */
export function unlift(next: Int32Array, prev: Int32Array, c: number): void {
  const r = c + 1;
  next[prev[r]] = r;
  prev[next[r]] = r;
  next[prev[c]] = c;
  prev[next[c]] = c;
}

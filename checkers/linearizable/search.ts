/**
 * The linearization search for one partition: Wing & Gong's backtracking with Lowe's
 * memoisation, as in Porcupine. Ops are lifted out of a doubly linked list of call/return
 * entries when linearized and put back on backtracking; a cache of (linearized set, state)
 * pairs prunes configurations already explored. Indeterminate ops return at +∞, so the search
 * succeeds as soon as every definite op is placed. One refinement: a read-only op that can
 * happen now is placed at once, without branching (see the comment in the loop).
 *
 * No allocation in the hot loop: bitset, stacks and links are preallocated typed arrays; the
 * linearized set's hash is kept incrementally (XOR of per-op random words).
 */
import { CacheBudgetExceeded, ConfigCache } from './config-cache.js';
import { DeadEndTracker, type DeadEnd } from './dead-ends.js';
import { buildEntryList, lift, unlift } from './entry-list.js';
import type { ModelOp } from './model.js';
import type { StateSpace } from './state-space.js';
import type { Validity } from '../verdict.js';

export type { DeadEnd } from './dead-ends.js';

/** Limits of one search. */
export interface SearchBudget {
  /** Absolute deadline, in ms since the epoch (`Date.now()` clock); `Infinity` for none. */
  readonly deadline: number;
  /** Memory budget for cache and memo, in bytes. */
  readonly maxBytes: number;
}

/** What {@link searchLinearization} found. */
export interface SearchResult {
  readonly valid: Validity;
  /** Why the search gave up, when `valid` is `'unknown'`. */
  readonly reason?: string;
  /** Configurations stored in the cache. */
  readonly cacheEntries: number;
  /** Bytes allocated by cache and memo at the end. */
  readonly bytes: number;
  /** Definite ops (those that must be linearized). */
  readonly definite: number;
  /** Most definite ops placed in any prefix explored (all of them when valid). */
  readonly best: number;
  /** Up to `maxDeadEnds` distinct dead ends of the best length (when invalid). */
  readonly deadEnds: readonly DeadEnd[];
  /** Further dead ends of the best length met but not kept. */
  readonly moreDeadEnds: number;
}

/** Deterministic 32-bit xorshift words for the per-op hashes. Pure given the seed. */
function randomWords(n: number, seed: number): Int32Array {
  const out = new Int32Array(n);
  let x = seed | 0 || 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x;
  }
  return out;
}

function finish(
  valid: Validity,
  reason: string | undefined,
  cache: ConfigCache,
  space: StateSpace<unknown>,
  definite: number,
  dead: DeadEndTracker,
): SearchResult {
  return {
    valid,
    ...(reason === undefined ? {} : { reason }),
    cacheEntries: cache.count,
    bytes: cache.bytes + space.bytes,
    definite,
    best: valid === true ? definite : Math.max(dead.best, 0),
    deadEnds: valid === false ? dead.ends : [],
    moreDeadEnds: valid === false ? dead.more : 0,
  };
}

const TIME_OUT = 'time budget ran out';

/**
 * Searches for a linearization of `ops` (sorted by call) under `space`'s model.
 * Valid → `valid: true`; exhausted → `valid: false` with the longest dead ends; out of time or
 * memory → `'unknown'` with the reason. Deterministic for given inputs (except timing).
 *
 * @param maxDeadEnds - how many distinct longest dead ends to keep (default 3).
 */
export function searchLinearization(
  space: StateSpace<unknown>,
  ops: readonly ModelOp[],
  budget: SearchBudget,
  maxDeadEnds = 3,
): SearchResult {
  const n = ops.length;
  const { next, prev, head, indeterminate, definite } = buildEntryList(ops);
  const words = Math.max(1, (n + 31) >>> 5);
  const bits = new Uint32Array(words);
  const rlo = randomWords(n, 0x1234567);
  const rhi = randomWords(n, 0x7654321);
  const cache = new ConfigCache(words, budget.maxBytes, n);
  const dead = new DeadEndTracker(maxDeadEnds);
  const stackOp = new Int32Array(n);
  const stackState = new Int32Array(n);
  const stackForced = new Uint8Array(n);
  const readOnly = space.readOnly;
  const deadline = budget.deadline;
  const maxBytes = budget.maxBytes;

  let remaining = definite;
  let state = 0;
  let lo = 0;
  let hi = 0;
  let sig = 0; // XOR of the random words of the definite ops placed, to tell dead ends apart
  let depth = 0;
  let iter = 0;
  if (remaining === 0) return finish(true, undefined, cache, space, definite, dead);

  try {
    next_config: for (;;) {
      if ((++iter & 1023) === 0) {
        if (Date.now() > deadline) return finish('unknown', TIME_OUT, cache, space, definite, dead);
        if (cache.bytes + space.bytes > maxBytes) {
          return finish('unknown', 'memory budget ran out (memo)', cache, space, definite, dead);
        }
      }
      // A read-only op that can happen now goes first, without branching: any linearization
      // of the rest can be rearranged to start with it (it changes nothing, and every op that
      // real time puts before it is already placed).
      let e = next[head];
      let to = -1;
      while ((e & 1) === 0) {
        if (readOnly[e >>> 1] === 1) {
          to = space.step(state, e >>> 1);
          if (to >= 0) break;
        }
        e = next[e];
      }
      let backtrack = false;
      if ((e & 1) === 0) {
        const op = e >>> 1;
        const w = op >>> 5;
        const bit = 1 << (op & 31);
        bits[w] |= bit;
        if (cache.add(bits, to, lo ^ rlo[op], hi ^ rhi[op])) {
          stackOp[depth] = op;
          stackState[depth] = state;
          stackForced[depth] = 1;
          depth++;
          state = to;
          lo ^= rlo[op];
          hi ^= rhi[op];
          lift(next, prev, e);
          if (indeterminate[op] === 0) {
            sig ^= rlo[op];
            if (--remaining === 0) return finish(true, undefined, cache, space, definite, dead);
          }
          continue next_config;
        }
        // Explored before without success, and so, by the argument above, is this one.
        bits[w] &= ~bit;
        backtrack = true;
      } else {
        e = next[head];
      }
      for (;;) {
        if (!backtrack) {
          // Branch over the ops real time allows next (calls before the first return).
          while ((e & 1) === 0) {
            const op = e >>> 1;
            if (readOnly[op] === 0) {
              to = space.step(state, op);
              if (to >= 0) {
                const w = op >>> 5;
                const bit = 1 << (op & 31);
                bits[w] |= bit;
                const nlo = lo ^ rlo[op];
                const nhi = hi ^ rhi[op];
                if (cache.add(bits, to, nlo, nhi)) {
                  stackOp[depth] = op;
                  stackState[depth] = state;
                  stackForced[depth] = 0;
                  depth++;
                  state = to;
                  lo = nlo;
                  hi = nhi;
                  lift(next, prev, e);
                  if (indeterminate[op] === 0) {
                    sig ^= rlo[op];
                    if (--remaining === 0) return finish(true, undefined, cache, space, definite, dead);
                  }
                  continue next_config;
                }
                bits[w] &= ~bit;
              }
            }
            e = next[e];
          }
          // A return entry: its op had to be placed before anything later, and was not.
          dead.offer(definite - remaining, sig, space, next, head, e, state, stackOp, depth);
        }
        backtrack = false;
        // Pop back to the last choice (forced read-only placements were no choice).
        let c = 0;
        do {
          if (depth === 0) return finish(false, undefined, cache, space, definite, dead);
          if ((++iter & 1023) === 0 && Date.now() > deadline) {
            return finish('unknown', TIME_OUT, cache, space, definite, dead);
          }
          depth--;
          const op = stackOp[depth];
          state = stackState[depth];
          lo ^= rlo[op];
          hi ^= rhi[op];
          bits[op >>> 5] &= ~(1 << (op & 31));
          if (indeterminate[op] === 0) {
            sig ^= rlo[op];
            remaining++;
          }
          c = 2 * op;
          unlift(next, prev, c);
        } while (stackForced[depth] === 1);
        e = next[c];
      }
    }
  } catch (err) {
    if (err instanceof CacheBudgetExceeded) return finish('unknown', err.message, cache, space, definite, dead);
    throw err;
  }
}

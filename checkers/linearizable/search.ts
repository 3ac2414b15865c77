/**
 * The linearization search for one partition: Wing & Gong's backtracking with Lowe's
 * memoisation, as in Porcupine. Ops are lifted out of a doubly linked list of call/return
 * entries when linearized and put back on backtracking; a cache of (linearized set, state)
 * pairs prunes configurations already explored. Indeterminate ops return at +∞, so the search
 * succeeds as soon as every definite op is placed. Refinements, each explained in the loop:
 * read-only ops that can happen now are placed at once without branching; definite ops are
 * tried before indeterminate ones, and an indeterminate op that would change nothing is never
 * placed; a model's reachability test abandons configurations whose pending reads are doomed.
 * The cache stores sets in the compact form of `SetWindow`.
 *
 * The search can pause after a number of configurations and resume later, so a scheduler can
 * share time fairly among many keys. No allocation in the hot loop: bitset, stacks and links
 * are preallocated typed arrays; the linearized set's hash is kept incrementally (XOR of
 * per-op random words).
 */
import { CacheBudgetExceeded, ConfigCache } from './config-cache.js';
import { DeadEndTracker } from './dead-ends.js';
import { buildEntryList, lift, unlift } from './entry-list.js';
import type { ModelOp } from './model.js';
import type { StateSpace } from './state-space.js';
import type { Validity } from '../../core/verdict.js';
import { randomWords } from './set-hash.js';
import { SetWindow } from './set-window.js';
import { doomedAhead } from './lookahead.js';
import type { SearchBudget, SearchResult } from './search-types.js';

export type { DeadEnd } from './dead-ends.js';
export type { SearchBudget, SearchResult } from './search-types.js';

const TIME_OUT = 'time budget ran out';

function memoryOut(s: LinearizationSearch): string {
  return `memory budget ran out: ${s.configurations} configurations and their states took ${(s.bytes / 1048576).toFixed(1)} MiB`;
}

/**
 * One resumable search over `ops` (sorted by call) under `space`'s model. Call
 * {@link LinearizationSearch.run} until it returns a result. Not thread-safe.
 */
export class LinearizationSearch {
  /** Configurations explored so far. */
  get configurations(): number {
    return this.cache.count;
  }

  /** Bytes allocated by the cache and the state space. */
  get bytes(): number {
    return this.cache.bytes + this.space.bytes + this.window.sets.bytes;
  }

  private readonly next: Int32Array;
  private readonly prev: Int32Array;
  private readonly head: number;
  private readonly indeterminate: Uint8Array;
  private readonly definite: number;
  private readonly bits: Uint32Array;
  private readonly rnd: Int32Array;
  private readonly cache: ConfigCache;
  private readonly maxBytes: number;
  /** Whether op `i` is linearized in the current configuration. */
  private readonly placed: (i: number) => boolean;
  private readonly dead: DeadEndTracker;
  private readonly stackOp: Int32Array;
  private readonly stackState: Int32Array;
  private readonly stackForced: Uint8Array;
  private readonly window: SetWindow;
  // The search position, saved between runs.
  private remaining: number;
  private state = 0;
  private hash = 0;
  /** XOR of the random words of the definite ops placed, to tell dead ends apart. */
  private sig = 0;
  private depth = 0;
  /** Shallowest depth popped to since the dead-end tracker last copied the stack. */
  private low = 0;
  private result: SearchResult | undefined;

  /**
   * @param maxBytes - memory budget of this search's cache, in bytes.
   * @param maxDeadEnds - distinct longest dead ends to keep for the explanation (default 3).
   */
  constructor(
    private readonly space: StateSpace<unknown>,
    ops: readonly ModelOp[],
    maxBytes: number,
    maxDeadEnds = 3,
  ) {
    const n = ops.length;
    const list = buildEntryList(ops);
    this.next = list.next;
    this.prev = list.prev;
    this.head = list.head;
    this.indeterminate = list.indeterminate;
    this.definite = list.definite;
    this.remaining = list.definite;
    const words = Math.max(1, (n + 31) >>> 5);
    const bits = new Uint32Array(words);
    this.bits = bits;
    this.placed = (i) => (bits[i >>> 5] & (1 << (i & 31))) !== 0;
    this.rnd = randomWords(n, 0x1234567);
    this.maxBytes = maxBytes;
    this.cache = new ConfigCache(maxBytes, n, () => space.bytes + this.window.sets.bytes);
    this.dead = new DeadEndTracker(maxDeadEnds, ops);
    this.stackOp = new Int32Array(n);
    this.stackState = new Int32Array(n);
    this.stackForced = new Uint8Array(n);
    const definiteMask = new Uint32Array(words);
    for (let i = 0; i < n; i++) if (this.indeterminate[i] === 0) definiteMask[i >>> 5] |= 1 << (i & 31);
    this.window = new SetWindow(definiteMask, this.indeterminate);
    if (this.remaining === 0) this.result = this.finish(true);
  }

  private finish(valid: Validity, reason?: string): SearchResult {
    const dead = this.dead;
    this.result = {
      valid,
      ...(reason === undefined ? {} : { reason }),
      cacheEntries: this.cache.count,
      bytes: this.bytes,
      definite: this.definite,
      best: valid === true ? this.definite : Math.max(dead.best, 0),
      deadEnds: valid === false ? dead.ends(this.space) : [],
      moreDeadEnds: valid === false ? dead.more : 0,
    };
    return this.result;
  }

  /**
   * Searches on until it finishes (returns the result; later calls return it again), or until
   * `maxConfigurations` are cached in all (returns `undefined`: call again with a larger limit).
   * Running past `deadline` (ms, `Date.now()` clock) or the memory budget finishes `'unknown'`.
   */
  run(deadline: number, maxConfigurations = Infinity): SearchResult | undefined {
    if (this.result !== undefined) return this.result;
    try {
      return this.loop(deadline, maxConfigurations);
    } catch (err) {
      if (err instanceof CacheBudgetExceeded) return this.finish('unknown', err.message);
      throw err;
    }
  }

  private loop(deadline: number, maxConfigurations: number): SearchResult | undefined {
    const { next, prev, head, indeterminate, bits, rnd, cache, space, dead } = this;
    const { stackOp, stackState, stackForced, definite, window: win } = this;
    const { readOnly, guardOnly, guardState, prunes } = space;
    const placed = this.placed;
    let remaining = this.remaining;
    let state = this.state;
    let hash = this.hash;
    let sig = this.sig;
    let depth = this.depth;
    let low = this.low;
    let iter = 0;

    next_config: for (;;) {
      if ((++iter & 255) === 0) {
        if (this.bytes > this.maxBytes) return this.finish('unknown', memoryOut(this));
        if ((iter & 1023) === 0 && Date.now() > deadline) return this.finish('unknown', TIME_OUT);
      }
      if (cache.count >= maxConfigurations) {
        // Pause here, at the start of a configuration, which is all a later run needs.
        this.remaining = remaining;
        this.state = state;
        this.hash = hash;
        this.sig = sig;
        this.depth = depth;
        this.low = low;
        return undefined;
      }
      // A read-only op that can happen now goes first, without branching: any linearization
      // of the rest can be rearranged to start with it (it changes nothing, and every op that
      // real time puts before it is already placed).
      // Meanwhile, when a read that must still happen wants a state that can no longer be
      // reached (the model's reachability test), this configuration is a dead end.
      let e = next[head];
      let to = -1;
      let doomed = -1;
      while ((e & 1) === 0) {
        const op = e >>> 1;
        if (readOnly[op] === 1) {
          const g = guardState[op];
          if (g < 0) to = space.step(state, op);
          else to = (guardOnly[op] === 1) === (g === state) ? state : -1;
          if (to >= 0) break;
          if (prunes && guardOnly[op] === 1 && indeterminate[op] === 0 && !space.mayReach(state, guardState[op], placed)) {
            doomed = op;
            break;
          }
        }
        e = next[e];
      }
      if (prunes && doomed < 0 && (e & 1) === 1) doomed = doomedAhead(space, next, head, e, state, placed);
      let backtrack = false;
      if (doomed >= 0) {
        low = dead.offer(definite - remaining, sig, doomed, 'unreachable', state, stackOp, depth, low);
        backtrack = true;
      } else if ((e & 1) === 0) {
        const op = e >>> 1;
        const w = op >>> 5;
        const bit = 1 << (op & 31);
        bits[w] |= bit;
        win.key(bits, op);
        if (cache.add(bits, to, hash ^ rnd[op], win.keyLo, win.keyHi, win.keyBelow)) {
          stackOp[depth] = op;
          stackState[depth] = state;
          stackForced[depth] = 1;
          win.push(depth);
          depth++;
          state = to;
          hash ^= rnd[op];
          lift(next, prev, e);
          if (indeterminate[op] === 0) {
            sig ^= rnd[op];
            if (--remaining === 0) return this.finish(true);
          }
          continue next_config;
        }
        // Explored before without success, and so, by the argument above, is this one.
        bits[w] &= ~bit;
        backtrack = true;
      } else {
        e = next[head];
      }
      // Branch over the ops real time allows next (calls before the first return): definite
      // ones first (pass 0), then indeterminate ones (pass 1), which are seldom needed.
      let pass = 0;
      for (;;) {
        if (!backtrack) {
          for (;;) {
            while ((e & 1) === 0) {
              const op = e >>> 1;
              if (readOnly[op] === 0 && indeterminate[op] === pass) {
                to = space.step(state, op);
                // An indeterminate op that would change nothing need not happen at all.
                if (to >= 0 && (pass === 0 || to !== state)) {
                  const w = op >>> 5;
                  const bit = 1 << (op & 31);
                  bits[w] |= bit;
                  win.key(bits, op);
                  if (cache.add(bits, to, hash ^ rnd[op], win.keyLo, win.keyHi, win.keyBelow)) {
                    stackOp[depth] = op;
                    stackState[depth] = state;
                    stackForced[depth] = 0;
                    win.push(depth);
                    depth++;
                    state = to;
                    hash ^= rnd[op];
                    lift(next, prev, e);
                    if (pass === 0) {
                      sig ^= rnd[op];
                      if (--remaining === 0) return this.finish(true);
                    }
                    continue next_config;
                  }
                  bits[w] &= ~bit;
                }
              }
              e = next[e];
            }
            if (pass === 1) break;
            pass = 1;
            e = next[head];
          }
          // A return entry: its op had to be placed before anything later, and was not.
          low = dead.offer(definite - remaining, sig, e >>> 1, 'returned', state, stackOp, depth, low);
        }
        backtrack = false;
        // Pop back to the last choice (forced read-only placements were no choice).
        let c = 0;
        do {
          if (depth === 0) return this.finish(false);
          if ((++iter & 1023) === 0 && Date.now() > deadline) return this.finish('unknown', TIME_OUT);
          depth--;
          if (depth < low) low = depth;
          const op = stackOp[depth];
          state = stackState[depth];
          win.pop(depth);
          hash ^= rnd[op];
          bits[op >>> 5] &= ~(1 << (op & 31));
          if (indeterminate[op] === 0) {
            sig ^= rnd[op];
            remaining++;
          }
          c = 2 * op;
          unlift(next, prev, c);
        } while (stackForced[depth] === 1);
        pass = indeterminate[c >>> 1];
        e = next[c];
      }
    }
  }
}

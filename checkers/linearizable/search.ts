/**
 * The linearization search for one partition: Wing & Gong's backtracking with Lowe's
 * memoisation, as in Porcupine. Ops are lifted out of a doubly linked list of call/return
 * entries when linearized and put back on backtracking; a cache of (linearized set, state)
 * pairs prunes configurations already explored. Indeterminate ops return at +∞, so the search
 * succeeds as soon as every definite op is placed. Refinements, each explained in the loop:
 * read-only ops that can happen now are placed at once without branching; definite ops are
 * tried before indeterminate ones, and an indeterminate op that would change nothing is never
 * placed; a model's reachability test abandons configurations whose pending reads are doomed,
 * and a read no op invoked before its completion can satisfy ends the search at once (invalid).
 * Indeterminate (crashed) ops are not in the entry list: they are tokens, placed by class, the
 * configuration counting how many of each class are placed (tokens.ts). The cache stores
 * configurations in the compact form of `SetWindow`.
 *
 * The search can pause after a number of configurations and resume later, so a scheduler can
 * share time fairly among many keys. No allocation in the hot loop: bitset, stacks and links
 * are preallocated typed arrays; the linearized set's hash is kept incrementally (XOR of
 * per-op random words).
 */
import { CacheBudgetExceeded, ConfigCache } from './config-cache.js';
import { CountTrie } from './count-trie.js';
import { DeadEndTracker } from './dead-ends.js';
import { buildEntryList, lift, unlift } from './entry-list.js';
import type { ModelOp } from './model.js';
import type { StateSpace } from './state-space.js';
import type { Validity } from '../../core/verdict.js';
import { randomWords } from './set-hash.js';
import { SetWindow } from './set-window.js';
import { NO_SLAB, type Slab } from './slab.js';
import { budgetReason } from './budget-report.js';
import { doomedAhead } from './lookahead.js';
import { tokenClasses, type TokenClasses } from './tokens.js';
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
    return this.cache.bytes + this.space.bytes + this.counts.bytes;
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
  private readonly tokens: TokenClasses;
  /** Per token class, how many of its members are placed (the earliest-invoked ones). */
  private readonly used: Int32Array;
  private readonly counts: CountTrie;
  private readonly callPos: Float64Array;
  private readonly retPos: Float64Array;
  /** Configurations visited per number of definite ops placed (for the budget report). */
  private readonly perProgress: Int32Array;
  /** Per op: 0 not asked, 1 some op invoked before its completion can give it its state, 2 none. */
  private readonly satisfiable: Uint8Array;
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
    private readonly ops: readonly ModelOp[],
    maxBytes: number,
    maxDeadEnds = 3,
    slab: Slab = NO_SLAB,
  ) {
    const n = ops.length;
    const list = buildEntryList(ops, slab);
    this.next = list.next;
    this.prev = list.prev;
    this.head = list.head;
    this.indeterminate = list.indeterminate;
    this.definite = list.definite;
    this.remaining = list.definite;
    const tokens = tokenClasses(ops, list.indeterminate, slab);
    this.tokens = tokens;
    this.used = slab.i32(tokens.count);
    this.counts = new CountTrie(tokens.count);
    this.callPos = slab.f64(n);
    this.retPos = slab.f64(n);
    this.satisfiable = slab.u8(n);
    this.perProgress = slab.i32(list.definite + 1);
    for (let i = 0; i < n; i++) {
      this.callPos[i] = ops[i].call;
      this.retPos[i] = ops[i].ret;
      // crashed ops leave the list: they are placed as tokens of their class
      if (list.indeterminate[i] === 1) lift(this.next, this.prev, 2 * i);
    }
    const words = Math.max(1, (n + 31) >>> 5);
    const bits = slab.u32(words);
    this.bits = bits;
    const { classOf, rank } = tokens;
    const used = this.used;
    this.placed = (i) => (classOf[i] < 0 ? (bits[i >>> 5] & (1 << (i & 31))) !== 0 : rank[i] < used[classOf[i]]);
    this.rnd = randomWords(n, 0x1234567, slab.i32(n));
    this.maxBytes = maxBytes;
    const counts = this.counts;
    this.cache = new ConfigCache(maxBytes, n, () => space.bytes + counts.bytes, (a, b) => counts.leq(a, b), slab);
    this.dead = new DeadEndTracker(maxDeadEnds, ops, slab);
    this.stackOp = slab.i32(n);
    this.stackState = slab.i32(n);
    this.stackForced = slab.u8(n);
    const definiteMask = slab.u32(words);
    for (let i = 0; i < n; i++) if (this.indeterminate[i] === 0) definiteMask[i >>> 5] |= 1 << (i & 31);
    this.window = new SetWindow(definiteMask, n, slab);
    if (this.remaining === 0) this.result = this.finish(true);
  }

  private finish(valid: Validity, reason?: string): SearchResult {
    const dead = this.dead;
    const why =
      reason === undefined || valid !== 'unknown'
        ? reason
        : budgetReason(reason, this.ops, this.perProgress, (op) => `p${String(op.process)} ${this.space.describeOp(op)}`);
    this.result = {
      valid,
      ...(why === undefined ? {} : { reason: why }),
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

  /**
   * True when no op invoked before `op`'s completion can bring the model from its initial state
   * to the state `op` (a guarded read) needs (the model's reachability test, asked once per op):
   * then no linearization exists at all, since whatever precedes `op` was invoked before it
   * returned. Sound by the test's contract (it never says no wrongly).
   */
  private unsatisfiable(op: number): boolean {
    if (this.satisfiable[op] === 0) {
      const { callPos } = this;
      const ret = this.retPos[op];
      const ok = this.space.mayReach(0, this.space.guardState[op], (i) => callPos[i] > ret);
      this.satisfiable[op] = ok ? 1 : 2;
    }
    return this.satisfiable[op] === 2;
  }

  /**
   * Whether placing `op` (giving state `to`) right after the crashed op `t` (placed in state
   * `s0`) is needless, because a linearization without that pair exists whenever one with it
   * does. Linearizations can be put in a normal form where every crashed op is followed by an
   * op that needs it; each rewrite step below keeps it a linearization (a crashed op has no
   * return, so moving it later or dropping it never breaks real time), and they terminate
   * (crashed ops only get fewer, later, or sorted):
   * - drop t: `op` does the same from s0 without it (step(s0, op) = to);
   * - swap: `op` then t gives the same (step(step(s0, op), t) = to), so t goes after `op`;
   *   between two crashed ops only in class order (`ordered`: op's class is below t's), so
   *   that one of the two orders stays.
   * The search prunes exactly the pairs the normal form has not, and never caches the
   * configurations right after a crashed op (their successors depend on it), so its cache
   * holds fully explored, unrestricted configurations only.
   */
  private needless(s0: number, t: number, op: number, to: number, ordered: boolean): boolean {
    const x = this.space.step(s0, op);
    if (x === to) return true;
    if (x < 0) return false;
    const classOf = this.tokens.classOf;
    if (classOf[op] >= 0 && !ordered) return false;
    return this.space.step(x, t) === to;
  }

  /**
   * True when state `to` was already the state somewhere in the run of crashed ops that ends
   * the path (at depth - 1, since the last definite op): that run of crashed ops went round
   * in a circle and can be dropped (a further normal-form rule).
   */
  private cycles(depth: number, to: number): boolean {
    const { stackOp, stackState } = this;
    const classOf = this.tokens.classOf;
    for (let j = depth - 1; j >= 0 && classOf[stackOp[j]] >= 0; j--) if (stackState[j] === to) return true;
    return false;
  }

  /** The first return entry of the list (there is one while a definite op is unplaced). */
  private firstReturn(): number {
    const next = this.next;
    let e = next[this.head];
    while ((e & 1) === 0) e = next[e];
    return e;
  }

  private loop(deadline: number, maxConfigurations: number): SearchResult | undefined {
    const { next, prev, head, bits, rnd, cache, space, dead, used, counts, callPos, retPos, perProgress } = this;
    const { stackOp, stackState, stackForced, definite, window: win } = this;
    const { classOf, start, members, count: classes } = this.tokens;
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
      perProgress[definite - remaining]++;
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
          if (prunes && guardOnly[op] === 1 && !space.mayReach(state, guardState[op], placed)) {
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
        // A read nothing invoked before its completion can satisfy: no linearization at all.
        if (this.unsatisfiable(doomed)) return this.finish(false);
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
          sig ^= rnd[op];
          if (--remaining === 0) return this.finish(true);
          continue next_config;
        }
        // Explored before without success, and so, by the argument above, is this one.
        bits[w] &= ~bit;
        backtrack = true;
      } else {
        e = next[head];
      }
      // Branch over what real time allows next: the definite ops invoked before the first
      // return (pass 0, walking the list from `e`), then a crashed op of each class (pass 1,
      // from class `k`), which are seldom needed.
      // Right after a crashed op t (placed in state s0), only what needs t may follow; see
      // `needless`.
      let tc = depth > 0 ? classOf[stackOp[depth - 1]] : -1;
      let s0 = tc >= 0 ? stackState[depth - 1] : -1;
      let t = tc >= 0 ? members[start[tc]] : -1;
      let pass = 0;
      let k = 0;
      for (;;) {
        if (!backtrack) {
          if (pass === 0) {
            while ((e & 1) === 0) {
              const op = e >>> 1;
              if (readOnly[op] === 0) {
                to = space.step(state, op);
                if (to >= 0 && (tc < 0 || !this.needless(s0, t, op, to, false))) {
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
                    sig ^= rnd[op];
                    if (--remaining === 0) return this.finish(true);
                    continue next_config;
                  }
                  bits[w] &= ~bit;
                }
              }
              e = next[e];
            }
            k = 0;
          } else {
            e = this.firstReturn();
          }
          // `e` is the first return entry: a crashed op may go next if invoked before it.
          const frontier = retPos[e >>> 1];
          for (; k < classes; k++) {
            const u = used[k];
            if (start[k] + u >= start[k + 1]) continue;
            const op = members[start[k] + u];
            if (callPos[op] > frontier) continue;
            // the class's first member stands for all (same model op), sharing the step memo
            to = space.step(state, members[start[k]]);
            // A crashed op that would change nothing need not happen at all.
            if (to < 0 || to === state) continue;
            if (tc >= 0 && (this.needless(s0, t, members[start[k]], to, k < tc) || this.cycles(depth, to))) continue;
            const id = counts.inc(win.below, k);
            win.keyToken(id);
            // Not stored: what may follow depends on this op (see `needless`), so the
            // configuration is looked up (explored in full before: nothing to find) but kept
            // out of the cache.
            if (!cache.has(bits, to, hash, win.keyLo, win.keyHi, id)) {
              stackOp[depth] = op;
              stackState[depth] = state;
              stackForced[depth] = 0;
              win.push(depth);
              depth++;
              state = to;
              used[k]++;
              continue next_config;
            }
          }
          // A return entry: its op had to be placed before anything later, and was not.
          if (tc < 0) low = dead.offer(definite - remaining, sig, e >>> 1, 'returned', state, stackOp, depth, low);
        }
        backtrack = false;
        // Pop back to the last choice (forced read-only placements were no choice).
        let op = 0;
        do {
          if (depth === 0) return this.finish(false);
          if ((++iter & 1023) === 0 && Date.now() > deadline) return this.finish('unknown', TIME_OUT);
          depth--;
          if (depth < low) low = depth;
          op = stackOp[depth];
          state = stackState[depth];
          win.pop(depth);
          const c = classOf[op];
          if (c >= 0) {
            used[c]--;
          } else {
            hash ^= rnd[op];
            bits[op >>> 5] &= ~(1 << (op & 31));
            sig ^= rnd[op];
            remaining++;
            unlift(next, prev, 2 * op);
          }
        } while (stackForced[depth] === 1);
        tc = depth > 0 ? classOf[stackOp[depth - 1]] : -1;
        s0 = tc >= 0 ? stackState[depth - 1] : -1;
        t = tc >= 0 ? members[start[tc]] : -1;
        const c = classOf[op];
        if (c >= 0) {
          pass = 1;
          k = c + 1;
        } else {
          pass = 0;
          e = next[2 * op];
        }
      }
    }
  }
}

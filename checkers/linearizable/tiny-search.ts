/**
 * A fast path for small partitions (a key of a few dozen ops at most, the common case when a
 * history is split by key): plain Wing & Gong with Lowe's memoisation (as in Porcupine), over
 * scratch arrays shared by every call, so that a key costs no allocation beyond the model's own
 * states. It only ever answers "linearizable" (it found a linearization, which proves it); when
 * it finds none, or the partition outgrows its tables, the caller runs the full search
 * (search.ts), which decides again and explains a failure. So it cannot change a verdict: a
 * wrong "linearizable" would need a sequence of ops the model accepts that real time allows, and
 * every step of the one it returns is checked against both.
 *
 * Crashed (indeterminate) ops are ordinary entries returning at +∞ here: the search succeeds
 * once every definite op is placed, crashed ones placed or not (Lowe's treatment; complete).
 * Not re-entrant (module-level scratch), which is fine: a JavaScript thread runs one check at
 * a time and each worker thread has its own module instance.
 */
import type { Model, ModelOp } from './model.js';

/** Largest partition (in ops) the fast path takes: the linearized set fits in two 31-bit words. */
export const TINY_MAX_OPS = 62;
/**
 * Configurations per op after which the fast path gives the partition to the full search: a
 * linearizable key is usually found in about one per op; an invalid one would be explored in
 * full here for nothing (the full search prunes it much sooner, and explains it).
 */
const MAX_CONFIGURATIONS_PER_OP = 4;
/** Cache and state-table slots (powers of two); at most half are filled before giving up. */
const SLOTS = 16384;

const next = new Int32Array(2 * TINY_MAX_OPS + 1);
const prev = new Int32Array(2 * TINY_MAX_OPS + 1);
const rets = new Int32Array(TINY_MAX_OPS);
const stackOp = new Int32Array(TINY_MAX_OPS);
const stackState = new Int32Array(TINY_MAX_OPS);
const stackForced = new Uint8Array(TINY_MAX_OPS);
const readOnly = new Uint8Array(TINY_MAX_OPS);
const cacheLo = new Int32Array(SLOTS);
const cacheHi = new Int32Array(SLOTS);
const cacheState = new Int32Array(SLOTS);
/** Slot `i` is filled in this call when `cacheGen[i] === gen` (no clearing between calls). */
const cacheGen = new Int32Array(SLOTS);
/** States by hash (models with `stateHash` / `stateEquals`): slot → id, same stamping. */
const stateGen = new Int32Array(SLOTS);
const stateHash = new Int32Array(SLOTS);
const stateId = new Int32Array(SLOTS);
let gen = 0;
/** `states[id]`: the states met in this call. */
const states: unknown[] = [];
/** States by `stateKey` (models without `stateHash` / `stateEquals`). */
const byKey = new Map<string | number, number>();

/** Builds the circular entry list of `ops` (entry 2i = call of op i, 2i + 1 its return) into the scratch arrays. */
function link(ops: readonly ModelOp[]): number {
  const n = ops.length;
  const head = 2 * n;
  // returns sorted by position (+∞ last, in op order): insertion sort, n is small
  for (let j = 0; j < n; j++) {
    const r = ops[j].ret;
    let k = j;
    while (k > 0 && ops[rets[k - 1]].ret > r) {
      rets[k] = rets[k - 1];
      k--;
    }
    rets[k] = j;
  }
  let last = head;
  let c = 0;
  for (let j = 0; j <= n; j++) {
    const t = j < n ? ops[rets[j]].ret : Infinity;
    while (c < n && (j === n || ops[c].call < t)) {
      next[last] = 2 * c;
      prev[2 * c] = last;
      last = 2 * c++;
    }
    if (j === n) break;
    const e = 2 * rets[j] + 1;
    next[last] = e;
    prev[e] = last;
    last = e;
  }
  next[last] = head;
  prev[head] = last;
  return head;
}

/**
 * The id of `s` among the states met so far (interning it; `from` is the id of the state it
 * came from, the likeliest match), or -1 when the table is full.
 */
function intern<S>(model: Model<S>, s: S, from: number): number {
  if (states[from] === s) return from;
  if (states.length * 2 >= SLOTS) return -1;
  const { stateHash: hashOf, stateEquals: equals } = model;
  if (hashOf === undefined || equals === undefined) {
    const k = model.stateKey(s);
    const id = byKey.get(k);
    if (id !== undefined) return id;
    byKey.set(k, states.length);
    states.push(s);
    return states.length - 1;
  }
  const h = hashOf(s) | 0;
  let i = Math.imul(h ^ (h >>> 16), 0x45d9f3b) & (SLOTS - 1);
  while (stateGen[i] === gen) {
    if (stateHash[i] === h && equals(states[stateId[i]] as S, s)) return stateId[i];
    i = (i + 1) & (SLOTS - 1);
  }
  stateGen[i] = gen;
  stateHash[i] = h;
  stateId[i] = states.length;
  states.push(s);
  return states.length - 1;
}

/**
 * Adds (set, state) to the cache, the set being ops 0–30 in `lo` and 31–61 in `hi`: 1 when
 * added, 0 when present, -1 when the cache is full.
 */
function remember(lo: number, hi: number, state: number, count: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x27d4eb2f) ^ Math.imul(state + 1, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  let i = h & (SLOTS - 1);
  while (cacheGen[i] === gen) {
    if (cacheLo[i] === lo && cacheHi[i] === hi && cacheState[i] === state) return 0;
    i = (i + 1) & (SLOTS - 1);
  }
  if (count * 2 >= SLOTS) return -1;
  cacheGen[i] = gen;
  cacheLo[i] = lo;
  cacheHi[i] = hi;
  cacheState[i] = state;
  return 1;
}

/**
 * Looks for a linearization of `ops` (sorted by call, at most {@link TINY_MAX_OPS}) under
 * `model`. Returns the number of configurations it visited when it found one (the partition is
 * linearizable), or -1 when it found none or outgrew its tables (the caller must run the full
 * search). Never throws for the search's own sake (the model's `step` may).
 */
export function tinyLinearizable<S>(model: Model<S>, ops: readonly ModelOp[]): number {
  const n = ops.length;
  if (n > TINY_MAX_OPS) return -1;
  let remaining = 0;
  for (let i = 0; i < n; i++) {
    if (ops[i].ret !== Infinity) remaining++;
    readOnly[i] = model.readOnly?.(ops[i]) === true ? 1 : 0;
  }
  if (remaining === 0) return 0;
  if (++gen === 0x7fffffff) {
    cacheGen.fill(0);
    stateGen.fill(0);
    gen = 1;
  }
  states.length = 0;
  byKey.clear();
  try {
    intern(model, model.init(), -1);
    const head = link(ops);
    const most = MAX_CONFIGURATIONS_PER_OP * n + 32;
    let lo = 0;
    let hi = 0;
    let state = 0;
    let depth = 0;
    let count = 0;
    // Places op `op` (entry `e`) giving state `to` unless that configuration was met before:
    // 1 placed, 0 met before, -1 give up.
    const place = (e: number, to: number, forced: number): number => {
      const op = e >>> 1;
      const added = op < 31 ? remember(lo | (1 << op), hi, to, count) : remember(lo, hi | (1 << (op - 31)), to, count);
      if (added !== 1) return added;
      if (++count > most) return -1;
      stackOp[depth] = op;
      stackState[depth] = state;
      stackForced[depth] = forced;
      depth++;
      if (op < 31) lo |= 1 << op;
      else hi |= 1 << (op - 31);
      state = to;
      next[prev[e]] = next[e];
      prev[next[e]] = prev[e];
      next[prev[e + 1]] = next[e + 1];
      prev[next[e + 1]] = prev[e + 1];
      if (ops[op].ret !== Infinity) remaining--;
      return 1;
    };
    configuration: for (;;) {
      if (remaining === 0) return count;
      // A read-only op that can happen now goes first, without branching (as in search.ts);
      // it leaves the state as it is.
      let e = next[head];
      let backtrack = false;
      for (; (e & 1) === 0 && e !== head; e = next[e]) {
        const op = e >>> 1;
        if (readOnly[op] === 0 || model.step(states[state] as S, ops[op]) === undefined) continue;
        const placed = place(e, state, 1);
        if (placed < 0) return -1;
        if (placed === 1) continue configuration;
        backtrack = true;
        break;
      }
      if (!backtrack) e = next[head];
      for (;;) {
        // Branch over the other ops real time allows next (the read-only ones cannot happen).
        for (; !backtrack && (e & 1) === 0 && e !== head; e = next[e]) {
          const op = e >>> 1;
          if (readOnly[op] === 1) continue;
          const s = model.step(states[state] as S, ops[op]);
          if (s === undefined) continue;
          const to = intern(model, s, state);
          const placed = to < 0 ? -1 : place(e, to, 0);
          if (placed < 0) return -1;
          if (placed === 1) continue configuration;
        }
        backtrack = false;
        // A return entry: pop back to the last choice (forced placements were none).
        let op = 0;
        do {
          if (depth === 0) return -1;
          depth--;
          op = stackOp[depth];
          state = stackState[depth];
          if (op < 31) lo &= ~(1 << op);
          else hi &= ~(1 << (op - 31));
          if (ops[op].ret !== Infinity) remaining++;
          const c = 2 * op;
          next[prev[c + 1]] = c + 1;
          prev[next[c + 1]] = c + 1;
          next[prev[c]] = c;
          prev[next[c]] = c;
        } while (stackForced[depth] === 1);
        e = next[2 * op];
      }
    }
  } finally {
    states.length = 0;
    byKey.clear();
  }
}

/**
 * Keeps the longest dead ends a failing search met: the linearizable prefixes that placed the
 * most definite ops before getting stuck, for the explanation of an invalid verdict.
 *
 * Cheap enough to run on every search, valid or not: a prefix is not copied whole each time a
 * longer one is met. One buffer mirrors the stack as of the last record; the search reports
 * `low`, the shallowest depth it has popped to since, and only the stack above `low` is copied.
 * Other dead ends of the same length keep just their part above `low`. Which ops real time
 * allowed next is worked out at the end, for the few dead ends kept.
 */
import type { ModelOp } from './model.js';
import { NO_SLAB, type Slab } from './slab.js';
import { ILLEGAL, type StateSpace } from './state-space.js';

/** A longest dead end: a linearizable prefix that could not be extended. */
export interface DeadEnd {
  /** Op numbers (indices into the partition's ops) in linearization order. */
  readonly order: readonly number[];
  /** Interned id of the state after the prefix. */
  readonly state: number;
  /**
   * The definite op that could not be placed: its completion was reached first, or (with a
   * model's reachability test) the state it needs could no longer be reached.
   */
  readonly blocking: number;
  /**
   * Why `blocking` could not be placed: its completion came first (`returned`), or the
   * state it needs can no longer be reached (`unreachable`; it is a read-only op with a guard).
   */
  readonly why: 'returned' | 'unreachable';
  /** Ops that could have come next by real time but which the model rejects in `state`. */
  readonly rejected: readonly number[];
}

interface Kept {
  /** Length of the prefix shared with the buffer. */
  shared: number;
  /** The rest of the prefix. */
  suffix: number[];
  state: number;
  blocking: number;
  why: DeadEnd['why'];
}

/** Collects up to `max` distinct dead ends of the greatest progress. Mutable; one per search. */
export class DeadEndTracker {
  /** Most definite ops placed at any dead end so far (-1 before the first). */
  best = -1;
  /** Dead ends of the best progress met but not kept. */
  more = 0;
  private readonly kept: Kept[] = [];
  private readonly ids: number[] = [];
  /** The stack as of the last new best, valid below the search's `low`. */
  private readonly buffer: Int32Array;

  constructor(
    private readonly max: number,
    private readonly ops: readonly ModelOp[],
    slab: Slab = NO_SLAB,
  ) {
    this.buffer = slab.i32(ops.length);
  }

  /**
   * Offers the dead end the search is at, and returns the new `low`. `progress` = definite
   * ops placed; `sig` (a hash of the set of definite ops placed) and the state tell dead ends
   * apart; `low` = the shallowest depth popped to since the last call that returned a new low.
   */
  offer(
    progress: number,
    sig: number,
    blocking: number,
    why: DeadEnd['why'],
    state: number,
    stack: Int32Array,
    depth: number,
    low: number,
  ): number {
    if (progress < this.best) return low;
    const id = sig ^ Math.imul(state + 1, 0x9e3779b1);
    if (progress > this.best) {
      this.best = progress;
      this.kept.length = 0;
      this.ids.length = 0;
      this.more = 0;
      if (depth > low) this.buffer.set(stack.subarray(low, depth), low);
      this.kept.push({ shared: depth, suffix: [], state, blocking, why });
      this.ids.push(id);
      return depth;
    }
    if (this.ids.includes(id)) return low;
    if (this.kept.length >= this.max) {
      this.more++;
      return low;
    }
    this.kept.push({ shared: low, suffix: Array.from(stack.subarray(low, depth)), state, blocking, why });
    this.ids.push(id);
    return low;
  }

  /** The dead ends kept, with the ops real time allowed next that the model rejects. */
  ends(space: StateSpace<unknown>): DeadEnd[] {
    return this.kept.map((k) => {
      const order = [...Array.from(this.buffer.subarray(0, k.shared)), ...k.suffix];
      return { order, state: k.state, blocking: k.blocking, why: k.why, rejected: this.rejected(order, k.state, space) };
    });
  }

  /** Unplaced ops invoked before the first completion of an unplaced op, that `state` rejects. */
  private rejected(order: readonly number[], state: number, space: StateSpace<unknown>): number[] {
    const placed = new Set(order);
    let firstReturn = Infinity;
    this.ops.forEach((op, i) => {
      if (!placed.has(i) && op.ret < firstReturn) firstReturn = op.ret;
    });
    const out: number[] = [];
    this.ops.forEach((op, i) => {
      if (!placed.has(i) && op.call < firstReturn && space.step(state, i) === ILLEGAL) out.push(i);
    });
    return out;
  }
}

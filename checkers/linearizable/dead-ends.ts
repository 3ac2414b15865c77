/**
 * Keeps the longest dead ends a failing search met: the linearizable prefixes that placed the
 * most definite ops before getting stuck, for the explanation of an invalid verdict.
 */
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

/** Collects up to `max` distinct dead ends of the greatest progress. Mutable; one per search. */
export class DeadEndTracker {
  /** Most definite ops placed at any dead end so far (-1 before the first). */
  best = -1;
  readonly ends: DeadEnd[] = [];
  /** Dead ends of the best progress met but not kept. */
  more = 0;
  private readonly sigs: number[] = [];

  constructor(private readonly max: number) {}

  /**
   * Offers the dead end the search is at. `progress` = definite ops placed; `sig` (a hash of
   * the set of definite ops placed) and the state tell dead ends apart; `ret` is the first
   * return entry in the list (real time allows the calls before it next). Cheap unless kept.
   */
  offer(
    progress: number,
    sig: number,
    space: StateSpace<unknown>,
    next: Int32Array,
    head: number,
    ret: number,
    blocking: number,
    why: DeadEnd['why'],
    state: number,
    stack: Int32Array,
    depth: number,
  ): void {
    if (progress < this.best) return;
    if (progress > this.best) {
      this.best = progress;
      this.ends.length = 0;
      this.sigs.length = 0;
      this.more = 0;
    }
    const id = sig ^ Math.imul(state + 1, 0x9e3779b1);
    if (this.sigs.includes(id)) return;
    if (this.ends.length >= this.max) {
      this.more++;
      return;
    }
    const rejected: number[] = [];
    for (let e = next[head]; e !== ret; e = next[e]) {
      if ((e & 1) === 0 && space.step(state, e >>> 1) === ILLEGAL) rejected.push(e >>> 1);
    }
    this.sigs.push(id);
    this.ends.push({ order: Array.from(stack.subarray(0, depth)), state, blocking, why, rejected });
  }
}

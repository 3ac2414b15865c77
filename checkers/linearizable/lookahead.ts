/**
 * The search's look-ahead with a model's reachability test (`Model.reachability`): reads that
 * must still happen soon must want a state that can still be reached, or the configuration is
 * a dead end however the search goes on.
 */
import type { StateSpace } from './state-space.js';

/** Reads beyond the first return entry that are looked at... */
const LOOKAHEAD = 2;
/** ...within this many list entries. */
const LOOKAHEAD_SPAN = 64;

/**
 * Looks a little past the first return entry `e`: the first reads (by real time) that must
 * still happen must want a state the model can still reach from `state`. Returns the first
 * that cannot be satisfied, or -1.
 */
export function doomedAhead(
  space: StateSpace<unknown>,
  next: Int32Array,
  head: number,
  e: number,
  state: number,
  placed: (i: number) => boolean,
): number {
  const { guardOnly, guardState } = space;
  let seen = 0;
  let span = LOOKAHEAD_SPAN;
  for (let x = e; x !== head && seen < LOOKAHEAD && span-- > 0; x = next[x]) {
    const op = x >>> 1;
    if ((x & 1) === 0 && guardOnly[op] === 1) {
      seen++;
      if (guardState[op] !== state && !space.mayReach(state, guardState[op], placed)) return op;
    }
  }
  return -1;
}

/**
 * Shared by the union-like combinators (`any`, `eachThread`, `reserve`): ask every child
 * generator in its own context and keep the soonest op. Pure apart from the children's draws.
 */
import type { Context } from './context.js';
import { earliest, isPending, type Emit, type Generator } from './types.js';

/** The outcome of asking every child once. */
export interface Asked {
  /**
   * Index of the child whose op is soonest (ties: the lowest index), or -1 when no child has
   * an op due now.
   */
  readonly chosen: number;
  /** That child's op and continuation. */
  readonly emit: Emit | undefined;
  /**
   * The children afterwards: the chosen one advanced, pending ones advanced, exhausted ones
   * `null`, children whose op was not chosen unchanged (their op is discarded).
   */
  readonly next: (Generator | null)[];
  /** The earliest `wakeAt` among pending children, or the due time of a later op if sooner. */
  readonly wakeAt: number | undefined;
  /** True when some child is not exhausted. */
  readonly alive: boolean;
}

/**
 * Asks each non-null child `gens[i]` in `ctxOf(i)` (a child whose context is `undefined` has
 * no threads and counts as exhausted); `now` is the contexts' time in ns. Only an op due now
 * is chosen; a later one makes the result pending until then. Pure apart from the children's
 * draws.
 */
export function askAll(gens: readonly (Generator | null)[], now: number, ctxOf: (i: number) => Context | undefined): Asked {
  const next = gens.slice();
  let chosen = -1;
  let best: Emit | undefined;
  let wakeAt: number | undefined;
  let alive = false;
  for (let i = 0; i < gens.length; i++) {
    const g = gens[i];
    if (g === null) continue;
    const ctx = ctxOf(i);
    const step = ctx === undefined ? null : g.op(ctx);
    if (step === null) {
      next[i] = null;
      continue;
    }
    alive = true;
    if (isPending(step)) {
      next[i] = step.gen;
      wakeAt = earliest(wakeAt, step.wakeAt);
    } else if (best === undefined || step.op.time < best.op.time) {
      best = step;
      chosen = i;
    }
  }
  // An op due later is not emitted now: the union is pending until it is due (or until a
  // pending child wakes, if sooner) and asks again then. So the union never has an op held
  // for later, whose loss on a completion would also lose what its pending children noted
  // (e.g. when a sleep began).
  if (best !== undefined && best.op.time > now) {
    return { chosen: -1, emit: undefined, next, wakeAt: earliest(wakeAt, best.op.time), alive };
  }
  if (best !== undefined) next[chosen] = best.gen;
  return { chosen, emit: best, next, wakeAt, alive };
}

/**
 * Why a search ran out of budget, in words: where in the history it spent most of its
 * configurations, which ops were in flight there, and how many crashed ops were open — the two
 * things that multiply a linearizability search — with what would shrink them.
 */
import type { ModelOp } from './model.js';

/** Ops in flight named in the reason, at most. */
const NAMED = 8;

/**
 * The reason to give when the search gave up with `why` (e.g. `time budget ran out`).
 * `perProgress[p]` counts the configurations visited with p definite ops placed; the point
 * where most were visited is taken as the instant of the p-th completion (definite ops by
 * return). `describe` renders an op. Pure.
 */
export function budgetReason(
  why: string,
  ops: readonly ModelOp[],
  perProgress: Int32Array,
  describe: (op: ModelOp) => string,
): string {
  let worst = 0;
  for (let p = 1; p < perProgress.length; p++) if (perProgress[p] > perProgress[worst]) worst = p;
  const configs = perProgress[worst];
  if (configs === 0) return why;
  const rets = ops.filter((o) => o.ret !== Infinity).map((o) => o.ret).sort((a, b) => a - b);
  const at = worst < rets.length ? rets[worst] : Infinity;
  const inFlight = ops.filter((o) => o.ret !== Infinity && o.call < at && o.ret >= at);
  const open = ops.filter((o) => o.ret === Infinity && o.call < at).length;
  const named = inFlight.slice(0, NAMED).map(describe);
  const more = inFlight.length > NAMED ? `, … ${inFlight.length - NAMED} more` : '';
  const index = at === Infinity ? 'the end' : `event ${at}`;
  return (
    `${why}; most configurations visited (${configs}) had ${worst} completed ops placed, ` +
    `near ${index} of the history, where ${inFlight.length} completed ops were in flight (${named.join('; ')}${more}) ` +
    `and ${open} crashed ops were open (invoked earlier, never completed: each stays concurrent with everything after it). ` +
    'A longer --op-timeout records fewer slow ops as crashed, and fewer client threads (--concurrency) put fewer ops in flight at once'
  );
}

/**
 * Checks one partition: runs the search and turns its dead ends into an explanation with the
 * model's own words. Pure apart from reading the clock for the budget. Runs in the main thread
 * or in a worker.
 */
import type { Model, ModelOp } from './model.js';
import type { Partition } from './prepare.js';
import { searchLinearization, type DeadEnd, type SearchBudget } from './search.js';
import { StateSpace } from './state-space.js';
import type { KeyFailure, OpView, PrefixExplanation } from './types.js';
import type { Validity } from '../verdict.js';

/** Most ops an explanation lists per prefix (and per list of rejected ops). */
export const MAX_OPS_SHOWN = 20;

/** The result of checking one partition. Structured-cloneable. */
export interface PartitionResult {
  key: string | number | null;
  valid: Validity;
  reason?: string;
  ops: number;
  cacheEntries: number;
  /** Cache + memo bytes at the end of the search. */
  bytes: number;
  failure?: KeyFailure;
}

/** `p3 cas [3 0] → fail` for op `op`. Pure. */
export function viewOp<S>(model: Model<S>, op: ModelOp): OpView {
  return { index: op.index, process: op.process, text: `p${op.process} ${model.describeOp(op)}` };
}

function explainDeadEnd<S>(
  model: Model<S>,
  ops: readonly ModelOp[],
  space: StateSpace<S>,
  d: DeadEnd,
): PrefixExplanation {
  const shown = d.order.slice(-MAX_OPS_SHOWN);
  const rejected = d.rejected.slice(0, MAX_OPS_SHOWN);
  return {
    length: d.order.length,
    ops: shown.map((i) => viewOp(model, ops[i])),
    omitted: d.order.length - shown.length,
    state: model.describeState(space.states[d.state]),
    blocking: viewOp(model, ops[d.blocking]),
    rejected: rejected.map((i) => viewOp(model, ops[i])),
    rejectedOmitted: d.rejected.length - rejected.length,
  };
}

/**
 * Checks `partition` against `model` within `budget`: valid, invalid with an explanation of
 * up to `maxPrefixes` (default 3) longest prefixes, or unknown with the reason.
 */
export function checkPartition<S>(
  model: Model<S>,
  partition: Partition,
  budget: SearchBudget,
  maxPrefixes = 3,
): PartitionResult {
  const ops = partition.ops;
  const space = new StateSpace(model, ops);
  const r = searchLinearization(space as StateSpace<unknown>, ops, budget, maxPrefixes);
  const out: PartitionResult = {
    key: partition.key,
    valid: r.valid,
    ops: ops.length,
    cacheEntries: r.cacheEntries,
    bytes: r.bytes,
  };
  if (r.reason !== undefined) out.reason = r.reason;
  if (r.valid === false) {
    out.failure = {
      key: partition.key,
      ops: ops.length,
      definite: r.definite,
      longest: r.best,
      prefixes: r.deadEnds.map((d) => explainDeadEnd(model, ops, space, d)),
      morePrefixes: r.moreDeadEnds,
    };
  }
  return out;
}

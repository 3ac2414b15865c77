/**
 * Checking one partition: a resumable search plus the translation of its dead ends into an
 * explanation in the model's own words. Runs in the main thread or in a worker.
 */
import type { Model, ModelOp } from './model.js';
import type { Partition } from './prepare.js';
import { LinearizationSearch, type DeadEnd, type SearchResult } from './search.js';
import { Slab } from './slab.js';
import { StateSpace } from './state-space.js';
import type { KeyFailure, OpView, PrefixExplanation } from './types.js';
import type { Validity } from '../../core/verdict.js';

/** Bytes of typed arrays the state space and the search take per op (a bound). */
const SLAB_BYTES_PER_OP = 240;

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
  const needs = d.why === 'unreachable' ? space.guardState[d.blocking] : -1;
  return {
    length: d.order.length,
    ops: shown.map((i) => viewOp(model, ops[i])),
    omitted: d.order.length - shown.length,
    state: model.describeState(space.states[d.state]),
    blocking: viewOp(model, ops[d.blocking]),
    why: d.why,
    ...(needs >= 0 ? { needs: model.describeState(space.states[needs]) } : {}),
    rejected: rejected.map((i) => viewOp(model, ops[i])),
    rejectedOmitted: d.rejected.length - rejected.length,
  };
}

/** An `unknown` result for `partition` with `reason`. Pure. */
export function unknownResult(partition: Partition, reason: string): PartitionResult {
  return { key: partition.key, valid: 'unknown', reason, ops: partition.ops.length, cacheEntries: 0, bytes: 0 };
}

/** Bytes of the block a partition's search wants (see slab.ts). Pure. */
export function slabBytes(partition: Partition): number {
  return SLAB_BYTES_PER_OP * partition.ops.length + 1024;
}

/** One partition's check, resumable. Not thread-safe. */
export class PartitionCheck<S> {
  /** The block its arrays come from: reusable (after `reset`) once the check is dropped. */
  readonly slab: Slab;
  private readonly space: StateSpace<S>;
  private readonly search: LinearizationSearch;

  /**
   * @param maxBytes - memory budget of this partition's search, in bytes.
   * @param maxPrefixes - longest prefixes to explain when invalid (default 3).
   * @param spare - a block to take the arrays from when large enough (reset, unused).
   */
  constructor(
    private readonly model: Model<S>,
    private readonly partition: Partition,
    maxBytes: number,
    maxPrefixes = 3,
    spare?: Slab,
  ) {
    // one block for the fixed-size arrays of the state space and the search (see slab.ts)
    const bytes = slabBytes(partition);
    const slab = spare !== undefined && spare.capacity >= bytes ? spare : new Slab(bytes);
    this.slab = slab;
    this.space = new StateSpace(model, partition.ops, slab);
    this.search = new LinearizationSearch(this.space as StateSpace<unknown>, partition.ops, maxBytes, maxPrefixes, slab);
  }

  /** Bytes held by the search so far. */
  get bytes(): number {
    return this.search.bytes;
  }

  /**
   * Searches on until done (returns the result) or until `maxConfigurations` are cached
   * (returns `undefined`; call again with a larger limit). See `LinearizationSearch.run`.
   */
  run(deadline: number, maxConfigurations = Infinity): PartitionResult | undefined {
    const r = this.search.run(deadline, maxConfigurations);
    return r === undefined ? undefined : this.resultOf(r);
  }

  private resultOf(r: SearchResult): PartitionResult {
    const { model, partition, space } = this;
    const ops = partition.ops;
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
}

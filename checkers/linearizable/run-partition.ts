/**
 * The unit of work shared by the main thread and worker threads: find the model by name and
 * check one partition, turning any exception into an `unknown` result.
 */
import type { Model } from './model.js';
import { byKey } from './models/by-key.js';
import { findModel } from './models/registry.js';
import { checkPartition, type PartitionResult } from './partition-check.js';
import type { Partition } from './prepare.js';
import type { SearchBudget } from './search.js';

/** How to rebuild the model in any thread: its registry name, and whether to wrap it by key. */
export interface ModelSpec {
  readonly name: string;
  /** Wrap with `byKey` (multi-key ops checked without splitting by key). */
  readonly byKey: boolean;
}

/** The model `spec` names; throws a plain Error for an unknown name. Pure. */
export function modelFor(spec: ModelSpec): Model<unknown> {
  const base = findModel(spec.name);
  if (base === undefined) throw new Error(`unknown model ${JSON.stringify(spec.name)}`);
  return spec.byKey ? (byKey(base) as Model<unknown>) : base;
}

/**
 * Checks `partition` with the model `spec` names. Never throws: an exception (e.g. a
 * malformed op value) becomes `valid: 'unknown'` with its message as the reason.
 */
export function runPartition(
  spec: ModelSpec,
  partition: Partition,
  budget: SearchBudget,
): PartitionResult {
  if (Date.now() > budget.deadline) {
    return unknownResult(partition, 'time budget ran out before this key was checked');
  }
  try {
    return checkPartition(modelFor(spec), partition, budget);
  } catch (err) {
    return unknownResult(partition, `checker error: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** An `unknown` result for `partition` with `reason`. Pure. */
export function unknownResult(partition: Partition, reason: string): PartitionResult {
  return {
    key: partition.key,
    valid: 'unknown',
    reason,
    ops: partition.ops.length,
    cacheEntries: 0,
    bytes: 0,
  };
}

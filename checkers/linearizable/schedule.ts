/**
 * Checks many partitions in one thread, sharing time among them: every undecided partition
 * gets a slice of configurations per round, each round's slice four times the last, so keys
 * that decide quickly do so first, and one hard key cannot hide an easy failure. Unless asked
 * to be exhaustive, it stops at the end of the round that found a failing key (the verdict is
 * already `false`); the keys left are reported undecided.
 */
import type { Model } from './model.js';
import { byKey } from './models/by-key.js';
import { findModel } from './models/registry.js';
import { PartitionCheck, unknownResult, type PartitionResult } from './partition-check.js';
import type { Partition } from './prepare.js';
import type { SearchBudget } from './search.js';
import type { Slab } from './slab.js';
import { TINY_MAX_OPS, tinyLinearizable } from './tiny-search.js';

/** How to rebuild the model in any thread: its registry name, and whether to wrap it by key. */
export interface ModelSpec {
  readonly name: string;
  /** Wrap with `byKey` (multi-key ops checked without splitting by key). */
  readonly byKey: boolean;
}

/** How {@link checkPartitions} goes about it. */
export interface ScheduleOptions {
  /** Check every key even after one failed. Default false. */
  readonly exhaustive?: boolean;
  /** Stop at the first failing key, not at the end of its round (unless exhaustive). */
  readonly firstFailure?: boolean;
  /**
   * Cross-thread stop signal: element 0 becomes 1 when some thread found a failing key.
   * Read between rounds; set here on a failure unless exhaustive.
   */
  readonly stop?: Int32Array;
}

/** Largest block kept from one call to the next (bytes). */
const KEEP_SLAB_BYTES = 1 << 20;

/**
 * A block left by the last call, reset, for the next call's first search (a small history's
 * check then allocates no buffer at all). One per thread: module state, used synchronously.
 */
let leftover: Slab | undefined;

/** Configurations in the first round's slice. */
const FIRST_SLICE = 1024;

/** Reason given to keys left when the check stopped early. */
export const STOPPED = 'the check stopped after finding a key that is not linearizable (exhaustive: true checks every key)';

/** The model `spec` names (a fresh instance: `byKey` wrappers keep tables). Throws if unknown. */
export function modelFor(spec: ModelSpec): Model<unknown> {
  const base = findModel(spec.name);
  if (base === undefined) throw new Error(`unknown model ${JSON.stringify(spec.name)}`);
  return spec.byKey ? (byKey(base) as unknown as Model<unknown>) : base;
}

/**
 * A small key proved linearizable by the fast path (tiny-search.ts), or `undefined`: then the
 * full search decides it (and explains a failure).
 */
function tinyResult(model: Model<unknown>, p: Partition): PartitionResult | undefined {
  if (p.ops.length > TINY_MAX_OPS) return undefined;
  const configurations = tinyLinearizable(model, p.ops);
  return configurations < 0 ? undefined : { key: p.key, valid: true, ops: p.ops.length, cacheEntries: configurations, bytes: 0 };
}

function errorResult(p: Partition, err: unknown): PartitionResult {
  return unknownResult(p, `checker error: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Checks `partitions` with the model `spec` names within `budget` (the memory budget bounds
 * the searches alive at once). Never throws: an exception (e.g. a malformed op value) makes
 * that key `unknown` with the message. Results are in the order of `partitions`.
 */
export function checkPartitions(
  spec: ModelSpec,
  partitions: readonly Partition[],
  budget: SearchBudget,
  options: ScheduleOptions = {},
): PartitionResult[] {
  const results: (PartitionResult | undefined)[] = new Array(partitions.length);
  const checks = new Map<number, PartitionCheck<unknown>>();
  let pending = partitions.map((_, i) => i);
  let slice = FIRST_SLICE;
  let failed = false;
  let spare: Slab | undefined = leftover;
  leftover = undefined;
  const stopped = (): boolean =>
    (failed && options.exhaustive !== true) || (options.stop !== undefined && Atomics.load(options.stop, 0) === 1);
  let model: Model<unknown>;
  try {
    model = modelFor(spec);
  } catch (err) {
    return partitions.map((p) => errorResult(p, err));
  }
  const atOnce = options.firstFailure === true && options.exhaustive !== true;
  while (pending.length > 0) {
    const undecided: number[] = [];
    const limit = pending.length === 1 ? Infinity : slice;
    for (const i of pending) {
      const p = partitions[i];
      if (atOnce && stopped()) {
        undecided.push(i);
        continue;
      }
      let r: PartitionResult | undefined;
      try {
        r = checks.has(i) ? undefined : tinyResult(model, p);
        if (r === undefined) {
          let check = checks.get(i);
          if (check === undefined) {
            check = new PartitionCheck(model, p, budget.maxBytes, 3, spare);
            if (check.slab === spare) spare = undefined;
            checks.set(i, check);
          }
          r = check.run(budget.deadline, limit);
          if (r !== undefined && (spare === undefined || check.slab.capacity > spare.capacity)) {
            // decided: its arrays are free for the next key's search (no allocation per key)
            spare = check.slab;
            spare.reset();
          }
        }
      } catch (err) {
        r = errorResult(p, err);
      }
      if (r === undefined) {
        undecided.push(i);
        continue;
      }
      results[i] = r;
      checks.delete(i);
      if (r.valid === false) {
        failed = true;
        if (options.stop !== undefined && options.exhaustive !== true) Atomics.store(options.stop, 0, 1);
      }
    }
    pending = undecided;
    if (stopped()) {
      for (const i of pending) results[i] = unknownResult(partitions[i], STOPPED);
      break;
    }
    pending = shedMemory(pending, checks, partitions, results, budget.maxBytes);
    slice *= 4;
  }
  if (spare !== undefined && spare.capacity <= KEEP_SLAB_BYTES) leftover = spare;
  return results as PartitionResult[];
}

/** Gives up the largest paused searches while together they pass the memory budget. */
function shedMemory(
  pending: number[],
  checks: Map<number, PartitionCheck<unknown>>,
  partitions: readonly Partition[],
  results: (PartitionResult | undefined)[],
  maxBytes: number,
): number[] {
  let total = 0;
  for (const i of pending) total += checks.get(i)?.bytes ?? 0;
  if (total <= maxBytes) return pending;
  const bySize = [...pending].sort((a, b) => (checks.get(b)?.bytes ?? 0) - (checks.get(a)?.bytes ?? 0));
  const dropped = new Set<number>();
  for (const i of bySize) {
    if (total <= maxBytes) break;
    const bytes = checks.get(i)?.bytes ?? 0;
    total -= bytes;
    dropped.add(i);
    checks.delete(i);
    results[i] = unknownResult(
      partitions[i],
      `memory budget ran out: searches of several keys together passed ${Math.round(maxBytes / 1048576)} MiB`,
    );
  }
  return pending.filter((i) => !dropped.has(i));
}

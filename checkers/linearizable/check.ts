/**
 * {@link checkLinearizable}: pairs and splits the history, checks every partition (in this
 * thread or in worker threads) within the time and memory budgets, and merges the results into
 * one verdict with its explanation.
 */
import type { History } from '../../core/op.js';
import { UsageError } from '../../core/errors.js';
import { formatExplanation } from './explain.js';
import { findModel, MODEL_NAMES } from './models/registry.js';
import { unknownResult, type PartitionResult } from './partition-check.js';
import { sharedPool } from './pool.js';
import { prepareHistory, type Partition } from './prepare.js';
import { checkPartitions, type ModelSpec } from './schedule.js';
import type { SearchBudget } from './search.js';
import type { LinearizableOptions, LinearizableStats, LinearizableVerdict } from './types.js';
import { workerScriptPath } from './worker-path.js';

/** Failing keys explained in full; unknown keys listed. */
const MAX_KEYS_LISTED = 10;
const MIB = 1048576;

/** Groups partitions (largest first) into about 4 batches per worker, for balance. */
function batches(partitions: readonly Partition[], workers: number): number[][] {
  const order = partitions.map((_, i) => i).sort((a, b) => partitions[b].ops.length - partitions[a].ops.length);
  const total = partitions.reduce((s, p) => s + p.ops.length, 0);
  const target = Math.max(1, Math.ceil(total / (workers * 4)));
  const out: number[][] = [];
  let cur: number[] = [];
  let size = 0;
  for (const i of order) {
    cur.push(i);
    size += partitions[i].ops.length;
    if (size >= target) {
      out.push(cur);
      cur = [];
      size = 0;
    }
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

async function runInWorkers(
  script: string,
  workers: number,
  spec: ModelSpec,
  partitions: readonly Partition[],
  budget: SearchBudget,
  exhaustive: boolean,
  firstFailure: boolean,
): Promise<PartitionResult[]> {
  const pool = sharedPool(script, workers);
  const perWorker = { deadline: budget.deadline, maxBytes: Math.floor(budget.maxBytes / workers) };
  const stop = new SharedArrayBuffer(4);
  const results: PartitionResult[] = new Array(partitions.length);
  const queue = batches(partitions, workers);
  // `workers` lanes, each taking the next batch when its last one is done.
  const lane = async (): Promise<void> => {
    for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
      const chosen = batch;
      try {
        const rs = await pool.run({ spec, budget: perWorker, partitions: chosen.map((i) => partitions[i]), exhaustive, firstFailure, stop });
        chosen.forEach((i, j) => (results[i] = rs[j]));
      } catch (err) {
        const reason = `worker thread failed: ${err instanceof Error ? err.message : String(err)}`;
        for (const i of chosen) results[i] = unknownResult(partitions[i], reason);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, lane));
  return results;
}

function verdictOf(
  model: string,
  results: readonly PartitionResult[],
  stats: LinearizableStats,
): LinearizableVerdict {
  const failed = results.filter((r) => r.valid === false);
  const unknown = results.filter((r) => r.valid === 'unknown');
  const verdict: LinearizableVerdict = {
    valid: failed.length > 0 ? false : unknown.length > 0 ? 'unknown' : true,
    model,
    keysChecked: results.length - unknown.length,
    failures: failed.slice(0, MAX_KEYS_LISTED).flatMap((r) => (r.failure === undefined ? [] : [r.failure])),
    failuresOmitted: Math.max(0, failed.length - MAX_KEYS_LISTED),
    unknownKeys: unknown.slice(0, MAX_KEYS_LISTED).map((r) => ({ key: r.key, reason: r.reason ?? 'unknown' })),
    unknownOmitted: Math.max(0, unknown.length - MAX_KEYS_LISTED),
    stats,
  };
  if (unknown.length > 0 && failed.length === 0) {
    verdict.reason = `${unknown.length} of ${results.length} keys undecided: ${unknown[0].reason ?? 'unknown'}`;
  }
  if (failed.length > 0) verdict.explanation = formatExplanation(verdict);
  return verdict;
}

/**
 * Checks that `history` is linearizable with respect to the model called `modelName`
 * (`register`, `cas-register`, `cas-register-noop`, `kv`, `mutex`, `fifo-queue`, `set`).
 *
 * `ok` ops must take effect; `fail` ops did not happen (except where the model treats them as
 * observations, like a failed CAS in `cas-register`); `info` and never-completed ops may take
 * effect at any instant after their invocation, or never. Ops are split by `op.key` first
 * unless `splitByKey` is false. Running out of time or memory gives `valid: 'unknown'` with the
 * reason, never `true`; a history the model cannot read gives `'unknown'` too.
 *
 * Reads the clock (for the budget); otherwise pure. Rejects with a {@link UsageError} for an
 * unknown model name.
 */
export async function checkLinearizable(
  history: History,
  modelName: string,
  options: LinearizableOptions = {},
): Promise<LinearizableVerdict> {
  const started = performance.now();
  const base = findModel(modelName);
  if (base === undefined) {
    throw new UsageError(`unknown model ${JSON.stringify(modelName)} (known: ${MODEL_NAMES.join(', ')})`);
  }
  const split = options.splitByKey ?? true;
  const budget: SearchBudget = {
    deadline: options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs,
    maxBytes: (options.maxMemoryMiB ?? 1024) * MIB,
  };
  const stats: LinearizableStats = { ops: 0, keys: 0, cacheEntries: 0, peakCacheMiB: 0, timeMs: 0, workers: 0 };
  let partitions: readonly Partition[];
  let keyed: boolean;
  try {
    const prepared = prepareHistory(history, base, split);
    partitions = prepared.partitions;
    keyed = prepared.keyed;
    stats.ops = prepared.ops;
  } catch (err) {
    stats.timeMs = performance.now() - started;
    const reason = `cannot read the history: ${err instanceof Error ? err.message : String(err)}`;
    return { ...verdictOf(modelName, [unknownResult({ key: null, ops: [] }, reason)], stats), keysChecked: 0 };
  }
  const spec: ModelSpec = { name: modelName, byKey: !split && keyed };
  stats.keys = partitions.length;
  const wanted = Math.min(options.workers ?? 0, partitions.length);
  const exhaustive = options.exhaustive ?? false;
  const firstFailure = options.firstFailure ?? false;
  let results: PartitionResult[];
  if (wanted > 1) {
    const script = workerScriptPath();
    if (script === undefined) {
      stats.note = 'worker threads need the compiled project (npm run build); checked in this thread';
      results = checkPartitions(spec, partitions, budget, { exhaustive, firstFailure });
    } else {
      stats.workers = wanted;
      results = await runInWorkers(script, wanted, spec, partitions, budget, exhaustive, firstFailure);
    }
  } else {
    results = checkPartitions(spec, partitions, budget, { exhaustive, firstFailure });
  }
  for (const r of results) {
    stats.cacheEntries += r.cacheEntries;
    stats.peakCacheMiB = Math.max(stats.peakCacheMiB, r.bytes / MIB);
  }
  stats.peakCacheMiB = Math.round(stats.peakCacheMiB * 100) / 100;
  stats.timeMs = performance.now() - started;
  return verdictOf(modelName, results, stats);
}

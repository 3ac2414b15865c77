/**
 * Checking a stored run without any cluster: read test.json and history.jsonl (a partial
 * history is fine — open ops count as indeterminate), rebuild the workload's checkers from the
 * stored config, check, and (re)write results.json. Shared by `faultline test` (after the run)
 * and `faultline analyze <run-dir>`.
 */
import { realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { closeWorkerPool } from '../../checkers/linearizable/index.js';
import { buildWorkload, isWorkloadName, type WorkloadName } from '../../workloads/index.js';
import { UsageError } from '../../core/errors.js';
import { readHistory } from '../../core/history/index.js';
import type { History } from '../../core/op.js';
import { makeResults, runCheckers, type RunResults } from './check-run.js';
import { checkFileTarget, readStoredTest as readTest, RUN_FILES, writeResultsJson, type StoredTest } from '../../core/run-store/index.js';
import { partialReason } from './partial.js';

/** Options of {@link analyzeRun}. */
export interface AnalyzeOptions {
  /** Time budget of each checker, ms. Default 300,000. */
  timeoutMs?: number;
  /** Worker threads for the linearizability search. Default 2. */
  workers?: number;
  /**
   * Linearizability: stop at the first key found not linearizable instead of checking and
   * explaining every key (the checker's `firstFailure`; passed to the workload's checkers as
   * `options.checkFirstFailure`). Default false.
   */
  firstFailure?: boolean;
}

/** What {@link analyzeRun} found. */
export interface Analysis {
  runDir: string;
  test: StoredTest;
  history: History;
  results: RunResults;
  /** Problems met reading the run (e.g. a truncated last line). */
  warnings: string[];
}

/**
 * Reads a run's test.json and checks that its workload is one faultline knows.
 * @throws UsageError when `runDir` is not a run folder or test.json is missing or malformed
 */
export async function readStoredTest(runDir: string): Promise<StoredWorkloadTest> {
  const test = await readTest(runDir);
  if (!isWorkloadName(test.options.workload)) throw new UsageError(`${join(runDir, RUN_FILES.test)}: unknown workload ${JSON.stringify(test.options.workload)}`);
  return test as StoredWorkloadTest;
}

/** test.json whose workload faultline knows. */
export type StoredWorkloadTest = StoredTest & { options: StoredTest['options'] & { workload: WorkloadName } };

/** Analyses in progress in this process; the last one to end closes the shared worker pool. */
let activeAnalyses = 0;

/**
 * Re-checks the run in `runDir` and writes its results.json.
 * @throws UsageError for a folder that is not a run, InputError for a malformed history
 */
export async function analyzeRun(runDir: string, opts: AnalyzeOptions = {}): Promise<Analysis> {
  const test = await readStoredTest(resolve(runDir));
  const dir = await realpath(resolve(runDir));
  await checkFileTarget(join(dir, RUN_FILES.results)); // before the work, not after it
  const { ops, warnings } = await readHistory(join(dir, RUN_FILES.history));
  const config = test.options;
  const workload = buildWorkload(config.workload, { nodes: config.nodes.length, concurrency: config.concurrency, options: config });
  let verdicts;
  activeAnalyses++;
  try {
    verdicts = await runCheckers(workload, ops, {
      runDir: dir,
      timeoutMs: opts.timeoutMs ?? 300_000,
      options: { ...config, checkWorkers: opts.workers ?? 2, ...(opts.firstFailure === true ? { checkFirstFailure: true } : {}) },
    });
  } finally {
    // The checker's worker pool is shared: a campaign's parallel runs check at the same time.
    if (--activeAnalyses === 0) await closeWorkerPool();
  }
  const results = makeResults(verdicts, ops, warnings, partialReason(test));
  await writeResultsJson(dir, results);
  return { runDir: dir, test, history: ops, results, warnings };
}

/**
 * test.json: what a run stores about itself — its resolved config (`options`), seed, nodes,
 * versions of faultline and of the system, when it started and how it ended. `faultline
 * analyze` rebuilds the workload's checkers from it. Building and checking are pure.
 */
import { hostname } from 'node:os';
import { UsageError } from '../errors.js';
import type { RunOptions } from '../options/spec.js';

/** What test.json needs of a run's resolved config (harness/run/config.ts `TestConfig` is one). */
export type StoredConfig = RunOptions & {
  readonly name: string;
  readonly system: string;
  readonly workload: string;
  readonly nodes: readonly string[];
  readonly seed: number;
  readonly concurrency: number;
};

/** How a run ended, as far as the runner got. */
export type RunOutcome = 'running' | 'complete' | 'interrupted' | 'timed-out' | 'crashed';

/** The content of test.json. */
export interface StoredTest {
  name: string;
  system: string;
  workload: string;
  nodes: string[];
  seed: number;
  /** ISO 8601 wall-clock start. */
  startedAt: string;
  /** ISO 8601 wall-clock end of the run phase, once known. */
  finishedAt?: string;
  outcome: RunOutcome;
  /** The frozen config of the run. */
  options: StoredConfig;
  /** `faultline` and the system's version (e.g. `{faultline: '0.1.0', etcd: '3.4.23'}`). */
  versions: Record<string, string>;
  /** The controller's process id and host name, to tell a run still going from one whose controller died. */
  pid?: number;
  host?: string;
}

/** test.json for a run starting at `startedAt`, by this process. Pure but for the pid and host name. */
export function makeTestInfo(config: StoredConfig, faultlineVersion: string, startedAt: Date): StoredTest {
  return {
    name: config.name,
    system: config.system,
    workload: config.workload,
    nodes: [...config.nodes],
    seed: config.seed,
    startedAt: startedAt.toISOString(),
    outcome: 'running',
    options: config,
    versions: { faultline: faultlineVersion },
    pid: process.pid,
    host: hostname(),
  };
}

/**
 * Checks parsed test.json content enough to rebuild the run's checkers (whether the workload
 * exists is for the caller to say). Pure.
 * @throws UsageError naming `file` and what is wrong
 */
export function checkTestInfo(raw: unknown, file: string): StoredTest {
  const t = raw as Partial<StoredTest> | null;
  if (typeof t !== 'object' || t === null || typeof t.options !== 'object' || t.options === null) {
    throw new UsageError(`${file}: not a faultline test.json (no "options")`);
  }
  const o = t.options as Partial<StoredConfig>;
  if (typeof o.workload !== 'string') throw new UsageError(`${file}: unknown workload ${JSON.stringify(o.workload)}`);
  if (!Array.isArray(o.nodes) || o.nodes.length === 0) throw new UsageError(`${file}: options.nodes must be a non-empty list`);
  if (typeof o.concurrency !== 'number' || o.concurrency < 1) throw new UsageError(`${file}: options.concurrency must be a number ≥ 1`);
  return t as StoredTest;
}

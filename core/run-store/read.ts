/**
 * Reading a stored run directory, the one reader: `history.jsonl` (required), `test.json` and
 * `results.json` (optional for reports: a partial run may lack them; test.json required to
 * re-check). I/O only; what the files mean is decided elsewhere.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { readHistory, type HistoryHeader } from '../history/index.js';
import type { History } from '../op.js';
import { RUN_FILES } from './names.js';
import type { StoredResults } from './results.js';
import { checkTestInfo, type StoredTest } from './test-json.js';

/** test.json as reports read it: every field may be missing (see {@link StoredTest} for what a run writes). */
export interface TestInfo {
  name?: string;
  system?: string;
  workload?: string;
  /** Node names, or their number. */
  nodes?: string[] | number;
  seed?: number | string;
  /** ISO 8601 wall-clock time the run started. */
  startedAt?: string;
  options?: Record<string, unknown>;
  /** Versions of faultline and of the system, e.g. `{faultline: '0.1.0', etcd: '3.4.23'}`. */
  versions?: Record<string, unknown>;
  [more: string]: unknown;
}

/** results.json as read back (see {@link StoredResults}). */
export type RunResults = StoredResults;

/** Everything read from a run directory. */
export interface RunFiles {
  runDir: string;
  history: History;
  header: HistoryHeader;
  test?: TestInfo;
  results?: RunResults;
  /** Problems that did not stop the read (missing or unreadable optional files, a truncated line). */
  warnings: string[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads and parses an optional JSON file; `undefined` (with a warning) when absent or bad. */
async function optionalJson(file: string, warnings: string[], partial: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    warnings.push(code === 'ENOENT' ? `${file}: missing (${partial})` : `${file}: ${(err as Error).message}`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    warnings.push(`${file}: bad JSON (${(err as Error).message})`);
    return undefined;
  }
}

/** True when `v` has the shape of results.json. Pure. */
export function isRunResults(v: unknown): v is RunResults {
  if (!isObject(v) || !(v.valid === true || v.valid === false || v.valid === 'unknown')) return false;
  return isObject(v.checkers) && Object.values(v.checkers).every((c) => isObject(c) && 'valid' in c);
}

/**
 * Reads the run in `runDir`.
 * @throws UsageError when `runDir` is not a directory or has no history.jsonl; InputError
 *   (`file:line`) when the history is malformed
 */
export async function readRun(runDir: string): Promise<RunFiles> {
  let isDir = false;
  try {
    isDir = (await stat(runDir)).isDirectory();
  } catch {
    throw new UsageError(`no such run directory: ${runDir}`);
  }
  if (!isDir) throw new UsageError(`not a run directory: ${runDir}`);
  const historyFile = join(runDir, RUN_FILES.history);
  try {
    await stat(historyFile);
  } catch {
    throw new UsageError(`not a run directory (no history.jsonl): ${runDir}`);
  }
  const { ops, header, warnings } = await readHistory(historyFile);
  const test = await optionalJson(join(runDir, RUN_FILES.test), warnings, 'the run did not store its configuration');
  const results = await optionalJson(join(runDir, RUN_FILES.results), warnings, 'partial run: not checked yet');
  if (results !== undefined && !isRunResults(results)) warnings.push(`${join(runDir, RUN_FILES.results)}: not a results file (ignored)`);
  return {
    runDir,
    history: ops,
    header,
    ...(isObject(test) ? { test: test as TestInfo } : {}),
    ...(isRunResults(results) ? { results } : {}),
    warnings,
  };
}

/**
 * Reads a run's test.json, as needed to re-check it.
 * @throws UsageError when `runDir` is not a run folder or test.json is missing or malformed
 */
export async function readStoredTest(runDir: string): Promise<StoredTest> {
  const isDir = await stat(runDir).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new UsageError(`no such run directory: ${runDir}`);
  const file = join(runDir, RUN_FILES.test);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`not a run directory (no ${RUN_FILES.test}): ${runDir}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: bad JSON (${(err as Error).message})`);
  }
  return checkTestInfo(raw, file);
}

/**
 * Reading a stored run directory: `history.jsonl` (required), `test.json` and `results.json`
 * (optional: a partial run may lack them). I/O only; what the files mean is decided elsewhere.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Validity, Verdict } from '../core/verdict.js';
import { UsageError } from '../core/errors.js';
import { readHistory, type HistoryHeader } from '../core/history/index.js';
import type { History } from '../core/op.js';

/** The resolved configuration stored with a run (`test.json`); every field may be missing. */
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

/** `results.json`: the overall verdict and each checker's. */
export interface RunResults {
  valid: Validity;
  checkers: Record<string, Verdict>;
  stats?: unknown;
}

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
  const historyFile = join(runDir, 'history.jsonl');
  try {
    await stat(historyFile);
  } catch {
    throw new UsageError(`not a run directory (no history.jsonl): ${runDir}`);
  }
  const { ops, header, warnings } = await readHistory(historyFile);
  const test = await optionalJson(join(runDir, 'test.json'), warnings, 'the run did not store its configuration');
  const results = await optionalJson(join(runDir, 'results.json'), warnings, 'partial run: not checked yet');
  if (results !== undefined && !isRunResults(results)) warnings.push(`${join(runDir, 'results.json')}: not a results file (ignored)`);
  return {
    runDir,
    history: ops,
    header,
    ...(isObject(test) ? { test: test as TestInfo } : {}),
    ...(isRunResults(results) ? { results } : {}),
    warnings,
  };
}

/**
 * Validating the flags of `faultline check` into a request. Pure: bad values throw a
 * {@link UsageError} that names the flag and quotes the value.
 */
import { UsageError, quote } from '../../core/errors.js';
import { HISTORY_FORMATS, isHistoryFormat, type HistoryFormat } from '../../core/history/detect.js';

/** The flags as commander hands them over (all strings, or absent). */
export interface RawCheckFlags {
  model?: string;
  format?: string;
  timeout?: string;
  workers?: string;
  json?: boolean;
  /** `false` with `--no-split`. */
  split?: boolean;
  /** Comma-separated, for the transactional models. */
  consistencyModels?: string;
  /** `--html <file>`: also draw a report there. */
  html?: string;
  /** `--first-failure`: stop at the first key found not linearizable. */
  firstFailure?: boolean;
}

/** A validated `check` request. */
export interface CheckRequest {
  file: string;
  model: string;
  /** Undefined: detect from content, then extension. */
  format?: HistoryFormat;
  /** Time budget in ms; undefined = none. */
  timeoutMs?: number;
  /** Worker threads; 0 = this thread. */
  workers: number;
  splitByKey: boolean;
  json: boolean;
  /** For list-append and rw-register: the models to check against (validated names). */
  consistencyModels?: string[];
  /** Where to draw report.html, when asked. */
  html?: string;
  /**
   * Linearizability only: stop at the first key found not linearizable (the checker's
   * `firstFailure`); the keys left are reported undecided. Present (true) only when asked.
   */
  firstFailure?: true;
}

/**
 * Validates the flags of `faultline check <file>`. Pure.
 *
 * @param models the model names the checker knows (for `--model`)
 * @param txn the transactional models, and how to validate `--consistency-models` for them
 * @returns the request; `workers` defaults to 0, `splitByKey` to true, `json` to false
 * @throws UsageError naming the flag and the bad value: missing or unknown `--model`, a
 *   `--format` other than jsonl|edn|jepsen-log, a `--timeout` that is not a positive number of
 *   seconds, a `--workers` that is not an integer ≥ 0, `--first-failure` with a transactional model
 */
export function parseCheckFlags(
  file: string,
  flags: RawCheckFlags,
  models: readonly string[],
  txn: { models: readonly string[]; consistency: (name: string) => string | undefined; known: readonly string[] } = { models: [], consistency: () => undefined, known: [] },
): CheckRequest {
  const known = models.join(', ');
  if (flags.model === undefined) throw new UsageError(`--model is required (one of: ${known})`);
  if (!models.includes(flags.model)) {
    throw new UsageError(`--model: unknown model ${quote(flags.model)} (known: ${known})`);
  }
  if (flags.format !== undefined && !isHistoryFormat(flags.format)) {
    throw new UsageError(`--format: unknown format ${quote(flags.format)} (known: ${HISTORY_FORMATS.join(', ')})`);
  }
  const req: CheckRequest = {
    file,
    model: flags.model,
    workers: 0,
    splitByKey: flags.split !== false,
    json: flags.json === true,
  };
  if (flags.format !== undefined) req.format = flags.format;
  if (flags.consistencyModels !== undefined) {
    if (!txn.models.includes(flags.model)) {
      throw new UsageError(`--consistency-models: only for --model ${txn.models.join(' or ')}, not ${quote(flags.model)}`);
    }
    req.consistencyModels = flags.consistencyModels.split(',').map((m) => m.trim()).filter((m) => m !== '').map((m) => {
      const c = txn.consistency(m);
      if (c === undefined) throw new UsageError(`--consistency-models: unknown model ${quote(m)} (known: ${txn.known.join(', ')})`);
      return c;
    });
    if (req.consistencyModels.length === 0) throw new UsageError(`--consistency-models: expected a comma-separated list, got ${quote(flags.consistencyModels)}`);
  }
  if (flags.html !== undefined) {
    if (flags.html.trim() === '') throw new UsageError(`--html: expected a file name, got ${quote(flags.html)}`);
    req.html = flags.html;
  }
  if (flags.firstFailure === true) {
    if (txn.models.includes(flags.model)) {
      throw new UsageError(`--first-failure: only for the linearizability models, not ${quote(flags.model)}`);
    }
    req.firstFailure = true;
  }
  if (flags.timeout !== undefined) req.timeoutMs = parseSeconds('--timeout', flags.timeout);
  if (flags.workers !== undefined) req.workers = parseCount('--workers', flags.workers);
  return req;
}

/** The longest checker time budget, s (a week). */
export const MAX_TIMEOUT_S = 604_800;
/** The most worker threads `--workers` may ask for. */
export const MAX_WORKERS = 256;

/** A positive decimal number of seconds, at most {@link MAX_TIMEOUT_S} → ms (rounded up to a whole ms). Pure. */
function parseSeconds(flag: string, raw: string): number {
  const s = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(s > 0) || !Number.isFinite(s) || s > MAX_TIMEOUT_S) {
    throw new UsageError(`${flag}: expected a positive decimal number of seconds (at most ${MAX_TIMEOUT_S}), got ${quote(raw)}`);
  }
  return Math.ceil(s * 1000);
}

/** An integer from 0 to {@link MAX_WORKERS}. Pure. */
function parseCount(flag: string, raw: string): number {
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n > MAX_WORKERS) throw new UsageError(`${flag}: expected an integer from 0 to ${MAX_WORKERS}, got ${quote(raw)}`);
  return n;
}

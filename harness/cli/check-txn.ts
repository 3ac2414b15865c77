/**
 * `faultline check <file> --model list-append|rw-register [--consistency-models …]`: runs the
 * transactional checker on a loaded history and prints its verdict line, the anomalies with
 * their explanations and which models are ruled out (or the verdict as JSON).
 */
import { performance } from 'node:perf_hooks';
import { checkTxn, formatTxnVerdict, TxnInputError, type TxnModel, type TxnVerdict } from '../../checkers/txn/index.js';
import { UsageError } from '../../core/errors.js';
import type { LoadedHistory } from '../../core/history/load.js';
import { exitCodeFor } from '../../core/verdict.js';
import { relativePath, writeStandaloneReport } from '../../reports/index.js';
import type { CheckRequest } from './check-options.js';
import { verdictJson, type Paint } from './verdict-line.js';

/**
 * Checks `loaded` as a transactional history and prints the result.
 * With `--html`, also draws report.html (each cycle drawn as a graph beside its explanation, its
 * transactions marked on the timeline, a button zooming onto them).
 * @returns the exit code: 0 valid, 1 invalid, 2 unknown
 * @throws UsageError (exit 254) for a malformed micro-op, naming the file and the op
 */
export async function runTxnCheck(req: CheckRequest, loaded: LoadedHistory, paint: Paint): Promise<number> {
  const started = performance.now();
  let verdict: TxnVerdict;
  try {
    verdict = checkTxn(loaded.ops, { model: req.model as TxnModel, ...(req.consistencyModels ? { consistencyModels: req.consistencyModels } : {}) });
  } catch (err) {
    if (err instanceof TxnInputError) throw new UsageError(`${req.file}: ${err.message}`);
    throw err;
  }
  const ms = performance.now() - started;
  if (req.html !== undefined) {
    const html = await writeStandaloneReport(req.html, loaded.ops, verdict, { file: req.file, format: loaded.format, model: req.model, checker: 'txn', warnings: loaded.warnings });
    process.stderr.write(`faultline: report: ${relativePath(html)}\n`);
  }
  if (req.json) {
    const facts = { file: req.file, format: loaded.format, model: req.model, ops: loaded.ops.length, keys: 0, ms };
    process.stdout.write(`${verdictJson(verdict, facts)}\n`);
  } else {
    process.stdout.write(`${txnVerdictLine(verdict, req.file, loaded.ops.length, ms, paint)}\n${formatTxnVerdict(verdict)}\n`);
  }
  return exitCodeFor(verdict.valid);
}

/**
 * E.g. `invalid: h.edn is not serializable (list-append: G-single, G1a; 7 txns, 14 ops, 3 ms)`.
 * Pure.
 */
export function txnVerdictLine(v: TxnVerdict, file: string, ops: number, ms: number, paint: Paint = (_v, w) => w): string {
  const name = file.replace(/[/\\]+$/, '').split(/[/\\]/).pop() ?? file;
  const n = v.txns.ok + v.txns.info + v.txns.fail;
  const found = v.anomalyTypes.length > 0 ? v.anomalyTypes.join(', ') : 'no anomalies';
  const details = `${v.model}: ${found}; ${n} txns, ${ops} ops, ${Math.round(ms)} ms`;
  const models = v.consistencyModels.join(', ');
  if (v.valid === true) return `${paint(true, 'valid')}: ${name} is ${models} (${details})`;
  if (v.valid === false) return `${paint(false, 'invalid')}: ${name} is not ${v.violated.join(', ')} (${details})`;
  return `${paint('unknown', 'unknown')}: ${name} could not be decided for ${models} (${details}; ${v.warnings.join('; ')})`;
}

/**
 * `faultline check <file> --model <name>`: load a stored history (faultline JSONL, Jepsen EDN or
 * a Jepsen log), check it for linearizability, print one verdict line (plus the explanation
 * when invalid) or the verdict as JSON, and exit 0 valid / 1 invalid / 2 unknown / 254 bad input.
 */
import { performance } from 'node:perf_hooks';
import chalk, { Chalk } from 'chalk';
import type { Command } from 'commander';
import { checkLinearizable, closeWorkerPool, findModel, formatExplanation, MODEL_NAMES, type LinearizableVerdict } from '../../checkers/linearizable/index.js';
import type { Validity } from '../../core/verdict.js';
import { exitCodeFor } from '../../core/verdict.js';
import { loadHistory } from '../../core/history/load.js';
import { UsageError } from '../../core/errors.js';
import type { History } from '../../core/op.js';
import { HISTORY_FORMATS } from '../../core/history/detect.js';
import { CONSISTENCY_MODELS, canonicalModel, TXN_MODELS } from '../../checkers/txn/index.js';
import { parseCheckFlags, type CheckRequest, type RawCheckFlags } from './check-options.js';
import { jepsenModelWarning, KNOSSOS_CAS_REGISTER } from './jepsen-model.js';
import { runTxnCheck } from './check-txn.js';
import { relativePath, writeStandaloneReport } from '../../reports/index.js';
import { countKeys, verdictJson, verdictLine, type Paint } from './verdict-line.js';

/** Registers `faultline check` on `program`. */
export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check a stored history for linearizability against a model, or a transactional one (list-append, rw-register) for isolation anomalies')
    .argument('<file>', `history file (${HISTORY_FORMATS.join(', ')})`)
    .option('--model <name>', `model to check against: ${[...MODEL_NAMES, ...TXN_MODELS].join(', ')} (Knossos's cas-register is ${KNOSSOS_CAS_REGISTER})`)
    .option('--consistency-models <list>', `for list-append and rw-register: comma-separated, any of ${CONSISTENCY_MODELS.join(', ')} (default: strict-serializable)`)
    .option('--format <format>', `${HISTORY_FORMATS.join('|')} (default: detected from content, then extension)`)
    .option('--timeout <seconds>', 'time budget for the check; unknown when it runs out (default: none)')
    .option('--json', 'print the full verdict as JSON instead of a line of text')
    .option('--workers <n>', 'worker threads for independent keys (default: 0 = this thread)')
    .option('--no-split', 'check the history as a whole instead of key by key')
    .option('--first-failure', 'linearizability: stop at the first key that is not linearizable (explained) and leave the rest undecided, instead of checking and explaining every key')
    .option('--html <file>', 'also draw report.html for the history and its verdict into <file>')
    // Usage errors on one line, like ours: "faultline: unknown option '--x' (see …)".
    .showHelpAfterError(false)
    .configureOutput({
      outputError: (msg, write) => write(`faultline: ${msg.trim().replace(/^error: /, '')} (see faultline check --help)\n`),
    })
    .action(async (file: string, flags: RawCheckFlags) => {
      process.exitCode = await runCheck(file, flags);
    });
}

/**
 * Runs one check and prints its result to stdout.
 * @returns the exit code: 0 valid, 1 invalid, 2 unknown
 * @throws UsageError (exit 254) for bad flags, a missing or malformed file
 */
export async function runCheck(file: string, flags: RawCheckFlags): Promise<number> {
  const req: CheckRequest = parseCheckFlags(file, flags, [...MODEL_NAMES, ...TXN_MODELS], { models: TXN_MODELS, consistency: canonicalModel, known: CONSISTENCY_MODELS });
  const loaded = await loadHistory(req.file, req.format);
  for (const w of loaded.warnings) process.stderr.write(`faultline: warning: ${w}\n`);
  if ((TXN_MODELS as readonly string[]).includes(req.model)) return runTxnCheck(req, loaded, terminalPaint());
  const unknownF = unknownFunction(loaded.ops, req.model);
  if (unknownF !== undefined) throw new UsageError(`${req.file}: ${unknownF}`);
  const modelWarning = jepsenModelWarning(loaded.format, req.model, loaded.ops);
  if (modelWarning !== undefined) process.stderr.write(`faultline: ${modelWarning}\n`);
  const started = performance.now();
  let verdict: LinearizableVerdict;
  let ms: number;
  try {
    verdict = await checkLinearizable(loaded.ops, req.model, {
      ...(req.timeoutMs === undefined ? {} : { timeoutMs: req.timeoutMs }),
      workers: req.workers,
      splitByKey: req.splitByKey,
      ...(req.firstFailure === true ? { firstFailure: true } : {}),
    });
    ms = performance.now() - started;
  } finally {
    await closeWorkerPool();
  }
  if (req.html !== undefined) {
    const html = await writeStandaloneReport(req.html, loaded.ops, verdict, { file: req.file, format: loaded.format, model: req.model, ...(loaded.header ? { header: loaded.header as unknown as Record<string, unknown> } : {}), warnings: loaded.warnings });
    process.stderr.write(`faultline: report: ${relativePath(html)}\n`);
  }
  const facts = {
    file: req.file,
    format: loaded.format,
    model: req.model,
    ops: loaded.ops.length,
    keys: countKeys(loaded.ops),
    ms,
  };
  if (req.json) {
    process.stdout.write(`${verdictJson(verdict, facts)}\n`);
  } else {
    process.stdout.write(`${verdictLine(verdict, facts, terminalPaint())}\n`);
    if (verdict.valid === false) process.stdout.write(`${formatExplanation(verdict).trimEnd()}\n`);
  }
  return exitCodeFor(verdict.valid);
}

/** Green / red / yellow verdict words when stdout is a terminal, plain text otherwise. */
function terminalPaint(): Paint {
  const c = new Chalk({ level: process.stdout.isTTY ? Math.max(chalk.level, 1) as 1 | 2 | 3 : 0 });
  const colours: Record<string, (s: string) => string> = { true: c.green.bold, false: c.red.bold, unknown: c.yellow.bold };
  return (v: Validity, word: string) => (colours[String(v)] ?? ((s: string) => s))(word);
}

/**
 * The first client op whose function `model` does not know, described for the user (`op 3:
 * model cas-register has no function "frob" (it knows read, write, cas)`), or undefined. A
 * history for another model is bad input (exit 254), not an undecidable one. Pure.
 */
export function unknownFunction(ops: History, modelName: string): string | undefined {
  const model = findModel(modelName);
  if (model === undefined) return undefined;
  const fs = new Set<string>(model.fs);
  const bad = ops.find((o) => o.process !== 'nemesis' && !fs.has(o.f));
  return bad === undefined ? undefined : `op ${bad.index}: model ${model.name} has no function ${JSON.stringify(bad.f)} (it knows ${model.fs.join(', ')})`;
}

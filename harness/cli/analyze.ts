/**
 * `faultline analyze <run-dir>`: re-check a stored run with no cluster — rebuild the workload's
 * checkers from its test.json, check its history.jsonl (partial histories too: ops never
 * completed are indeterminate), rewrite results.json and the report, print the summary, and
 * exit 0 valid / 1 invalid / 2 unknown or partial (interrupted, crashed, cut short) / 254 not a run.
 */
import type { Command } from 'commander';
import { EXIT } from '../../core/errors.js';
import { exitCodeFor } from '../../core/verdict.js';
import { analyzeRun } from '../check/analyze.js';
import { positiveNumber } from '../../core/options/values.js';
import { writeRunReports } from '../run/reports.js';
import { summaryText } from '../run/summary.js';

/** The flags of `faultline analyze`. */
export interface RawAnalyzeFlags {
  timeout?: string;
  /** `--first-failure`: the linearizability checker stops at the first failing key. */
  firstFailure?: boolean;
}

/** Registers `faultline analyze` on `program`. */
export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .description('re-check a stored run (no cluster needed) and rewrite its results.json and report')
    .argument('<run-dir>', 'a run folder, e.g. store/<system>-<workload>/latest')
    .option('--timeout <seconds>', 'time budget of each checker; unknown when it runs out (default 300)')
    .option('--first-failure', 'linearizability: stop at the first key that is not linearizable (explained) instead of checking and explaining every key')
    .showHelpAfterError(false)
    .configureOutput({
      outputError: (msg, write) => write(`faultline: ${msg.trim().replace(/^error: /, '')} (see faultline analyze --help)\n`),
    })
    .action(async (dir: string, flags: RawAnalyzeFlags) => {
      process.exitCode = await runAnalyzeCommand(dir, flags);
    });
}

/**
 * Runs `faultline analyze <dir>`.
 * @returns the exit code: 0 valid, 1 invalid, 2 unknown
 * @throws UsageError (exit 254) for a bad flag or a folder that is not a run
 */
export async function runAnalyzeCommand(dir: string, flags: RawAnalyzeFlags): Promise<number> {
  const timeoutMs = flags.timeout === undefined ? undefined : Math.ceil(1000 * positiveNumber('--timeout', flags.timeout, 'a positive number of seconds'));
  const a = await analyzeRun(dir, { ...(timeoutMs === undefined ? {} : { timeoutMs }), ...(flags.firstFailure === true ? { firstFailure: true } : {}) });
  const log = (line: string): void => void process.stderr.write(`faultline: ${line}\n`);
  for (const w of a.warnings) log(`warning: ${w}`);
  if (a.results.partial !== undefined) log(`partial run (${a.results.partial}): the verdict covers only what was recorded${a.results.stats.open > 0 ? `; ${a.results.stats.open} client ops never completed and count as indeterminate` : ''}`);
  else if (a.results.stats.open > 0) log(`${a.results.stats.open} client ops never completed; they count as indeterminate`);
  const report = await writeRunReports(a.runDir);
  if ('unavailable' in report) log(`report: ${report.unavailable}`);
  process.stdout.write(`${summaryText(a.results, a.test, 'html' in report ? report.html : undefined)}\n`);
  // a partial run that found nothing wrong has not shown the system valid: exit 2
  return a.results.partial !== undefined && a.results.valid === true ? EXIT.unknown : exitCodeFor(a.results.valid);
}

/**
 * `faultline report <run-dir>`: redraw a stored run's report.html (and junit.xml, perf.json)
 * from its history.jsonl, test.json and results.json, then print the report's path. A bad run
 * directory is a one-line usage error (exit 254).
 *
 * `faultline report --history <file> --model <name> [--out <file>]`: draw a report for a
 * history no faultline run produced (Jepsen EDN, Jepsen log, JSONL): it is checked for
 * linearizability like `faultline check <file> --html <out>` (same verdict line, same exit
 * codes); the report goes to `--out`, default `<history file name>.html` in the working folder.
 */
import { basename } from 'node:path';
import type { Command } from 'commander';
import { MODEL_NAMES } from '../../checkers/linearizable/index.js';
import { UsageError } from '../../core/errors.js';
import { HISTORY_FORMATS } from '../../core/history/detect.js';
import { writeReports } from '../../reports/index.js';
import { runCheck } from './check.js';

/** Flags of `faultline report`. */
interface ReportFlags {
  history?: string;
  model?: string;
  format?: string;
  out?: string;
  timeout?: string;
}

/** Registers `faultline report` on `program`. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('redraw report.html and junit.xml of a stored run and print the report path')
    .argument('[run-dir]', 'a run directory (holding history.jsonl, test.json, results.json)')
    .option('--history <file>', `draw a report for a history file instead (${HISTORY_FORMATS.join(', ')}), checked with --model`)
    .option('--model <name>', `with --history: the model (${MODEL_NAMES.join(', ')}; Knossos's cas-register is cas-register-noop)`)
    .option('--format <format>', `with --history: ${HISTORY_FORMATS.join('|')} (default: detected)`)
    .option('--out <file>', 'with --history: where to write the report (default: <history file name>.html here)')
    .option('--timeout <seconds>', 'with --history: time budget of the check')
    .showHelpAfterError(false)
    .configureOutput({
      outputError: (msg, write) => write(`faultline: ${msg.trim().replace(/^error: /, '')} (see faultline report --help)\n`),
    })
    .action(async (runDir: string | undefined, flags: ReportFlags) => {
      process.exitCode = await runReportCommand(runDir, flags);
    });
}

/**
 * Runs `faultline report`: a run directory, or `--history` (see the module notes).
 * @throws UsageError (exit 254) for neither or both, or `--model`/`--out` without `--history`
 */
export async function runReportCommand(runDir: string | undefined, flags: ReportFlags): Promise<number> {
  if (flags.history === undefined) {
    if (runDir === undefined) throw new UsageError('give a run directory, or --history <file> --model <name>');
    for (const k of ['model', 'format', 'out', 'timeout'] as const) if (flags[k] !== undefined) throw new UsageError(`--${k} needs --history`);
    return runReport(runDir);
  }
  if (runDir !== undefined) throw new UsageError(`give either a run directory or --history, not both (got ${JSON.stringify(runDir)} and --history)`);
  const out = flags.out ?? `${basename(flags.history).replace(/\.[^.]*$/, '')}.html`;
  return runCheck(flags.history, { ...(flags.model === undefined ? {} : { model: flags.model }), ...(flags.format === undefined ? {} : { format: flags.format }), ...(flags.timeout === undefined ? {} : { timeout: flags.timeout }), html: out });
}

/**
 * Writes the reports of the run in `runDir`, prints warnings to stderr and the report's path
 * to stdout.
 * @returns 0
 * @throws UsageError (exit 254) when `runDir` is not a run directory or its history is malformed
 */
export async function runReport(runDir: string): Promise<number> {
  const written = await writeReports(runDir);
  for (const w of written.warnings) process.stderr.write(`faultline: warning: ${w}\n`);
  process.stdout.write(`${written.html}\n`);
  return 0;
}

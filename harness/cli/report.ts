/**
 * `faultline report <run-dir>`: redraw a stored run's report.html (and junit.xml, perf.json)
 * from its history.jsonl, test.json and results.json, then print the report's path. A bad run
 * directory is a one-line usage error (exit 254).
 */
import type { Command } from 'commander';
import { writeReports } from '../../reports/index.js';

/** Registers `faultline report` on `program`. */
export function registerReport(program: Command): void {
  program
    .command('report')
    .description('redraw report.html and junit.xml of a stored run and print the report path')
    .argument('<run-dir>', 'a run directory (holding history.jsonl, test.json, results.json)')
    .showHelpAfterError(false)
    .configureOutput({
      outputError: (msg, write) => write(`faultline: ${msg.trim().replace(/^error: /, '')} (see faultline report --help)\n`),
    })
    .action(async (runDir: string) => {
      process.exitCode = await runReport(runDir);
    });
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

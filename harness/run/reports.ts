/**
 * Writing a run's report (report.html, junit.xml, perf.json) through reports/. A failure is
 * reported, not fatal: the verdict stands without a report.
 */
import { writeReports } from '../../reports/index.js';

/** What {@link writeRunReports} did: the report's path, or why there is none. */
export type ReportOutcome = { html: string } | { unavailable: string };

/** Writes `runDir`'s reports; never rejects. */
export async function writeRunReports(runDir: string): Promise<ReportOutcome> {
  try {
    return { html: (await writeReports(runDir)).html };
  } catch (err) {
    return { unavailable: `failed: ${(err as Error)?.message ?? String(err)}` };
  }
}

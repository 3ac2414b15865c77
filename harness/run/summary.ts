/**
 * The console summary at the end of a run or an analysis: reports/'s `formatSummary` (overall
 * verdict, a line per checker, op counts, report path), fed from results.json.
 */
import { formatSummary, relativePath } from '../../reports/index.js';
import type { RunResults } from '../check/check-run.js';
import type { StoredTest } from '../../core/run-store/index.js';

/**
 * The op counts of the summary: from the history's own counts in results.json (the same rule
 * as the live status line and the `run:` line: every client event), else — results.json
 * written before those counts existed — from the `stats` checker. Pure.
 */
export function summaryCounts(results: RunResults): { invoke: number; ok: number; fail: number; info: number; open: number } | undefined {
  const s = results.stats;
  if (typeof s?.ok === 'number' && typeof s.fail === 'number' && typeof s.info === 'number') {
    return { invoke: s.clientOps, ok: s.ok, fail: s.fail, info: s.info, open: s.open };
  }
  return (results.checkers.stats as { total?: { invoke: number; ok: number; fail: number; info: number; open: number } } | undefined)?.total;
}

/** The summary text; op counts from {@link summaryCounts}. Pure. */
export function summaryText(results: RunResults, test: StoredTest, reportPath?: string): string {
  const total = summaryCounts(results);
  const leaders = results.stats.leaders;
  return formatSummary(results, { ...test }, {
    ...(total === undefined ? {} : { counts: { ...total, nemesis: results.stats.nemesisOps } }),
    ...(leaders === undefined ? {} : { leaders }),
    ...(reportPath === undefined ? {} : { reportPath: relativePath(reportPath) }),
  });
}

/**
 * The console summary at the end of a run or an analysis: reports/'s `formatSummary` (overall
 * verdict, a line per checker, op counts, report path), fed from results.json.
 */
import { formatSummary } from '../../reports/index.js';
import type { RunResults } from '../check/check-run.js';
import type { StoredTest } from './test-info.js';

/** The summary text. Op counts come from the `stats` checker when the workload has one. Pure. */
export function summaryText(results: RunResults, test: StoredTest, reportPath?: string): string {
  const total = (results.checkers.stats as { total?: { invoke: number; ok: number; fail: number; info: number; open: number } } | undefined)?.total;
  const leaders = results.stats.leaders;
  return formatSummary(results, { ...test }, {
    ...(total === undefined ? {} : { counts: { ...total, nemesis: results.stats.nemesisOps } }),
    ...(leaders === undefined ? {} : { leaders }),
    ...(reportPath === undefined ? {} : { reportPath }),
  });
}

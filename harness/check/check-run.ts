/**
 * Checking a history with a workload's checkers: each checker runs on its own (an exception
 * or a rejection makes that checker `unknown`, with the message), the verdicts merge by
 * false > unknown > true, and a few facts about the history go with them. This is what
 * results.json holds.
 */
import { mergeValidity, type Validity, type Verdict } from '../../core/verdict.js';
import { leaderLane } from '../../reports/leader-lane.js';
import type { History } from '../../core/op.js';
import type { CheckContext, Workload } from '../../core/plugins.js';
import type { HistoryStats, LeaderStats, RunResults } from '../../core/run-store/results.js';

export type { HistoryStats, LeaderStats, RunResults };

/** Counts events, client and nemesis invocations, open ops; duration from the last time. Pure. */
export function historyStats(history: History): HistoryStats {
  let clientOps = 0;
  let completions = 0;
  let nemesisOps = 0;
  const done = { ok: 0, fail: 0, info: 0 };
  for (const op of history) {
    if (op.process === 'nemesis') {
      if (op.type === 'invoke') nemesisOps++;
    } else if (op.type === 'invoke') clientOps++;
    else {
      completions++;
      done[op.type]++;
    }
  }
  const last = history.length === 0 ? 0 : history[history.length - 1].time;
  const stats: HistoryStats = { events: history.length, clientOps, open: clientOps - completions, ...done, nemesisOps, durationS: Math.round(last / 1e6) / 1e3 };
  const lane = leaderLane(history);
  if (lane !== null) {
    const sequence: string[] = [];
    for (const step of lane.steps) {
      const k = step.leaders.join('+');
      if (k !== '' && k !== sequence.at(-1)) sequence.push(k);
    }
    stats.leaders = { changes: lane.changes, samples: lane.samples, leaderless: lane.leaderless, sequence: sequence.slice(0, 50) };
  }
  return stats;
}

/**
 * Runs every checker of `workload` on `history`. A checker that throws or rejects gets
 * `{valid: 'unknown', error}`.
 */
export async function runCheckers(workload: Workload, history: History, ctx: CheckContext): Promise<Record<string, Verdict>> {
  const out: Record<string, Verdict> = {};
  for (const [name, checker] of Object.entries(workload.checkers)) {
    try {
      out[name] = await checker(history, ctx);
    } catch (err) {
      out[name] = { valid: 'unknown', error: `${name} checker failed: ${(err as Error)?.message ?? String(err)}` };
    }
  }
  return out;
}

/** results.json from the checkers' verdicts. Pure apart from `checkedAt`. */
export function makeResults(verdicts: Record<string, Verdict>, history: History, warnings: readonly string[] = [], partial?: string): RunResults {
  const r: RunResults = {
    valid: mergeValidity(Object.values(verdicts).map((v) => v.valid)),
    checkers: verdicts,
    stats: historyStats(history),
    checkedAt: new Date().toISOString(),
  };
  if (warnings.length > 0) r.warnings = [...warnings];
  if (partial !== undefined) r.partial = partial;
  return r;
}

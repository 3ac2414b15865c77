/**
 * What a campaign keeps of each run: the plan, the seed, the verdict, the anomaly classes
 * found, how long it took and where its report is; and how verdicts fold into the
 * campaign's exit code. Pure.
 */
import type { Verdict } from '../../core/verdict.js';
import type { PlannedRun } from './matrix.js';

/** A run's verdict as the campaign shows it: a checked verdict, or why there is none. */
export type CampaignVerdict = 'VALID' | 'INVALID' | 'UNKNOWN' | 'CRASHED' | 'INTERRUPTED' | 'SKIPPED';

/** One finished (or skipped) run of a campaign. */
export interface RunRecord extends PlannedRun {
  /** The seed it ran with (absent when it never started). */
  seed?: number;
  verdict: CampaignVerdict;
  /** Anomaly classes of the invalid checkers, e.g. `linearizable`, `stream: lost-write`. */
  anomalies: string[];
  /** Wall-clock duration, s. */
  durationS: number;
  /** The run folder in the store, when one was made. */
  runDir?: string;
  /** report.html, when written. */
  report?: string;
  /** The run's own exit code (0, 1, 2, 254, 255); absent when skipped. */
  exitCode?: number;
  /** The run's console output (progress lines and summary). */
  log?: string;
  /** Cluster and subnet it ran on. */
  cluster?: string;
  subnet?: string;
  /** ISO time it started. */
  startedAt?: string;
}

/** The verdict for a run's exit code (0/1/2 checked; 2 without results = interrupted; else crashed). Pure. */
export function verdictOf(exitCode: number, checked: boolean): CampaignVerdict {
  if (exitCode === 0) return 'VALID';
  if (exitCode === 1) return 'INVALID';
  if (exitCode === 2) return checked ? 'UNKNOWN' : 'INTERRUPTED';
  return 'CRASHED';
}

/**
 * The anomaly classes of a run's checker verdicts: for each invalid checker, the classes its
 * `anomalies` map names (`checker: class`), or the checker's name when it names none. Pure.
 */
export function anomalyClasses(checkers: Readonly<Record<string, Verdict>>): string[] {
  const out: string[] = [];
  for (const [name, v] of Object.entries(checkers)) {
    if (v.valid !== false) continue;
    const a = v.anomalies;
    const classes =
      a !== null && typeof a === 'object' && !Array.isArray(a)
        ? Object.entries(a as Record<string, unknown>)
            .filter(([, list]) => !Array.isArray(list) || list.length > 0)
            .map(([k]) => k)
        : Array.isArray(v.anomalyTypes)
          ? (v.anomalyTypes as unknown[]).map(String)
          : [];
    if (classes.length === 0) out.push(name);
    else for (const c of classes) out.push(`${name}: ${c}`);
  }
  return out;
}

/**
 * The campaign's exit code: 1 if any run is invalid, else 2 if any is unknown, crashed,
 * interrupted or skipped, else 0 (also for no runs at all). Pure.
 */
export function campaignExitCode(records: readonly Pick<RunRecord, 'verdict'>[]): 0 | 1 | 2 {
  if (records.some((r) => r.verdict === 'INVALID')) return 1;
  if (records.some((r) => r.verdict !== 'VALID')) return 2;
  return 0;
}

/** Counts of each verdict, for the summary line. Pure. */
export function verdictCounts(records: readonly Pick<RunRecord, 'verdict'>[]): Partial<Record<CampaignVerdict, number>> {
  const out: Partial<Record<CampaignVerdict, number>> = {};
  for (const r of records) out[r.verdict] = (out[r.verdict] ?? 0) + 1;
  return out;
}

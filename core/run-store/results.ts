/**
 * results.json: the overall verdict, each checker's, and a few facts about the checked
 * history. Written by the check stage (harness/check), read by analyze and the reports.
 */
import type { Validity, Verdict } from '../verdict.js';

/** Facts about the checked history. */
export interface HistoryStats {
  /** Events (invocations and completions). */
  events: number;
  /** Client invocations. */
  clientOps: number;
  /** Client invocations never completed (a crashed or interrupted run has some). */
  open: number;
  /**
   * Client completions by type, counted exactly as the live status line counts them (every
   * client completion in the history, whatever its f), so the final summary and the live line
   * agree. Absent in results.json written before they were added.
   */
  ok?: number;
  fail?: number;
  info?: number;
  /** Nemesis invocations. */
  nemesisOps: number;
  /** Time of the last event, s. */
  durationS: number;
  /** What the leader probe saw, when the run had one. */
  leaders?: LeaderStats;
}

/** Leadership over a run, from the leader probe's samples. */
export interface LeaderStats {
  /** How often the known leader moved. */
  changes: number;
  /** Probe samples, and how many of them found no leader (or no answer). */
  samples: number;
  leaderless: number;
  /** Successive known leaders, e.g. `['n1', 'n3', 'n2']` (at most 50). */
  sequence: string[];
}

/** The content of results.json as the check stage writes it. */
export interface RunResults {
  valid: Validity;
  /** Verdict per checker name. */
  checkers: Record<string, Verdict>;
  stats: HistoryStats;
  /** ISO 8601 time of the check. */
  checkedAt: string;
  /** Problems met reading the history (e.g. a truncated last line). */
  warnings?: string[];
  /** Set when the run did not finish: why (`interrupted`, `crashed`, `cut short: …`); the verdict covers only what was recorded. */
  partial?: string;
}

/** results.json as read back: only the verdicts are sure to be there (older or partial files). */
export type StoredResults = Pick<RunResults, 'valid' | 'checkers'> & Partial<Omit<RunResults, 'valid' | 'checkers'>>;

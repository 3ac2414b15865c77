/**
 * The report's leader lane: which nodes led over time, from the leader probe's samples (lone
 * `info` events of process `nemesis`, f `primaries`, value `{ primaries: [...] }`), and how
 * often leadership moved. Pure, linear in the history, bounded in size.
 */
import { isProbeOp, type History } from '../core/op.js';

/** From `time` (ms since test start) on, `leaders` led (empty: none known / no answer). */
export interface LeaderStep {
  time: number;
  leaders: string[];
}

/** What the viewer draws and the summary counts; null when the run had no leader probe. */
export interface LeaderLane {
  /** Leadership as it changed (consecutive equal samples merged), at most `maxSteps`. */
  steps: LeaderStep[];
  /**
   * Leader changes: how often the known leader set differed from the last known one (a gap
   * with no known leader in between counts only when leadership moved across it).
   */
  changes: number;
  /** Samples taken, and how many found no leader or failed. */
  samples: number;
  leaderless: number;
  /** Nodes that led at some point, in order of first leadership. */
  nodes: string[];
}

const ms = (ns: number): number => Math.round(ns / 1e3) / 1e3;

function leadersOf(v: unknown): string[] | undefined {
  const p = (v as { primaries?: unknown } | null)?.primaries;
  return Array.isArray(p) ? p.map(String).sort() : undefined;
}

/** The leader lane of `history`, or null when it holds no probe sample. Pure. */
export function leaderLane(history: History, maxSteps = 2_000): LeaderLane | null {
  const steps: LeaderStep[] = [];
  const nodes: string[] = [];
  let samples = 0;
  let leaderless = 0;
  let changes = 0;
  let lastKnown: string | undefined;
  let current: string | undefined;
  for (const op of history) {
    if (!isProbeOp(op)) continue;
    samples++;
    const leaders = leadersOf(op.value) ?? [];
    if (leaders.length === 0) leaderless++;
    const key = leaders.join(',');
    if (leaders.length > 0) {
      if (lastKnown !== undefined && key !== lastKnown) changes++;
      lastKnown = key;
      for (const n of leaders) if (!nodes.includes(n)) nodes.push(n);
    }
    if (key !== current) {
      current = key;
      if (steps.length < maxSteps) steps.push({ time: ms(op.time), leaders });
    }
  }
  return samples === 0 ? null : { steps, changes, samples, leaderless, nodes };
}

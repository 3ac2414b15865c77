/**
 * Shrinking a failing run's fault schedule: replay it whole (it must fail again), then delta-
 * debug its faults (each fault with its heal) down to a smallest set that still fails, then
 * try a shorter time limit (the last kept op plus a margin) — all within a budget of runs.
 * The runs are injected (unit tests use a fake; the CLI replays on the real system).
 */
import { ddmin, type Outcome } from './ddmin.js';
import { episodes, opsOf, type Episode } from './episodes.js';
import type { FaultSchedule, ScheduledOp } from './schedule-file.js';

/** Runs the schedule `ops` for `timeLimitS` with the original seed: 'fail' when INVALID. */
export type ScheduleRunner = (ops: ScheduledOp[], timeLimitS: number, label: string) => Promise<Outcome>;

/**
 * A runner judging each candidate by up to `attempts` runs of `once` (attempt numbers from 1):
 * 'fail' as soon as one run fails, 'pass' only when all pass — for failures that depend on
 * timing, where one replay of a schedule that can fail may pass by chance.
 */
export function withAttempts(once: (ops: ScheduledOp[], timeLimitS: number, attempt: number) => Promise<Outcome>, attempts: number): ScheduleRunner {
  return async (ops, timeLimitS) => {
    for (let i = 1; i <= attempts; i++) if ((await once(ops, timeLimitS, i)) === 'fail') return 'fail';
    return 'pass';
  };
}

/** Seconds of run kept after the last op when the time limit is shortened. */
export const TAIL_S = 5;

/** What a shrink found. */
export interface ShrinkResult {
  /** The whole schedule failed again when replayed. */
  reproduced: boolean;
  /** Faults (fault ops with their heals) before and after. */
  faultsBefore: number;
  faultsAfter: number;
  /** The smallest failing schedule found (the original when not reproduced). */
  schedule: FaultSchedule;
  /** Runs made. */
  runs: number;
  /** The budget ran out before the schedule was 1-minimal. */
  exhausted: boolean;
}

/** A shorter time limit that still covers `ops` (last op + {@link TAIL_S}), or undefined if not shorter. Pure. */
export function shorterLimit(ops: readonly ScheduledOp[], timeLimitS: number): number | undefined {
  const last = ops.reduce((m, o) => Math.max(m, o.timeS), 0);
  const t = Math.ceil(last + TAIL_S);
  return t < timeLimitS ? t : undefined;
}

/** Shrinks `original` with at most `budget` runs of `run`. */
export async function shrinkSchedule(original: FaultSchedule, run: ScheduleRunner, budget: number, log: (line: string) => void = () => undefined): Promise<ShrinkResult> {
  const eps = episodes(original.ops);
  let runs = 0;
  const attempt = async (ops: ScheduledOp[], limit: number, label: string): Promise<Outcome> => {
    runs++;
    const o = await run(ops, limit, label);
    log(`run ${runs}/${budget}: ${label}: ${o === 'fail' ? 'still fails' : 'passes'}`);
    return o;
  };
  const base = { faultsBefore: eps.length };
  if (budget < 1 || (await attempt(original.ops, original.timeLimitS, `all ${eps.length} faults`)) !== 'fail') {
    return { ...base, reproduced: false, faultsAfter: eps.length, schedule: original, runs, exhausted: budget < 1 };
  }
  const test = (chosen: Episode[]): Promise<Outcome> => attempt(opsOf(original.ops, chosen), original.timeLimitS, `${chosen.length} of ${eps.length} faults [${chosen.map((e) => original.ops[e.fault].f).join(', ')}]`);
  const dd = await ddmin(eps, test, budget - runs);
  let ops = opsOf(original.ops, dd.minimal);
  let timeLimitS = original.timeLimitS;
  const shorter = shorterLimit(ops, timeLimitS);
  if (shorter !== undefined && runs < budget && (await attempt(ops, shorter, `${dd.minimal.length} faults in ${shorter} s`)) === 'fail') timeLimitS = shorter;
  ops = ops.map((o) => ({ ...o }));
  return { ...base, reproduced: true, faultsAfter: dd.minimal.length, schedule: { ...original, ops, timeLimitS }, runs, exhausted: dd.exhausted };
}

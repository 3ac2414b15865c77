/**
 * A schedule as faults to keep or drop: each fault op with the op that heals it (a partition
 * with the next stop-partition, a kill with the next start, a pause with the next resume, a
 * clock bump or strobe with the next reset-clock, a loss with the next stop-loss). Dropping
 * a fault drops its heal too; heals with no fault before them are dropped. Pure.
 */
import type { ScheduledOp } from './schedule-file.js';

/** The heal op of each fault op. */
export const HEAL_OF: Readonly<Record<string, string>> = {
  'start-partition': 'stop-partition',
  kill: 'start',
  pause: 'resume',
  'bump-clock': 'reset-clock',
  'strobe-clock': 'reset-clock',
  'start-loss': 'stop-loss',
};

/** A fault and its heal, as positions in the schedule. */
export interface Episode {
  fault: number;
  heal?: number;
}

/** The episodes of `ops`: every fault op with the first later op that heals it. Ops that are neither fault nor heal (unknown fs) are episodes of their own. Pure. */
export function episodes(ops: readonly ScheduledOp[]): Episode[] {
  const heals = new Set(Object.values(HEAL_OF));
  const used = new Set<number>();
  const out: Episode[] = [];
  ops.forEach((op, i) => {
    if (heals.has(op.f) && !(op.f in HEAL_OF)) return;
    const healF = HEAL_OF[op.f];
    const h = healF === undefined ? -1 : ops.findIndex((o, j) => j > i && o.f === healF && !used.has(j));
    if (h >= 0) used.add(h);
    out.push(h >= 0 ? { fault: i, heal: h } : { fault: i });
  });
  return out;
}

/** The ops of the chosen episodes, in schedule order. Pure. */
export function opsOf(ops: readonly ScheduledOp[], chosen: readonly Episode[]): ScheduledOp[] {
  const keep = new Set(chosen.flatMap((e) => (e.heal === undefined ? [e.fault] : [e.fault, e.heal])));
  return ops.filter((_, i) => keep.has(i));
}

/**
 * Dependency relations between transactions, as bits: an edge of the transaction graph carries
 * the union of the relations that hold between its two ends.
 */

/** Write-write: the source installed the version just before the target's (same key). */
export const WW = 1;
/** Write-read: the target read a version the source wrote. */
export const WR = 2;
/** Read-write (anti-dependency): the source read a version the target overwrote. */
export const RW = 4;
/** Process order: the same process ran the source, then the target. */
export const PROCESS = 8;
/** Real-time order: the source completed before the target was invoked. */
export const REALTIME = 16;

/** Data dependencies only (the Adya relations). */
export const DATA = WW | WR | RW;
/** Every relation. */
export const ALL = DATA | PROCESS | REALTIME;

/** The name of each single relation bit, as used in explanations and JSON. */
export const REL_NAMES: Readonly<Record<number, string>> = {
  [WW]: 'ww',
  [WR]: 'wr',
  [RW]: 'rw',
  [PROCESS]: 'process',
  [REALTIME]: 'realtime',
};

/**
 * The one relation an edge stands for in a cycle, picked from `mask & allowed` in the order
 * ww, wr, process, realtime, rw (the least demanding first). 0 when none is allowed. Pure.
 */
export function pickRel(mask: number, allowed: number): number {
  const m = mask & allowed;
  if (m & WW) return WW;
  if (m & WR) return WR;
  if (m & PROCESS) return PROCESS;
  if (m & REALTIME) return REALTIME;
  if (m & RW) return RW;
  return 0;
}

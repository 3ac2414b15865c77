/**
 * Clock-fault arithmetic for the clock nemesis: random per-node offsets, libfaketime's
 * time-file text, strobe plans and the per-node offset table a history records. Pure;
 * random choices come from a {@link Random}.
 */
import type { Random } from './random.js';

/** Default largest offset of a bump, ms (± 2 minutes). */
export const DEFAULT_MAX_OFFSET_MS = 120_000;
/** Offsets are drawn in whole ms, at least this far from zero so that a bump always moves the clock. */
export const MIN_OFFSET_MS = 1_000;

/**
 * A random offset per target, in whole ms, each in ±[{@link MIN_OFFSET_MS}, `maxMs`] with
 * a random sign (`maxMs` below the minimum is raised to it). Pure apart from draws.
 * @throws RangeError for a `maxMs` that is not a positive finite number
 */
export function randomOffsets(targets: readonly string[], maxMs: number, random: Random): Record<string, number> {
  if (!(Number.isFinite(maxMs) && maxMs > 0)) throw new RangeError(`clock offset bound must be a positive number of ms, got ${maxMs}`);
  const hi = Math.max(MIN_OFFSET_MS, Math.floor(maxMs));
  const out: Record<string, number> = {};
  for (const t of targets) {
    const magnitude = MIN_OFFSET_MS + random.int(hi - MIN_OFFSET_MS + 1);
    out[t] = random.int(2) === 0 ? -magnitude : magnitude;
  }
  return out;
}

/**
 * libfaketime's relative time-file text for an offset in ms: `+0`, `+120`, `-90.5`,
 * `+0.001` (seconds, at most 3 decimals, always signed). Pure.
 * @throws RangeError for a non-finite offset
 */
export function faketimeText(offsetMs: number): string {
  if (!Number.isFinite(offsetMs)) throw new RangeError(`clock offset must be finite, got ${offsetMs}`);
  const ms = Math.round(offsetMs);
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  const frac = abs % 1000;
  const s = Math.floor(abs / 1000);
  return frac === 0 ? `${sign}${s}` : `${sign}${s}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

/** How a strobe flips: between each target's base offset and base + `deltaMs`. */
export interface StrobePlan {
  /** The offset added on every other flip, ms. */
  deltaMs: number;
  /** Time between flips, ms. */
  periodMs: number;
  /** Flips to make (even: the clock ends where it started). */
  flips: number;
}

/**
 * The plan of a strobe over `durationMs` at `periodMs`: an even number of flips, at least 2,
 * at most `maxFlips` (a bound, whatever the inputs). Pure.
 * @throws RangeError for a period or duration that is not a positive finite number
 */
export function strobePlan(deltaMs: number, periodMs: number, durationMs: number, maxFlips = 200): StrobePlan {
  if (!(Number.isFinite(periodMs) && periodMs > 0)) throw new RangeError(`strobe period must be a positive number of ms, got ${periodMs}`);
  if (!(Number.isFinite(durationMs) && durationMs > 0)) throw new RangeError(`strobe duration must be a positive number of ms, got ${durationMs}`);
  const raw = Math.floor(durationMs / periodMs);
  const flips = Math.max(2, Math.min(maxFlips - (maxFlips % 2), raw - (raw % 2)));
  return { deltaMs: Math.round(deltaMs), periodMs, flips };
}

/** The offset of a strobing node after flip `i` (1-based): base + delta on odd flips, base on even ones. Pure. */
export function strobeOffset(baseMs: number, plan: StrobePlan, i: number): number {
  return i % 2 === 1 ? baseMs + plan.deltaMs : baseMs;
}

/** Every node's offset, 0 where none is set (in node order). Pure. */
export function clockTable(nodes: readonly string[], offsets: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries(nodes.map((n) => [n, offsets.get(n) ?? 0]));
}

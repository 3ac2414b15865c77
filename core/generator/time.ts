/**
 * Time units for generators. All generator times and durations are nanoseconds since the test
 * started, as plain numbers (exact up to 2^53 ns ≈ 104 days).
 */

/** Nanoseconds in one millisecond. */
export const NS_PER_MS = 1_000_000;

/** Nanoseconds in one second. */
export const NS_PER_S = 1_000_000_000;

/** `s` seconds in nanoseconds, rounded to an integer. Pure. */
export function seconds(s: number): number {
  return Math.round(s * NS_PER_S);
}

/** `ms` milliseconds in nanoseconds, rounded to an integer. Pure. */
export function millis(ms: number): number {
  return Math.round(ms * NS_PER_MS);
}

/** The run's monotonic clock: nanoseconds since the test started, from `process.hrtime`. */

/** Tells the time of a run. */
export interface Clock {
  /** Nanoseconds since the clock started (monotonic; a safe integer for ~104 days). */
  now(): number;
}

/** A clock started now, reading `process.hrtime.bigint()`. */
export function monotonicClock(): Clock {
  const t0 = process.hrtime.bigint();
  return { now: () => Number(process.hrtime.bigint() - t0) };
}

/** Nanoseconds as whole milliseconds (rounded down). Pure. */
export function nsToMs(ns: number): number {
  return Math.floor(ns / 1e6);
}

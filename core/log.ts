/**
 * Progress lines for the cluster layer: everything provisioning does is said on stderr, one
 * plain line at a time, prefixed `faultline:`.
 */

/** Receives one line of progress (no trailing newline). */
export type Log = (line: string) => void;

/** The default {@link Log}: writes `faultline: <line>` to stderr. */
export const stderrLog: Log = (line) => {
  process.stderr.write(`faultline: ${line}\n`);
};

/** A {@link Log} that drops everything (for quiet callers and benchmarks). */
export const silentLog: Log = () => {};

/** Formats a duration in ms as seconds with one decimal, e.g. `3.2 s`. Pure. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

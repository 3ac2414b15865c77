/**
 * Verdicts: what every checker returns, and how several merge into one.
 */

/** `true` valid, `false` invalid (an anomaly was found), `'unknown'` (could not decide). */
export type Validity = true | false | 'unknown';

/** A checker's result: its validity plus whatever evidence explains it. */
export interface Verdict {
  valid: Validity;
  /**
   * Optional one line for the console summary and the report's checker card, e.g.
   * `2 aborted-read, 1 lost-write; reported only: 16 unseen` (a `reason` takes precedence).
   */
  summary?: string;
  /** Free-form evidence: anomalies, counts, explanations. Must be JSON-serialisable. */
  [detail: string]: unknown;
}

/**
 * Merges validities by priority `false` > `'unknown'` > `true`. An empty list is `true`. Pure.
 */
export function mergeValidity(vs: readonly Validity[]): Validity {
  let out: Validity = true;
  for (const v of vs) {
    if (v === false) return false;
    if (v === 'unknown') out = 'unknown';
  }
  return out;
}

/** Maps a validity to the CLI exit code: 0 valid, 1 invalid, 2 unknown. Pure. */
export function exitCodeFor(v: Validity): 0 | 1 | 2 {
  return v === true ? 0 : v === false ? 1 : 2;
}

/**
 * The `set` workload: clients add unique elements while faults happen; after healing, every
 * client thread reads the whole set (so every node is read when threads ≥ nodes). Checked by
 * the set checker: every acknowledged add must be in the final reads, nothing unattempted may
 * appear.
 *
 * Op conventions: `add` (value = the element, ok value = the element), `read` (invoke value
 * null; ok value = array of elements).
 */
import { checkSet } from '../checkers/set.js';
import { checkStats } from '../checkers/stats.js';
import { cycle, limit, seconds, sleep, untilOk, type Generator } from '../core/generator/index.js';
import type { Workload } from '../core/plugins.js';
import { uniqueAdds } from './unique-adds.js';

/** Options of {@link setWorkload}. */
export interface SetOptions {
  /** Attempts of the final read per client thread. Default 5. */
  finalReadAttempts?: number;
  /** Pause between failed final reads, seconds. Default 1. */
  finalReadRetryS?: number;
}

/**
 * One thread's final read: read until one completes ok, at most `attempts` times, pausing
 * `retryS` seconds after each failed one. Pure.
 */
export function finalRead(attempts = 5, retryS = 1): Generator {
  return limit(attempts, untilOk(cycle([{ f: 'read', value: null }, sleep(seconds(retryS))])));
}

/**
 * The set workload: unique `add`s in the main phase; in the final phase (run once per client
 * thread by the campaign) a read retried until ok. Checkers: `set` and `stats`.
 */
export function setWorkload(opts: SetOptions = {}): Workload {
  return {
    name: 'set',
    generator: uniqueAdds(),
    finalGenerator: finalRead(opts.finalReadAttempts ?? 5, opts.finalReadRetryS ?? 1),
    checkers: {
      set: (history) => checkSet(history),
      stats: (history) => checkStats(history),
    },
  };
}

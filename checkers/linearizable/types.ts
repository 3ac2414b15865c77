/**
 * The public shapes of the linearizability checker: options, verdict and its explanation.
 * Everything here is plain, JSON-serialisable data.
 */
import type { ProcessId } from '../../core/op.js';
import type { Validity, Verdict } from '../../core/verdict.js';

/** Options of `checkLinearizable`. */
export interface LinearizableOptions {
  /** Wall-clock budget for the whole check, in ms. Running out gives `unknown`. Default: none. */
  timeoutMs?: number;
  /**
   * Memory budget for the search caches (visited configurations and transition memo), in MiB,
   * for the whole check (shared out among worker threads). Running out gives `unknown`.
   * Default 1024.
   */
  maxMemoryMiB?: number;
  /** Split by `op.key` (P-compositionality). Default true. */
  splitByKey?: boolean;
  /**
   * Decide every key even after one is found not linearizable. Default false: keys share
   * time in rounds, and the check stops after the round that found a failing key, listing the
   * keys it left undecided (the verdict is `false` either way).
   */
  exhaustive?: boolean;
  /**
   * Stop at the first key found not linearizable, instead of at the end of that round (keys
   * not yet decided are listed as undecided): for callers that want the answer, not every
   * failing key (as Porcupine's `CheckEvents`). Ignored when `exhaustive`. Default false.
   */
  firstFailure?: boolean;
  /**
   * Worker threads for independent partitions (at most one per partition); 0 or 1 = this
   * thread. Workers pay for copying the ops to them (about 2 µs per op), so they help when the
   * searches, not the history's size, dominate. Needs the compiled project (`npm run build`);
   * without it the check runs in this thread and says so in `stats.note`. Default 0.
   */
  workers?: number;
}

/** One op as an explanation shows it. */
export interface OpView {
  /** History index of the op's invocation. */
  index: number;
  process: ProcessId;
  /** E.g. `p3 cas [3 0] → fail`. */
  text: string;
}

/** A longest linearizable prefix found for a failing key, and where it got stuck. */
export interface PrefixExplanation {
  /** Ops in the prefix (including indeterminate ones it chose to place). */
  length: number;
  /** The prefix's last ops in linearization order (at most 20). */
  ops: OpView[];
  /** Earlier ops of the prefix not listed in `ops`. */
  omitted: number;
  /** The model state after the prefix, e.g. `register = 2`. */
  state: string;
  /** The op that could not be placed next. */
  blocking: OpView;
  /**
   * Why: its completion came before any further op could be placed (`returned`), or the
   * state it needs (`needs`) can no longer be reached by the ops left (`unreachable`).
   */
  why: 'returned' | 'unreachable';
  /** With `unreachable`: the state the blocking op needs, e.g. `register = 3`. */
  needs?: string;
  /** Ops that real time allowed next but the model rejects in `state` (at most 20). */
  rejected: OpView[];
  /** Rejected ops not listed. */
  rejectedOmitted: number;
}

/** Why one key (partition) is not linearizable. */
export interface KeyFailure {
  /** The key, or `null` for the whole history / ops without a key. */
  key: string | number | null;
  /** Ops of this key given to the search. */
  ops: number;
  /** Of those, ops that must be linearized (not indeterminate). */
  definite: number;
  /** Most definite ops placed by any linearizable prefix the search found. */
  longest: number;
  /** Up to 3 distinct longest prefixes. */
  prefixes: PrefixExplanation[];
  /** Further dead ends of the same length that were met but not kept. */
  morePrefixes: number;
}

/** A key the search could not decide. */
export interface KeyUnknown {
  key: string | number | null;
  reason: string;
}

/** Counters of one check. */
export interface LinearizableStats {
  /** Ops given to the search (after pairing and dropping). */
  ops: number;
  /** Independent partitions (keys). */
  keys: number;
  /** Configurations cached, summed over partitions. */
  cacheEntries: number;
  /** Largest cache + memo allocation of one partition, in MiB. */
  peakCacheMiB: number;
  /** Wall-clock time of the check, in ms (preparation included). */
  timeMs: number;
  /** Worker threads used (0 = this thread). */
  workers: number;
  /** Remarks, e.g. why workers were not used. */
  note?: string;
}

/** The verdict of `checkLinearizable`. */
export interface LinearizableVerdict extends Verdict {
  valid: Validity;
  /** The model's name. */
  model: string;
  /** Keys (partitions) whose search finished, valid or not. */
  keysChecked: number;
  /** Per failing key, its explanation (at most 10 keys; see `failuresOmitted`). */
  failures: KeyFailure[];
  /** Failing keys beyond those in `failures`. */
  failuresOmitted: number;
  /** Keys that could not be decided (at most 10 listed; see `unknownOmitted`). */
  unknownKeys: KeyUnknown[];
  /** Undecided keys beyond those in `unknownKeys`. */
  unknownOmitted: number;
  stats: LinearizableStats;
  /** Why the verdict is `unknown`. */
  reason?: string;
  /** When invalid: the human-readable explanation (`formatExplanation`). */
  explanation?: string;
}

/**
 * What a linearization search is given (its budget) and what it returns.
 */
import type { DeadEnd } from './dead-ends.js';
import type { Validity } from '../../core/verdict.js';

/** Limits of one search. */
export interface SearchBudget {
  /** Absolute deadline, in ms since the epoch (`Date.now()` clock); `Infinity` for none. */
  readonly deadline: number;
  /** Memory budget for cache and memo, in bytes. */
  readonly maxBytes: number;
}

/** What a finished search found. */
export interface SearchResult {
  readonly valid: Validity;
  /** Why the search gave up, when `valid` is `'unknown'`. */
  readonly reason?: string;
  /** Configurations stored in the cache. */
  readonly cacheEntries: number;
  /** Bytes allocated by cache and memo at the end. */
  readonly bytes: number;
  /** Definite ops (those that must be linearized). */
  readonly definite: number;
  /** Most definite ops placed in any prefix explored (all of them when valid). */
  readonly best: number;
  /** Up to `maxDeadEnds` distinct dead ends of the best length (when invalid). */
  readonly deadEnds: readonly DeadEnd[];
  /** Further dead ends of the best length met but not kept. */
  readonly moreDeadEnds: number;
}

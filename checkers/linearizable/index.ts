/**
 * Public entry of the linearizability checker (being written; this file fixes the contract).
 *
 * Value conventions the models expect (importers and clients produce exactly these):
 * - register / cas-register: `read` (invoke value null; ok value = value read, null = absent),
 *   `write` (value v), `cas` (value [expected, new]). Failed CAS: an observation by default
 *   (`cas-register`), or a no-op (`cas-register-noop`).
 * - kv: `get` / `put` / `append`, key in `op.key`, values strings; every key starts as "".
 * - mutex: `acquire` / `release`; fifo-queue: `enqueue` v / `dequeue` → v (null when empty);
 *   set: `add` v / `read` → array.
 * Any model's history is split by `op.key` first when ops carry keys.
 */
import type { History } from '../../harness/op.js';
import type { Verdict } from '../verdict.js';

/** Options of {@link checkLinearizable}. */
export interface LinearizableOptions {
  /** Wall-clock budget for the whole check, in ms. Running out gives `unknown`. Default: none. */
  timeoutMs?: number;
  /** Memory budget for the search caches, in MiB. Running out gives `unknown`. Default 1024. */
  maxMemoryMiB?: number;
  /** Split by `op.key` (P-compositionality). Default true. */
  splitByKey?: boolean;
  /** Worker threads for independent partitions; 0 or 1 = this thread. Default 0. */
  workers?: number;
}

/** The verdict of {@link checkLinearizable}, with its explanation when invalid. */
export interface LinearizableVerdict extends Verdict {
  model: string;
}

export declare function checkLinearizable(
  history: History,
  model: string,
  options?: LinearizableOptions,
): Promise<LinearizableVerdict>;

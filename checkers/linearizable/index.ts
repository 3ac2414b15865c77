/**
 * Public entry of the linearizability checker.
 *
 * Value conventions the models expect (importers and clients produce exactly these):
 * - register / cas-register: `read` (invoke value null; ok value = value read, null = absent),
 *   `write` (value v), `cas` (value [expected, new]). Failed CAS: an observation by default
 *   (`cas-register`), or a no-op (`cas-register-noop`).
 * - kv: `get` / `put` / `append`, key in `op.key`, values strings; every key starts as "".
 * - mutex: `acquire` / `release`; fifo-queue: `enqueue` v / `dequeue` → v (null when empty);
 *   set: `add` v / `read` → array.
 * Any model's history is split by `op.key` first when ops carry keys.
 *
 * Real time is the order of events in the history (an op precedes another when its completion
 * comes before the other's invocation); `op.time` is not consulted.
 *
 * Layout: check.ts (entry) → prepare.ts (pairing, splitting) → schedule.ts (keys share time in
 * rounds; a small key is tried first by tiny-search.ts, which can only prove it linearizable) →
 * partition-check.ts → search.ts (Wing & Gong / Lowe over entry-list.ts, with
 * config-cache.ts and state-space.ts / interner.ts) → explain.ts; models/ holds the models;
 * pool.ts / worker.ts / worker-path.ts run keys in worker threads.
 */
export { checkLinearizable } from './check.js';
export { formatExplanation } from './explain.js';
export { closeWorkerPool } from './pool.js';
export { findModel, MODEL_NAMES } from './models/registry.js';
export { byKey } from './models/by-key.js';
export type { Guard, Model, ModelOp, Outcome, Reachability } from './model.js';
export type {
  KeyFailure,
  KeyUnknown,
  LinearizableOptions,
  LinearizableStats,
  LinearizableVerdict,
  OpView,
  PrefixExplanation,
} from './types.js';

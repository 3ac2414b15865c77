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

/**
 * The `queue` workload: clients `send` unique integer values to a handful of keys `t0..tK`,
 * `poll` them back, now and then `txn` (sends to one or two keys, then a poll), `assign` / `subscribe` random subsets
 * of the keys, and rarely `crash` (drop the connection and consumer state). After healing,
 * every client thread assigns every key and polls until its polls come back empty. Op shapes:
 * ../checkers/stream/ops.ts. Checked by the stream checker (+ stats).
 *
 * Ordering-key mode (HStreamDB style): the keys are ordering keys (`t0..tK`, more of them than
 * the system's partitions; the client maps each onto its hidden partition), offsets of one key
 * need not be contiguous, and the checker checks append order per ordering key instead of skips.
 *
 * Checker options come from the workload's options, overridden by the run's options (the
 * `TestConfig` stored in test.json, which `faultline analyze` hands back): `queuePromise`
 * (`assign` | `subscribe`), `queueOrderingKeys` (boolean), `queueErrors` (array of class names);
 * `queueKeys` sets the number of keys.
 */
import { checkStats } from '../checkers/stats.js';
import { checkStream } from '../checkers/stream/index.js';
import type { StreamOptions, StreamPromise } from '../checkers/stream/options.js';
import type { History } from '../core/op.js';
import type { Workload } from '../core/plugins.js';
import { DEFAULT_QUEUE_MIX, finalPolls, queueKeys, queueMain, type QueueMix } from './queue-gen.js';

export { DEFAULT_QUEUE_MIX, finalPolls, queueKeys, queueMain, type QueueMix } from './queue-gen.js';

/** Options of {@link queueWorkload}. */
export interface QueueOptions {
  /** Number of keys `t0..t{keys-1}`. Default 5 (8 in ordering-key mode). */
  keys?: number;
  /** Relative weights of the op kinds. Default {@link DEFAULT_QUEUE_MIX}. */
  mix?: Partial<QueueMix>;
  /** Ordering-key mode (see the module notes). Default false. */
  orderingKeys?: boolean;
  /** What the system promises about consumer positions. Default `'assign'`. */
  promise?: StreamPromise;
  /** Most polls of a thread's final read. Default 15. */
  finalPolls?: number;
  /** Empty ok polls in a row that end a thread's final read. Default 3. */
  emptyPolls?: number;
}

/**
 * The stream checker options of a run: the workload's, overridden by the run options
 * `queuePromise`, `queueOrderingKeys` and `queueErrors` when present. Pure.
 */
export function streamOptionsOf(base: StreamOptions, runOptions: Readonly<Record<string, unknown>>): StreamOptions {
  const out: StreamOptions = { ...base };
  if (runOptions.queuePromise !== undefined) out.promise = runOptions.queuePromise as StreamPromise;
  if (runOptions.queueOrderingKeys !== undefined) out.orderingKeys = runOptions.queueOrderingKeys === true;
  if (Array.isArray(runOptions.queueErrors)) out.errors = runOptions.queueErrors as StreamOptions['errors'];
  return out;
}

/**
 * Queue options from a run's options: `queueKeys` (number), `queueOrderingKeys` (boolean),
 * `queuePromise` (`assign` | `subscribe`), `queueTxn` (false: no txn ops); others are left at
 * their defaults. Pure.
 */
export function queueOptionsOf(runOptions: Readonly<Record<string, unknown>>): QueueOptions {
  const out: QueueOptions = {};
  if (typeof runOptions.queueKeys === 'number') out.keys = runOptions.queueKeys;
  if (runOptions.queueOrderingKeys === true) out.orderingKeys = true;
  if (runOptions.queuePromise === 'assign' || runOptions.queuePromise === 'subscribe') out.promise = runOptions.queuePromise;
  // A system without transactions (JetStream) sets queueTxn: false: no txn ops at all.
  if (runOptions.queueTxn === false) out.mix = { txn: 0 };
  return out;
}

/** The history without `crash` ops, which always complete `info` by design. Pure. */
function withoutCrashes(history: History): History {
  return history.filter((op) => op.f !== 'crash');
}

/**
 * The queue workload: the main-phase mix ({@link queueMain}), a final read per client thread
 * ({@link finalPolls}); checkers `stream` and `stats` (the latter without `crash` ops, which
 * never complete ok by design). Pure.
 */
export function queueWorkload(opts: QueueOptions = {}): Workload {
  const orderingKeys = opts.orderingKeys === true;
  const n = opts.keys ?? (orderingKeys ? 8 : 5);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`queue workload: keys must be a positive integer, got ${String(n)}`);
  const keys = queueKeys(n);
  const base: StreamOptions = { promise: opts.promise ?? 'assign', orderingKeys };
  return {
    name: 'queue',
    generator: queueMain(keys, { ...DEFAULT_QUEUE_MIX, ...opts.mix }),
    finalGenerator: finalPolls(keys, opts.finalPolls ?? 15, opts.emptyPolls ?? 3),
    checkers: {
      stream: (history, ctx) => checkStream(history, streamOptionsOf(base, ctx.options)),
      stats: (history) => checkStats(withoutCrashes(history)),
    },
  };
}

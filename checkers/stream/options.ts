/**
 * The stream checker's anomaly classes and configuration: which classes count as errors
 * depends on what the system promises (docs/checkers.md § "Stream / log order"). Pure.
 */
import { UsageError, quote } from '../../core/errors.js';

/**
 * Every anomaly class the stream checker reports.
 *
 * - `inconsistent-offsets`: two different values at one offset of a key.
 * - `duplicate`: one value at more than one offset of a key.
 * - `lost-write`: a committed value nobody read although an `ok` read reached past its offset.
 * - `unseen`: a committed value no read saw by the end (a warning: delayed or lost).
 * - `aborted-read`: an `ok` read saw a value whose send definitely failed.
 * - `precommitted-read`: an op read a value the same op was sending.
 * - `poll-skip` / `nonmonotonic-poll`: one process's successive reads of a key it holds by
 *   `assign` skip past known records / go backwards.
 * - `group-poll-skip` / `group-nonmonotonic-poll`: the same on a key held by `subscribe`
 *   (a consumer-group rebalance may legitimately move those positions).
 * - `internal-skip` / `internal-nonmonotonic`: the same inside one read's records for a key.
 * - `nonmonotonic-send`: one process's successive sends to a key got offsets that go backwards.
 * - `ordering-key-order`: (ordering-key mode) a consumer read a key's values out of their
 *   append (send offset) order.
 * - `G1c-wr`: a cycle of write-read edges alone among committed transactions (`txn` ops): each
 *   saw a value the next one sent, which atomic commits rule out.
 * - `G0` / `G1c`: a cycle of write-write edges only / of write-write and write-read edges (at
 *   least one wr), per key the offset order being the version order; `-process` / `-realtime`:
 *   the same closed only by process / real-time order. Found by the transactional checker's
 *   graph code (./txn-cycles.ts). Reported, not counted, by default: a Kafka transaction's sends
 *   to several partitions interleave with another's, so write cycles are allowed (Jepsen's
 *   Kafka checker lists G0 and G1c with ww edges as allowed too).
 */
export const STREAM_CLASSES = [
  'inconsistent-offsets',
  'duplicate',
  'lost-write',
  'unseen',
  'aborted-read',
  'precommitted-read',
  'poll-skip',
  'nonmonotonic-poll',
  'group-poll-skip',
  'group-nonmonotonic-poll',
  'internal-skip',
  'internal-nonmonotonic',
  'nonmonotonic-send',
  'ordering-key-order',
  'G1c-wr',
  'G0',
  'G1c',
  'G0-process',
  'G1c-process',
  'G0-realtime',
  'G1c-realtime',
] as const;

/** One anomaly class. */
export type StreamClass = (typeof STREAM_CLASSES)[number];

/** True when `s` names an anomaly class. Pure. */
export function isStreamClass(s: unknown): s is StreamClass {
  return typeof s === 'string' && (STREAM_CLASSES as readonly string[]).includes(s);
}

/**
 * What the system promises about consumer positions:
 * - `assign`: a consumer that holds a key by `assign` reads it on without gaps or going back
 *   (poll-skip and nonmonotonic-poll are errors);
 * - `subscribe`: positions are the consumer group's and may move on any rebalance (both are
 *   only reported).
 * Positions of keys held by `subscribe` are only reported under either promise.
 */
export type StreamPromise = 'assign' | 'subscribe';

/** Options of the stream checker. All optional; see {@link resolveStreamOptions} for defaults. */
export interface StreamOptions {
  /** Default `'assign'`. */
  promise?: StreamPromise;
  /**
   * Ordering-key mode (HStreamDB style): keys are ordering keys over hidden partitions, so a
   * key's offsets need not be contiguous; skip classes are only reported, and
   * `ordering-key-order` is checked. Default false.
   */
  orderingKeys?: boolean;
  /** Classes that count as errors, replacing the promise's default set. */
  errors?: readonly StreamClass[];
  /** Examples kept per class (counts stay exact). Default 8. */
  maxExamples?: number;
  /** Points of the unseen-over-time series. Default 40. */
  unseenPoints?: number;
}

/** {@link StreamOptions} with every default filled in. */
export interface ResolvedStreamOptions {
  readonly promise: StreamPromise;
  readonly orderingKeys: boolean;
  /** Classes counted as errors. */
  readonly errors: ReadonlySet<StreamClass>;
  readonly maxExamples: number;
  readonly unseenPoints: number;
}

const SKIP_CLASSES: readonly StreamClass[] = ['poll-skip', 'group-poll-skip', 'internal-skip'];
const NEVER_BY_DEFAULT: readonly StreamClass[] = ['unseen', 'group-poll-skip', 'group-nonmonotonic-poll', 'G0', 'G1c', 'G0-process', 'G1c-process', 'G0-realtime', 'G1c-realtime'];

/**
 * The classes counted as errors by default: all but `unseen`, the `group-*` ones and the
 * cycles that use ww edges (`G0`, `G1c` and their forms; `G1c-wr` counts); minus
 * poll-skip / nonmonotonic-poll under the `subscribe` promise; minus the skip classes in
 * ordering-key mode, and `ordering-key-order` outside it. Pure.
 */
export function defaultErrorClasses(promise: StreamPromise, orderingKeys: boolean): StreamClass[] {
  return STREAM_CLASSES.filter((c) => {
    if (NEVER_BY_DEFAULT.includes(c)) return false;
    if (promise === 'subscribe' && (c === 'poll-skip' || c === 'nonmonotonic-poll')) return false;
    if (orderingKeys && SKIP_CLASSES.includes(c)) return false;
    if (!orderingKeys && c === 'ordering-key-order') return false;
    return true;
  });
}

/**
 * Fills in defaults and validates. Pure.
 * @throws UsageError naming the option and quoting the bad value
 */
export function resolveStreamOptions(o: StreamOptions = {}): ResolvedStreamOptions {
  const promise = o.promise ?? 'assign';
  if (promise !== 'assign' && promise !== 'subscribe') throw new UsageError(`stream promise: expected assign or subscribe, got ${quote(String(promise))}`);
  const orderingKeys = o.orderingKeys === true;
  const bad = o.errors?.find((c) => !isStreamClass(c));
  if (bad !== undefined) throw new UsageError(`stream errors: unknown anomaly class ${quote(String(bad))} (known: ${STREAM_CLASSES.join(', ')})`);
  const maxExamples = o.maxExamples ?? 8;
  const unseenPoints = o.unseenPoints ?? 40;
  if (!Number.isSafeInteger(maxExamples) || maxExamples < 0) throw new UsageError(`stream maxExamples: expected a non-negative integer, got ${quote(String(maxExamples))}`);
  if (!Number.isSafeInteger(unseenPoints) || unseenPoints < 1) throw new UsageError(`stream unseenPoints: expected a positive integer, got ${quote(String(unseenPoints))}`);
  return { promise, orderingKeys, errors: new Set(o.errors ?? defaultErrorClasses(promise, orderingKeys)), maxExamples, unseenPoints };
}

/**
 * The op contract of stream / log workloads (Kafka, HStreamDB, JetStream, BookKeeper ledgers):
 * what clients record and what the stream checker reads. Modelled on micro-operations, so one
 * op can both send and poll (needed to see a precommitted read).
 *
 * Ops (`Op.f`):
 * - `send`, `poll`, `txn`: `value` is an array of {@link MicroOp}s. A `send` op holds only
 *   send micro-ops, a `poll` op only poll micro-ops, a `txn` op both.
 *   - invoke: `['send', key, value]` and `['poll']`.
 *   - ok: `['send', key, [offset, value]]` and `['poll', { [key]: [[offset, value], ...] }]`.
 *   - fail / info: the invoke's micro-ops, with whatever completed filled in as for `ok`
 *     (a poll that returned records before the op failed keeps them).
 * - `assign`, `subscribe`: `value` is the array of keys the consumer now reads (ok = done).
 *   After `assign` a consumer reads each newly assigned key from the position it last reached
 *   on it in this process, else from the first offset; keys it keeps stay where they are.
 *   `subscribe` hands positions to a consumer group, which may move them on rebalances.
 * - Final reads (after healing): each client thread `assign`s every key, then `poll`s until
 *   its polls come back empty several times; whatever is still unread is `unseen`.
 * - `crash`: the client drops its connection and consumer state; completes `info`, so the
 *   process is replaced.
 *
 * Keys are strings (a topic-partition such as `t3`, a stream, a ledger id). Values are
 * integers unique per key across the whole run. In ordering-key mode (HStreamDB style) the
 * key is the ordering key and offsets are those of the hidden partition it hashed onto, so
 * offsets of one key need not be contiguous.
 *
 * How the stream checker (./check.ts) reads these ops — no new obligations for clients:
 * - A send micro-op with an offset filled in counts as acknowledged even inside an `info` op
 *   (it completed); every send of a `fail` op counts as definitely not sent, offsets ignored.
 * - A poll's records move a process's tracked position only on keys it holds by an ok
 *   `assign` / `subscribe`; a newly subscribed key may start anywhere (the group decides); a
 *   newly assigned key it never read must start at the key's first known offset.
 * - "Skip" means skipping over an offset where some value is known (from any send or read),
 *   not a numeric gap, so gaps such as Kafka's transaction markers are fine.
 * - Ops of other `f`s and nemesis ops are ignored; malformed micro-ops are counted and make a
 *   verdict without errors `unknown`.
 */

/** A micro-op as invoked. */
export type MicroOpInvoke = readonly ['send', string, number] | readonly ['poll'];

/** Records a poll returned, per key: `[offset, value]` pairs in the order received. */
export type PollResult = Readonly<Record<string, readonly (readonly [number, number])[]>>;

/** A micro-op as completed. */
export type MicroOpDone = readonly ['send', string, readonly [number, number]] | readonly ['poll', PollResult];

/** A micro-op in either state. */
export type MicroOp = MicroOpInvoke | MicroOpDone;

/** The `f`s of stream ops. */
export const STREAM_FS = ['send', 'poll', 'txn', 'assign', 'subscribe', 'crash'] as const;

/** A stream op's `f`. */
export type StreamF = (typeof STREAM_FS)[number];

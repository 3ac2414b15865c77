/**
 * The stream (queue) workload's client on a Kafka-protocol cluster, over kafkajs; the op
 * contract is checkers/stream/ops.ts. Stream key `k` is topic `faultline-k` with one partition
 * (replication factor 3 on our clusters), created on first use; values are decimal text.
 * In ordering-key mode (options `orderedPartitions`, see ordering.ts) every key is a message
 * key in the one topic `faultline-ordered` of fewer partitions, sent to the partition
 * `partitionOf(key)`; assign polls fetch the assigned keys' partitions from positions kept per
 * partition, and every poll reports records by message key.
 *
 * - `send`: one produce per micro-op; ok with the record's offset. Safe mode: idempotent
 *   producer, acks=all. Weak mode: acks=1, not idempotent, no retries. Failures are
 *   classified by outcome.ts from the final error and every attempt kafkajs logged.
 * - `poll`: in assign mode, one Fetch per partition leader from the positions this connection
 *   keeps (fetcher.ts; `read_committed`); in subscribe mode, the records a kafkajs group
 *   consumer delivered since the last poll (waiting up to `pollWaitMs` for some). Either way
 *   the positions move past what the poll returned, so a later `assign` of a key read through
 *   the group goes on from there. A poll that read no partition (no leader reachable, or
 *   every partition answered with an error), or drains a group consumer that crashed, is
 *   `fail` (it changed nothing); a partial one is `ok`.
 * - `assign` keys: stops a group consumer (in the background: its deliveries are ignored from
 *   now on, and `close` waits for it); new keys start at their last position in this
 *   connection (this process), else offset 0; kept keys stay; dropped keys are forgotten only
 *   as assigned (their positions are kept for a later re-assign).
 * - `subscribe` keys: a kafkajs consumer in group `faultline-<seed>` subscribed to the keys'
 *   topics (`fromBeginning`, auto-commit), replacing any earlier one (stopped in the
 *   background); ok once it is connected and subscribed. The group join (JoinGroup + SyncGroup,
 *   a rebalance of every member, often a second or more) goes on in the background, as with a
 *   Java consumer, whose `subscribe` returns at once and joins in `poll`; positions then
 *   belong to the group.
 * - `txn`: a transactional producer (transaction timeout 10 s, so one left open by a lost
 *   client holds back read_committed reads only that long); sends and polls in order, then
 *   commit. An error before
 *   commit aborts: a successful abort makes the op `fail` (no send became visible), else
 *   `info`; a failed commit is `info`. Reads of a failed txn stay in its completion.
 * - `crash`: drops producers, consumer and positions at once (their connections close in the
 *   background); `info` by design (the process is replaced).
 */
import { CompressionTypes, Kafka, logLevel, type Consumer, type LogEntry, type Producer } from 'kafkajs';
import type { Op } from '../../core/op.js';
import type { ClientConn, Completion } from '../../core/plugins.js';
import type { MicroOp, PollResult } from '../../checkers/stream/ops.js';
import { ensureTopic, withAdmin } from './admin.js';
import { keyOf, topicOf } from './config.js';
import { assertSomethingRead, Fetcher } from './fetcher.js';
import type { KafkaOptions } from './options.js';
import { messageOf, sendOutcome } from './outcome.js';
import { ORDERED_TOPIC, orderingKeyOf, partitionOf, partitionsOf } from './ordering.js';
import { pollKeyedRecords, pollRecords, valueOf } from './records.js';
import { unrefSocketFactory } from './sockets.js';

/** Topics known to exist, per cluster (sorted bootstrap list; shared by all connections of this process). */
const createdTopics = new Map<string, Set<string>>();
/** Topic creations under way, by cluster and key: connections that need the same topic wait for one creation. */
const creating = new Map<string, Promise<void>>();

/** What one connection is told: brokers (own node first), options, consumer group. */
export interface StreamConnParams {
  brokers: readonly string[];
  opts: KafkaOptions;
  /** Consumer group of `subscribe`. */
  groupId: string;
  /** Unique id of this connection (transactional id). */
  connId: string;
}

type Micro = readonly unknown[];

/**
 * How long a broker may hold a group consumer's background Fetch: it answers as soon as a
 * record arrives, so this adds no latency, and a long wait keeps idle consumers cheap.
 */
const GROUP_FETCH_WAIT_MS = 500;

/** Transaction timeout of the transactional producers, ms (see `txn`). */
const TXN_TIMEOUT_MS = 10_000;

/** Tries of a send whose earlier tries were all definitely refused. */
const DEFINITE_RETRIES = 3;

/** One client connection (one process) of the stream workload; see the module notes. */
export class KafkaStreamConn implements ClientConn {
  private readonly kafka: Kafka;
  private producer: Producer | undefined;
  private txProducer: Producer | undefined;
  private consumer: Consumer | undefined;
  private readonly fetcher: Fetcher;
  /** Failed-attempt messages kafkajs logged during the current send. */
  private attempts: string[] = [];
  /** Keys read by assignment, and positions reached on every key this process read. */
  private assigned: string[] = [];
  private readonly positions = new Map<string, number>();
  /** Records the group consumer delivered, not yet polled: key, offset, value, position slot. */
  private buffer: [string, number, number, string][] = [];
  /** Settles once the current group consumer's `run` has (joined and started, or crashed). */
  private consumerStarted: Promise<void> = Promise.resolve();
  /** Why the current group consumer stopped for good, if it did. */
  private consumerError: string | undefined;
  /** Set by `close`: no new producer, consumer or fetch from now on. */
  private closed = false;
  /** Disconnects of replaced consumers still under way (`close` waits for them). */
  private readonly closing = new Set<Promise<void>>();

  constructor(private readonly p: StreamConnParams) {
    const capture = (): ((e: LogEntry) => void) => (e: LogEntry) => {
      // Error lines of retried attempts and debug lines of attempts that ended in a disconnect.
      if (e.namespace === 'Producer' && e.level <= logLevel.DEBUG && typeof e.log.message === 'string' && 'retryCount' in e.log) this.attempts.push(e.log.message);
    };
    this.kafka = new Kafka({
      clientId: `faultline-${p.connId}`,
      brokers: [...p.brokers],
      logLevel: logLevel.DEBUG,
      logCreator: capture,
      socketFactory: unrefSocketFactory,
      connectionTimeout: Math.min(3_000, p.opts.requestTimeoutMs),
      requestTimeout: p.opts.requestTimeoutMs,
      enforceRequestTimeout: true,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
    });
    this.fetcher = new Fetcher(p.brokers, { requestTimeoutMs: p.opts.requestTimeoutMs, maxWaitMs: p.opts.pollWaitMs });
  }

  /** Runs a stream op; see the module notes. */
  async invoke(op: Op, signal: AbortSignal): Promise<Completion> {
    void signal;
    switch (op.f) {
      case 'send':
        return this.send(op.value);
      case 'poll':
        return this.pollOp(op.value);
      case 'txn':
        return this.txn(op.value);
      case 'assign':
        return this.assign(op.value);
      case 'subscribe':
        return this.subscribe(op.value);
      case 'crash':
        // closed in the background: a group member's leave can take seconds, and the worker
        // replaces this connection after an `info` anyway (its close waits for this one)
        void this.close();
        return { type: 'info', value: op.value, error: 'crash: connection and consumer state dropped' };
      default:
        return { type: 'fail', value: op.value, error: `stream has no op ${JSON.stringify(op.f)} (send, poll, txn, assign, subscribe, crash)` };
    }
  }

  /**
   * Connects a new producer or consumer of this connection; disconnects it again and throws
   * when this connection was closed meanwhile (an op still running after its connection was
   * dropped must not leave a client behind that keeps the process alive).
   */
  private async connectOpen<T extends { connect(): Promise<void>; disconnect(): Promise<void> }>(x: T): Promise<T> {
    this.assertOpen();
    try {
      await x.connect();
      this.assertOpen();
    } catch (e) {
      await x.disconnect().catch(() => undefined);
      throw e;
    }
    return x;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('connection closed (the op outlived its connection)');
  }

  /** Disconnects producers, consumers (replaced ones too) and fetcher; forgets positions. Later ops fail. */
  async close(): Promise<void> {
    this.closed = true;
    const ps = [this.producer, this.txProducer];
    this.producer = this.txProducer = undefined;
    this.retireConsumer();
    this.positions.clear();
    this.assigned = [];
    const done: Promise<void> = Promise.allSettled([...ps.map((x) => x?.disconnect()), this.fetcher.close()]).then(() => {
      this.closing.delete(done);
    });
    this.closing.add(done);
    await Promise.allSettled([...this.closing]);
  }

  /** Stops the group consumer, if any, in the background; its deliveries are ignored from now on. */
  private retireConsumer(): void {
    const c = this.consumer;
    this.consumer = undefined;
    this.buffer = [];
    this.consumerError = undefined;
    if (c === undefined) return;
    // Disconnected now, and again once its run() settled: a consumer stopped during its group
    // join would otherwise start fetching after the join and live on after the run.
    const first = c.disconnect().catch(() => undefined);
    const done: Promise<void> = Promise.all([first, this.consumerStarted])
      .then(() => c.disconnect())
      .catch(() => undefined)
      .finally(() => this.closing.delete(done));
    this.closing.add(done);
  }

  private async send(value: unknown): Promise<Completion> {
    const mops = microOps(value);
    if (mops === undefined || mops.some((m) => m[0] !== 'send')) return { type: 'fail', value, error: 'send needs [["send", key, value], ...]' };
    const done: unknown[] = [];
    for (const [i, m] of mops.entries()) {
      const [, key, v] = m as [string, string, number];
      try {
        await this.ensureTopics([key]);
      } catch (e) {
        return { type: i === 0 ? 'fail' : 'info', value: [...done, ...mops.slice(i)], error: `topic of ${key}: ${messageOf(e)}` };
      }
      // A definite refusal appended nothing, so trying again (after new metadata, e.g. for a
      // topic just created or a leader just elected) is a fresh attempt of the same op.
      for (let attempt = 1; ; attempt++) {
        try {
          const offset = await this.produce(key, v);
          done.push(['send', key, [offset, v]]);
          break;
        } catch (e) {
          const outcome = sendOutcome(messageOf(e), this.lastAttempts);
          if (outcome === 'fail' && attempt < DEFINITE_RETRIES) {
            await new Promise((r) => setTimeout(r, 250 * attempt));
            continue;
          }
          return { type: i === 0 ? outcome : 'info', value: [...done, ...mops.slice(i)], error: messageOf(e) };
        }
      }
    }
    return { type: 'ok', value: done };
  }

  private lastAttempts: string[] = [];

  /** Produces one value to `key`'s topic; resolves with its offset. */
  private async produce(key: string, v: number): Promise<number> {
    const producer = await this.plainProducer();
    this.attempts = [];
    try {
      const weak = this.p.opts.weak;
      const res = await producer.send({ topic: this.topicFor(key), messages: [this.message(key, v)], acks: weak ? 1 : -1, timeout: this.p.opts.requestTimeoutMs, compression: CompressionTypes.None });
      const r = res[0];
      if (r === undefined || r.baseOffset === undefined) throw new Error('produce answered without an offset');
      return Number(r.baseOffset);
    } finally {
      this.lastAttempts = this.attempts;
      this.attempts = [];
    }
  }

  /** The topic of stream key `key`: its own, or in ordering-key mode the one ordered topic. */
  private topicFor(key: string): string {
    return this.p.opts.orderedPartitions === undefined ? topicOf(key) : ORDERED_TOPIC;
  }

  /** The message that sends `v` to `key`; in ordering-key mode keyed, to the key's partition. */
  private message(key: string, v: number): { value: string; key?: string; partition?: number } {
    const parts = this.p.opts.orderedPartitions;
    return parts === undefined ? { value: String(v) } : { key, value: String(v), partition: partitionOf(key, parts) };
  }

  private async plainProducer(): Promise<Producer> {
    if (this.producer === undefined) {
      const weak = this.p.opts.weak;
      const producer = this.kafka.producer(
        weak ? { idempotent: false, maxInFlightRequests: 1, retry: { retries: 0 }, allowAutoTopicCreation: false } : { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 } },
      );
      this.producer = await this.connectOpen(producer);
    }
    return this.producer;
  }

  private async pollOp(value: unknown): Promise<Completion> {
    try {
      const res = await this.poll();
      return { type: 'ok', value: [['poll', res]] };
    } catch (e) {
      return { type: 'fail', value, error: messageOf(e) };
    }
  }

  /** One poll: assign mode fetches from leaders; subscribe mode drains the group consumer's buffer. */
  private async poll(): Promise<PollResult> {
    if (this.consumer !== undefined) return this.drain();
    if (this.p.opts.orderedPartitions !== undefined) return this.pollOrdered(this.p.opts.orderedPartitions);
    this.assertOpen();
    const wanted = new Map(this.assigned.map((k) => [topicOf(k), this.positions.get(k) ?? 0]));
    if (wanted.size === 0) return {};
    const { fetched, errors } = await this.fetcher.fetch(wanted);
    assertSomethingRead(fetched, errors);
    const out: Record<string, [number, number][]> = {};
    for (const { topic, partition } of fetched) {
      const key = keyOf(topic);
      if (key === undefined || partition.errorCode !== 0) continue;
      const { pairs, next } = pollRecords(partition.messages, partition.abortedTransactions ?? [], this.positions.get(key) ?? 0);
      this.positions.set(key, next);
      if (pairs.length > 0) out[key] = pairs;
    }
    return out;
  }

  /**
   * Ordering-key mode, assign: fetches the partitions of the assigned keys from the positions
   * kept per partition (slot `#<partition>`); reports every record by its message key (records
   * of keys not assigned but sharing a partition too: the checker ignores the positions of keys
   * a process does not hold).
   */
  private async pollOrdered(partitions: number): Promise<PollResult> {
    this.assertOpen();
    const wanted = partitionsOf(this.assigned, partitions).map((partition) => ({ topic: ORDERED_TOPIC, partition, offset: this.positions.get(slot(partition)) ?? 0 }));
    if (wanted.length === 0) return {};
    const { fetched, errors } = await this.fetcher.fetchPartitions(wanted);
    assertSomethingRead(fetched, errors);
    const out: Record<string, [number, number][]> = {};
    for (const { partition } of fetched) {
      if (partition.errorCode !== 0) continue;
      const at = slot(partition.partition);
      const { byKey, next } = pollKeyedRecords(partition.messages, partition.abortedTransactions ?? [], this.positions.get(at) ?? 0);
      this.positions.set(at, next);
      for (const [key, pairs] of Object.entries(byKey)) (out[key] ??= []).push(...pairs);
    }
    return out;
  }

  private async drain(): Promise<PollResult> {
    const deadline = Date.now() + this.p.opts.pollWaitMs;
    while (this.buffer.length === 0 && this.consumerError === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    if (this.buffer.length === 0 && this.consumerError !== undefined) throw new Error(`group consumer stopped: ${this.consumerError}`);
    const out: Record<string, [number, number][]> = {};
    for (const [key, offset, v, at] of this.buffer.splice(0)) {
      (out[key] ??= []).push([offset, v]);
      // what this process reached: a later assign of the key goes on from here
      this.positions.set(at, offset + 1);
    }
    return out;
  }

  private async assign(value: unknown): Promise<Completion> {
    const keys = keyList(value);
    if (keys === undefined) return { type: 'fail', value, error: 'assign needs an array of keys' };
    this.retireConsumer();
    try {
      await this.ensureTopics(keys);
    } catch (e) {
      return { type: 'fail', value, error: messageOf(e) };
    }
    this.assigned = [...keys];
    return { type: 'ok', value: keys };
  }

  private async subscribe(value: unknown): Promise<Completion> {
    const keys = keyList(value);
    if (keys === undefined) return { type: 'fail', value, error: 'subscribe needs an array of keys' };
    try {
      await this.ensureTopics(keys);
    } catch (e) {
      return { type: 'fail', value, error: messageOf(e) };
    }
    this.retireConsumer();
    this.assigned = [];
    // kafkajs restarts a crashed consumer by itself (a timer that reconnects): only the current
    // one may, or a consumer stopped during its group join would come back and keep the process
    // alive after the run.
    const holder: { c?: Consumer } = {};
    const consumer = this.kafka.consumer({
      groupId: this.p.groupId,
      sessionTimeout: 10_000,
      rebalanceTimeout: 10_000,
      heartbeatInterval: 1_000,
      maxWaitTimeInMs: GROUP_FETCH_WAIT_MS,
      readUncommitted: false,
      allowAutoTopicCreation: false,
      retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000, restartOnFailure: async () => holder.c !== undefined && this.consumer === holder.c },
    });
    holder.c = consumer;
    try {
      await this.connectOpen(consumer);
      await consumer.subscribe({ topics: [...new Set(keys.map((k) => this.topicFor(k)))], fromBeginning: true });
      this.assertOpen();
    } catch (e) {
      await consumer.disconnect().catch(() => undefined);
      return { type: 'fail', value, error: messageOf(e) };
    }
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, (e) => {
      if (this.consumer === consumer && e.payload.restart !== true) this.consumerError = messageOf(e.payload.error);
    });
    // run() resolves only after the group join; it goes on in the background (module notes).
    this.consumerStarted = consumer
      .run({
        autoCommit: true,
        eachBatch: async ({ batch }) => {
          if (this.consumer !== consumer) return;
          const ordered = this.p.opts.orderedPartitions !== undefined;
          const topicKey = ordered ? undefined : keyOf(batch.topic);
          if (!ordered && topicKey === undefined) return;
          for (const m of batch.messages) {
            const v = valueOf(m.value);
            const key = ordered ? orderingKeyOf(m.key) : topicKey;
            if (v !== undefined && key !== undefined) this.buffer.push([key, Number(m.offset), v, ordered ? slot(batch.partition) : key]);
          }
        },
      })
      .catch((e: unknown) => {
        if (this.consumer === consumer) this.consumerError = messageOf(e);
      });
    return { type: 'ok', value: keys };
  }

  private async txn(value: unknown): Promise<Completion> {
    const mops = microOps(value);
    if (mops === undefined) return { type: 'fail', value, error: 'txn needs micro-ops' };
    const sendKeys = mops.filter((m) => m[0] === 'send').map((m) => String(m[1]));
    try {
      await this.ensureTopics(sendKeys);
    } catch (e) {
      return { type: 'fail', value, error: messageOf(e) };
    }
    let producer: Producer;
    try {
      if (this.txProducer === undefined) {
        // A transaction left open (its client gone mid-commit) holds back every read_committed
        // read of its partitions until the coordinator aborts it: keep that short (default 60 s).
        const p = this.kafka.producer({ transactionalId: `faultline-${this.p.connId}`, transactionTimeout: TXN_TIMEOUT_MS, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
        this.txProducer = await this.connectOpen(p);
      }
      producer = this.txProducer;
    } catch (e) {
      return { type: 'fail', value, error: `transactional producer: ${messageOf(e)}` };
    }
    const done: unknown[] = [];
    let t;
    try {
      t = await producer.transaction();
    } catch (e) {
      return { type: 'fail', value, error: `begin: ${messageOf(e)}` };
    }
    try {
      for (const m of mops) {
        if (m[0] === 'send') {
          const [, key, v] = m as [string, string, number];
          const res = await t.send({ topic: this.topicFor(key), messages: [this.message(key, v)], acks: -1, timeout: this.p.opts.requestTimeoutMs });
          done.push(['send', key, [Number(res[0]?.baseOffset), v]]);
        } else {
          done.push(['poll', await this.poll()]);
        }
      }
    } catch (e) {
      const rest = [...done, ...mops.slice(done.length)];
      try {
        await t.abort();
        return { type: 'fail', value: rest, error: `aborted: ${messageOf(e)}` };
      } catch (e2) {
        return { type: 'info', value: rest, error: `${messageOf(e)}; abort failed: ${messageOf(e2)}` };
      }
    }
    try {
      await t.commit();
    } catch (e) {
      return { type: 'info', value: done, error: `commit: ${messageOf(e)}` };
    }
    return { type: 'ok', value: done };
  }

  /**
   * Creates the topics of `keys` that this process has not seen exist, in one admin session;
   * a topic another connection is creating right now is waited for, not created again.
   */
  private async ensureTopics(keys: readonly string[]): Promise<void> {
    const id = [...this.p.brokers].sort().join(',');
    const known = createdTopics.get(id) ?? new Set<string>();
    createdTopics.set(id, known);
    // in ordering-key mode every key lives in the one ordered topic (ensureTopic's key `ordered`)
    const topicKeys = this.p.opts.orderedPartitions === undefined ? keys : keys.length > 0 ? [keyOf(ORDERED_TOPIC) as string] : [];
    const missing = [...new Set(topicKeys)].filter((k) => !known.has(k));
    if (missing.length === 0) return;
    const tag = (k: string): string => `${id}\n${k}`;
    const mine = missing.filter((k) => !creating.has(tag(k)));
    if (mine.length > 0) {
      const made = this.createTopics(mine, known);
      for (const k of mine) creating.set(tag(k), made);
      made.then(
        () => mine.forEach((k) => creating.delete(tag(k))),
        () => mine.forEach((k) => creating.delete(tag(k))),
      );
    }
    await Promise.all(missing.map((k) => creating.get(tag(k))));
  }

  /** Creates the topics of `keys` (one admin session) and adds them to `known`. */
  private async createTopics(missing: readonly string[], known: Set<string>): Promise<void> {
    await withAdmin(this.p.brokers, async (admin) => {
      const brokers = (await admin.describeCluster()).brokers.length;
      const replicationFactor = Math.max(1, Math.min(this.p.opts.replicationFactor, brokers));
      for (const k of missing) {
        await ensureTopic(admin, k, { replicationFactor, partitions: this.p.opts.orderedPartitions === undefined ? 1 : this.p.opts.orderedPartitions });
        known.add(k);
      }
    }, this.p.opts.requestTimeoutMs);
  }
}

/** The position slot of a partition of the ordered topic (keys are stream keys otherwise). */
function slot(partition: number): string {
  return `#${partition}`;
}

function microOps(value: unknown): Micro[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  for (const m of value) {
    if (!Array.isArray(m)) return undefined;
    if (m[0] === 'send' && (typeof m[1] !== 'string' || typeof m[2] !== 'number')) return undefined;
    if (m[0] !== 'send' && m[0] !== 'poll') return undefined;
  }
  return value as Micro[];
}

function keyList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((k) => typeof k === 'string') ? (value as string[]) : undefined;
}

/** Re-exported for the type of micro-ops this client completes. */
export type { MicroOp };

/**
 * The stream (queue) workload's client on a Kafka-protocol cluster, over kafkajs; the op
 * contract is checkers/stream/ops.ts. Stream key `k` is topic `faultline-k` with one partition
 * (replication factor 3 on our clusters), created on first use; values are decimal text.
 *
 * - `send`: one produce per micro-op; ok with the record's offset. Safe mode: idempotent
 *   producer, acks=all. Weak mode: acks=1, not idempotent, no retries. Failures are
 *   classified by outcome.ts from the final error and every attempt kafkajs logged.
 * - `poll`: in assign mode, one Fetch per partition leader from the positions this connection
 *   keeps (fetcher.ts; `read_committed`); in subscribe mode, the records a kafkajs group
 *   consumer delivered since the last poll (waiting up to `pollWaitMs` for some). A poll that
 *   reached no broker is `fail` (it changed nothing); a partial one is `ok`.
 * - `assign` keys: stops a group consumer; new keys start at their last position in this
 *   connection (this process), else offset 0; kept keys stay; dropped keys are forgotten only
 *   as assigned (their positions are kept for a later re-assign).
 * - `subscribe` keys: a kafkajs consumer in group `faultline-<seed>` subscribed to the keys'
 *   topics (`fromBeginning`, auto-commit), replacing any earlier one; ok once it runs (the
 *   group join goes on in the background); positions then belong to the group.
 * - `txn`: a transactional producer; sends and polls in order, then commit. An error before
 *   commit aborts: a successful abort makes the op `fail` (no send became visible), else
 *   `info`; a failed commit is `info`. Reads of a failed txn stay in its completion.
 * - `crash`: drops producers, consumer and positions; `info` by design (the process is
 *   replaced).
 */
import { CompressionTypes, Kafka, logLevel, type Consumer, type LogEntry, type Producer } from 'kafkajs';
import type { Op } from '../../harness/op.js';
import type { ClientConn, Completion } from '../../harness/plugins.js';
import type { MicroOp, PollResult } from '../../checkers/stream/ops.js';
import { ensureTopic, withAdmin } from './admin.js';
import { keyOf, topicOf } from './config.js';
import { Fetcher } from './fetcher.js';
import type { KafkaOptions } from './options.js';
import { messageOf, sendOutcome } from './outcome.js';
import { pollRecords, valueOf } from './records.js';

/** Topics known to exist, per bootstrap list (shared by all connections of this process). */
const createdTopics = new Map<string, Set<string>>();

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
  /** Records the group consumer delivered, not yet polled. */
  private buffer: [string, number, number][] = [];

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
        await this.close();
        return { type: 'info', value: op.value, error: 'crash: connection and consumer state dropped' };
      default:
        return { type: 'fail', value: op.value, error: `stream has no op ${JSON.stringify(op.f)} (send, poll, txn, assign, subscribe, crash)` };
    }
  }

  /** Disconnects producers, consumer and fetcher; forgets positions. */
  async close(): Promise<void> {
    const ps = [this.producer, this.txProducer, this.consumer];
    this.producer = this.txProducer = this.consumer = undefined;
    this.positions.clear();
    this.assigned = [];
    this.buffer = [];
    await Promise.allSettled([...ps.map((x) => x?.disconnect()), this.fetcher.close()]);
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
      const res = await producer.send({ topic: topicOf(key), messages: [{ value: String(v) }], acks: weak ? 1 : -1, timeout: this.p.opts.requestTimeoutMs, compression: CompressionTypes.None });
      const r = res[0];
      if (r === undefined || r.baseOffset === undefined) throw new Error('produce answered without an offset');
      return Number(r.baseOffset);
    } finally {
      this.lastAttempts = this.attempts;
      this.attempts = [];
    }
  }

  private async plainProducer(): Promise<Producer> {
    if (this.producer === undefined) {
      const weak = this.p.opts.weak;
      const producer = this.kafka.producer(
        weak ? { idempotent: false, maxInFlightRequests: 1, retry: { retries: 0 }, allowAutoTopicCreation: false } : { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 } },
      );
      await producer.connect();
      this.producer = producer;
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
    const wanted = new Map(this.assigned.map((k) => [topicOf(k), this.positions.get(k) ?? 0]));
    if (wanted.size === 0) return {};
    const { fetched, errors } = await this.fetcher.fetch(wanted);
    if (fetched.length === 0 && errors.length > 0) throw errors[0];
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

  private async drain(): Promise<PollResult> {
    const deadline = Date.now() + this.p.opts.pollWaitMs;
    while (this.buffer.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const out: Record<string, [number, number][]> = {};
    for (const [key, offset, v] of this.buffer.splice(0)) (out[key] ??= []).push([offset, v]);
    return out;
  }

  private async assign(value: unknown): Promise<Completion> {
    const keys = keyList(value);
    if (keys === undefined) return { type: 'fail', value, error: 'assign needs an array of keys' };
    if (this.consumer !== undefined) {
      const c = this.consumer;
      this.consumer = undefined;
      this.buffer = [];
      await c.disconnect().catch(() => undefined);
    }
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
    const old = this.consumer;
    this.consumer = undefined;
    this.buffer = [];
    await old?.disconnect().catch(() => undefined);
    this.assigned = [];
    const consumer = this.kafka.consumer({ groupId: this.p.groupId, sessionTimeout: 10_000, heartbeatInterval: 1_000, maxWaitTimeInMs: this.p.opts.pollWaitMs, readUncommitted: false, allowAutoTopicCreation: false });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: keys.map(topicOf), fromBeginning: true });
      await consumer.run({
        autoCommit: true,
        eachBatch: async ({ batch }) => {
          if (this.consumer !== consumer) return;
          const key = keyOf(batch.topic);
          if (key === undefined) return;
          for (const m of batch.messages) {
            const v = valueOf(m.value);
            if (v !== undefined) this.buffer.push([key, Number(m.offset), v]);
          }
        },
      });
    } catch (e) {
      await consumer.disconnect().catch(() => undefined);
      return { type: 'fail', value, error: messageOf(e) };
    }
    this.consumer = consumer;
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
        const p = this.kafka.producer({ transactionalId: `faultline-${this.p.connId}`, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
        await p.connect();
        this.txProducer = p;
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
          const res = await t.send({ topic: topicOf(key), messages: [{ value: String(v) }], acks: -1, timeout: this.p.opts.requestTimeoutMs });
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

  /** Creates the topics of `keys` that this process has not seen exist. */
  private async ensureTopics(keys: readonly string[]): Promise<void> {
    const id = this.p.brokers.join(',');
    const known = createdTopics.get(id) ?? new Set<string>();
    createdTopics.set(id, known);
    const missing = [...new Set(keys)].filter((k) => !known.has(k));
    if (missing.length === 0) return;
    await withAdmin(this.p.brokers, async (admin) => {
      const brokers = (await admin.describeCluster()).brokers.length;
      const replicationFactor = Math.max(1, Math.min(this.p.opts.replicationFactor, brokers));
      for (const k of missing) {
        await ensureTopic(admin, k, { replicationFactor });
        known.add(k);
      }
    }, this.p.opts.requestTimeoutMs);
  }
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

/**
 * One stream-workload client connection to one JetStream server, implementing the op contract
 * of checkers/stream/ops.ts:
 *
 * - `send`: per micro-op, publish to the key's subject and wait for the JetStream ack; the
 *   offset is the ack's stream sequence. Each key is its own stream, so a key's offsets are
 *   contiguous from 1. When no stream takes the subject yet ("no responders": certainly not
 *   stored), the stream is created idempotently ({@link JetStreamOptions.replicas} replicas,
 *   file storage) and the message published once more. Failures: failure.ts.
 * - `assign` keys: from now on polls read those keys, each through an ephemeral pull consumer
 *   (R1, in memory, no acks) created at the first poll from the position this connection last
 *   reached on the key, else from sequence 1. Kept keys keep their consumer and position.
 * - `subscribe` keys: from now on polls read those keys through the consumer group
 *   {@link JetStreamOptions.group}: one durable pull consumer of that name per stream, shared by
 *   every client that subscribes, with explicit acks (each record is acked once read; an
 *   unacked one is redelivered after 10 s). JetStream has no rebalancing: group members split
 *   a key's messages between them.
 * - `poll`: one bounded `no_wait` pull per polled key, concurrently; returns the records per
 *   key (keys without records left out). A key whose stream does not exist yet reads as
 *   empty. A failed consumer lookup or pull drops that key's consumer (an ephemeral one is
 *   recreated from the position) and is retried until the request deadline; a key that still
 *   failed without records fails the poll, keeping the other keys' records.
 * - `txn`: JetStream has no transactions: `fail`, nothing done.
 * - `crash`: closes the connection and forgets all positions and consumers; `info`.
 */
import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, connect, nanos, type JetStreamClient, type JetStreamManager, type NatsConnection, type PubAck } from 'nats';
import type { Op } from '../../core/op.js';
import type { ClientConn, Completion } from '../../core/plugins.js';
import type { MicroOpDone, PollResult } from '../../checkers/stream/ops.js';
import { pause } from '../../clusters/poll.js';
import { CLIENT_PORT } from './config.js';
import { pullNoWait } from './fetch.js';
import { keysOf, recordValue, sendMicroOps } from './op-values.js';
import { describeError, isNoResponders, isStreamNotFound, sendFailure } from './failure.js';
import { durableName, streamName, subjectOf } from './names.js';
import type { JetStreamOptions } from './options.js';

/** How long an unused ephemeral consumer lives on the server, ms. */
const EPHEMERAL_IDLE_MS = 60_000;
/** How long a group member has to ack a record before it is redelivered, ms. */
const ACK_WAIT_MS = 10_000;

const encoder = new TextEncoder();

/** One polled key's outcome. */
interface KeyRead {
  records: [number, number][];
  error?: unknown;
  /** The error is not worth retrying (a record that is not ours). */
  fatal?: boolean;
}

/** Pause between attempts to read a key, ms. */
const RETRY_MS = 250;
/** The shortest deadline one request gets, ms. */
const MIN_BUDGET_MS = 250;

/** Time left until `deadline` (a `Date.now()` value) for one request, at least {@link MIN_BUDGET_MS} ms. */
function budget(deadline: number): number {
  return Math.max(MIN_BUDGET_MS, deadline - Date.now());
}

/** A stream client connection; see the module documentation. */
export class JetStreamConn implements ClientConn {
  private readonly js: JetStreamClient;
  /** Streams this connection published to or created. */
  private readonly ensured = new Set<string>();
  /** Key → next stream sequence to read (position this connection reached). */
  private readonly positions = new Map<string, number>();
  /** How polls read, and which keys. */
  private mode: 'assign' | 'subscribe' = 'assign';
  private keys: string[] = [];
  /** Key → name of its ephemeral consumer (assign mode). */
  private readonly ephemerals = new Map<string, string>();
  /** Keys whose group durable this connection created or found (subscribe mode). */
  private readonly durables = new Set<string>();

  private constructor(
    private readonly nc: NatsConnection,
    private readonly opts: JetStreamOptions,
  ) {
    this.js = nc.jetstream({ timeout: opts.timeoutMs });
  }

  /**
   * Connects to the server at `address` only (cluster updates ignored; reconnects to the same
   * server while the connection lives).
   * @throws the nats client's error when the first connect fails (nothing was sent)
   */
  static async open(address: string, node: string, opts: JetStreamOptions): Promise<JetStreamConn> {
    const host = address.includes(':') ? `[${address}]` : address;
    const nc = await connect({
      servers: `${host}:${CLIENT_PORT}`,
      name: `faultline-${node}`,
      timeout: opts.timeoutMs,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      ignoreClusterUpdates: true,
    });
    return new JetStreamConn(nc, opts);
  }

  /** Runs one stream op; see the module documentation. */
  async invoke(op: Op, signal: AbortSignal): Promise<Completion> {
    switch (op.f) {
      case 'send':
        return this.send(op.value);
      case 'poll':
        return this.poll(op.value, signal);
      case 'assign':
      case 'subscribe':
        return this.reassign(op.f, op.value);
      case 'txn':
        return { type: 'fail', value: op.value, error: 'JetStream has no transactions: txn is not supported' };
      case 'crash':
        await this.close();
        return { type: 'info', value: op.value, error: 'crash: connection and consumer state dropped' };
      default:
        return { type: 'fail', value: op.value, error: `jetstream has no op ${JSON.stringify(op.f)}` };
    }
  }

  /** Closes the connection (bounded: at most 2 s) and forgets all state. Idempotent. */
  async close(): Promise<void> {
    this.ensured.clear();
    this.positions.clear();
    this.ephemerals.clear();
    this.durables.clear();
    this.keys = [];
    if (this.nc.isClosed()) return;
    await Promise.race([this.nc.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2_000))]);
  }

  private async send(value: unknown): Promise<Completion> {
    const micro = sendMicroOps(value);
    if (typeof micro === 'string') return { type: 'fail', value, error: micro };
    const done: MicroOpDone[] = [];
    const partial = (): unknown[] => [...done, ...(value as unknown[]).slice(done.length)];
    const deadline = Date.now() + this.opts.timeoutMs;
    for (const [i, m] of micro.entries()) {
      const stream = streamName(m.key);
      const subject = subjectOf(m.key);
      const data = encoder.encode(String(m.value));
      if (this.nc.isClosed()) return sendFailure(partial(), i, 'before-publish', new Error('connection closed'));
      let ack: PubAck;
      try {
        ack = await this.publish(stream, subject, data, budget(deadline));
      } catch (e) {
        if (this.ensured.has(stream) || !isNoResponders(e)) return sendFailure(partial(), i, 'publish', e);
        // No stream took the subject, so nothing was stored: create the stream, then publish once more.
        try {
          await this.ensureStream(stream, subject, deadline);
          if (deadline - Date.now() < MIN_BUDGET_MS) throw new Error('no time left to publish after creating the stream');
        } catch (e2) {
          return sendFailure(partial(), i, 'before-publish', e2);
        }
        try {
          ack = await this.publish(stream, subject, data, budget(deadline));
        } catch (e3) {
          return sendFailure(partial(), i, 'publish', e3);
        }
      }
      this.ensured.add(stream);
      done.push(['send', m.key, [ack.seq, m.value]]);
    }
    return { type: 'ok', value: done };
  }

  /** A JetStream manager whose requests end by `deadline` (no I/O: the API check is off). */
  private jsmWithin(deadline: number): Promise<JetStreamManager> {
    return this.nc.jetstreamManager({ timeout: budget(deadline), checkAPI: false });
  }

  /** Publishes `data` to `subject` and waits for the ack of `stream`. @throws the nats client's error, or Error for an ack from another stream */
  private async publish(stream: string, subject: string, data: Uint8Array, timeoutMs: number): Promise<PubAck> {
    const ack = await this.js.publish(subject, data, { timeout: timeoutMs, expect: { streamName: stream } });
    if (ack.stream !== stream) throw new Error(`ack from stream ${JSON.stringify(ack.stream)}, expected ${JSON.stringify(stream)}`);
    return ack;
  }

  /** Creates `stream` (one subject, file storage, limits retention; idempotent: an identical stream is left as it is), its requests ending by `deadline`. */
  private async ensureStream(stream: string, subject: string, deadline: number): Promise<void> {
    await (await this.jsmWithin(deadline)).streams.add({
      name: stream,
      subjects: [subject],
      num_replicas: this.opts.replicas,
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
    });
  }

  private reassign(f: 'assign' | 'subscribe', value: unknown): Completion {
    const keys = keysOf(value);
    if (typeof keys === 'string') return { type: 'fail', value, error: keys };
    if (f !== this.mode) {
      this.ephemerals.clear(); // idle ones expire on the server
      this.durables.clear();
    } else {
      for (const k of this.ephemerals.keys()) if (!keys.includes(k)) this.ephemerals.delete(k);
    }
    this.mode = f;
    this.keys = keys;
    return { type: 'ok', value: keys };
  }

  private async poll(value: unknown, signal: AbortSignal): Promise<Completion> {
    if (!Array.isArray(value) || value.length === 0 || !value.every((m) => Array.isArray(m) && m.length === 1 && m[0] === 'poll')) {
      return { type: 'fail', value, error: `poll value must be [['poll'], ...], got ${JSON.stringify(value)}` };
    }
    const done: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const { result, errors } = await this.pollOnce(signal);
      done.push(['poll', result]);
      if (errors.length > 0) return { type: 'fail', value: [...done, ...value.slice(done.length)], error: errors.join('; ') };
    }
    return { type: 'ok', value: done };
  }

  /** One poll micro-op: every polled key read concurrently. */
  private async pollOnce(signal: AbortSignal): Promise<{ result: PollResult; errors: string[] }> {
    const keys = [...this.keys];
    const reads = await Promise.all(keys.map((k) => this.readKey(k, signal)));
    const result: Record<string, [number, number][]> = {};
    const errors: string[] = [];
    keys.forEach((k, i) => {
      const r = reads[i];
      if (r.records.length > 0) result[k] = r.records;
      if (r.error !== undefined) errors.push(`${k}: ${describeError(r.error)}`);
    });
    return { result, errors };
  }

  /**
   * Reads `key` (assign: its ephemeral consumer; subscribe: the group's durable), retrying a
   * failed consumer lookup or pull every {@link RETRY_MS} until the request deadline. A read
   * changes nothing but positions, so retrying is safe, and a poll that failed at once while the
   * cluster recovers (e.g. "JetStream system temporarily unavailable" right after a restart)
   * would use up a final read in milliseconds. Records read end the retries: a pull that got
   * some records before its error is a short read, not a failure (the dropped consumer is
   * recreated from the position). A record that is not an integer fails at once.
   */
  private async readKey(key: string, signal: AbortSignal): Promise<KeyRead> {
    const deadline = Date.now() + this.opts.timeoutMs;
    for (;;) {
      const r = this.mode === 'assign' ? await this.readAssigned(key, deadline, signal) : await this.readGroup(key, deadline, signal);
      if (r.error === undefined || r.fatal === true) return r;
      if (r.records.length > 0) return { records: r.records };
      if (Date.now() + RETRY_MS >= deadline || signal.aborted) return r;
      await pause(RETRY_MS, signal).catch(() => undefined);
    }
  }

  /** One read of `key` through its ephemeral consumer (created from the key's position when missing). */
  private async readAssigned(key: string, deadline: number, signal: AbortSignal): Promise<KeyRead> {
    const stream = streamName(key);
    let name = this.ephemerals.get(key);
    if (name === undefined) {
      try {
        const ci = await (await this.jsmWithin(deadline)).consumers.add(stream, {
          deliver_policy: DeliverPolicy.StartSequence,
          opt_start_seq: this.positions.get(key) ?? 1,
          ack_policy: AckPolicy.None,
          inactive_threshold: nanos(EPHEMERAL_IDLE_MS),
          mem_storage: true,
          num_replicas: 1,
        });
        name = ci.name;
        this.ephemerals.set(key, name);
      } catch (e) {
        return isStreamNotFound(e) ? { records: [] } : { records: [], error: e };
      }
    }
    const pulled = await pullNoWait(this.js, stream, name, this.opts.fetchBatch, budget(deadline), signal);
    const read = this.record(key, pulled.msgs, false);
    if (pulled.error !== undefined || read.error !== undefined) this.ephemerals.delete(key);
    return pulled.error === undefined || read.error !== undefined ? read : { records: read.records, error: pulled.error };
  }

  /** One read of `key` through the group's durable consumer (created idempotently when not yet seen), acking what it reads. */
  private async readGroup(key: string, deadline: number, signal: AbortSignal): Promise<KeyRead> {
    const stream = streamName(key);
    const durable = durableName(this.opts.group);
    if (!this.durables.has(key)) {
      try {
        await (await this.jsmWithin(deadline)).consumers.add(stream, {
          durable_name: durable,
          deliver_policy: DeliverPolicy.All,
          ack_policy: AckPolicy.Explicit,
          ack_wait: nanos(ACK_WAIT_MS),
          max_ack_pending: 10_000,
        });
        this.durables.add(key);
      } catch (e) {
        return isStreamNotFound(e) ? { records: [] } : { records: [], error: e };
      }
    }
    const pulled = await pullNoWait(this.js, stream, durable, this.opts.fetchBatch, budget(deadline), signal);
    const read = this.record(key, pulled.msgs, true);
    if (pulled.error !== undefined) this.durables.delete(key); // looked up again next time
    return pulled.error === undefined || read.error !== undefined ? read : { records: read.records, error: pulled.error };
  }

  /** Turns pulled messages into records, moving the key's position past the last one (and acking each when `ack`). */
  private record(key: string, msgs: readonly { seq: number; data: Uint8Array; ack(): void }[], ack: boolean): KeyRead {
    const records: [number, number][] = [];
    for (const m of msgs) {
      let v: number;
      try {
        v = recordValue(m.data);
      } catch (e) {
        return { records, error: e, fatal: true };
      }
      records.push([m.seq, v]);
      this.positions.set(key, m.seq + 1);
      if (ack) m.ack();
    }
    return { records };
  }
}

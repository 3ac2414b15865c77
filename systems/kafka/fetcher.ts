/**
 * Manual partition assignment for kafkajs, which offers only consumer groups: a fetcher that
 * keeps kafkajs' own Cluster (metadata, connections by node id; an internal of kafkajs 2.2,
 * typed in kafkajs-internals.d.ts) and sends Fetch requests (`read_committed`, replica id -1,
 * as any consumer) straight to each partition's leader from positions the client keeps. That
 * is what a Java consumer's `assign` + `seek` + `poll` does, without a group.
 */
import { logLevel, type logCreator } from 'kafkajs';
import Cluster, { type FetchedPartition } from 'kafkajs/src/cluster/index.js';
import { createLogger } from 'kafkajs/src/loggers/index.js';
import { unrefSocketFactory } from './sockets.js';

/** `isolationLevel` of a Fetch request that reads committed records only. */
export const READ_COMMITTED = 1;

const silent: logCreator = () => () => undefined;

/** Options of {@link Fetcher}, ms and bytes. */
export interface FetcherOptions {
  /** Per-request timeout. */
  requestTimeoutMs: number;
  /** How long a broker may hold a fetch waiting for data. Default 100. */
  maxWaitMs?: number;
  /** Bytes per partition per fetch. Default 256 KiB. */
  partitionMaxBytes?: number;
  /** Oldest metadata a fetch may route by, ms. Default 5 000. */
  metadataMaxAgeMs?: number;
}

/** A partition to fetch and the offset to fetch it from. */
export interface PartitionPosition {
  topic: string;
  partition: number;
  offset: number;
}

/** A fetched partition of a topic. */
export interface FetchedTopicPartition {
  topic: string;
  partition: FetchedPartition;
}

/** Fetches partitions from their leaders. */
export class Fetcher {
  private readonly cluster: Cluster;
  private connected = false;
  /** Set when the next fetch must refresh metadata first (an error or a leader change seen). */
  private stale = true;
  private refreshedAt = 0;

  constructor(brokers: readonly string[], private readonly opts: FetcherOptions) {
    this.cluster = new Cluster({
      logger: createLogger({ level: logLevel.NOTHING, logCreator: silent }),
      socketFactory: unrefSocketFactory,
      brokers: [...brokers],
      clientId: 'faultline-fetcher',
      connectionTimeout: Math.min(3_000, opts.requestTimeoutMs),
      requestTimeout: opts.requestTimeoutMs,
      enforceRequestTimeout: true,
      metadataMaxAge: 60_000,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 500 },
      allowAutoTopicCreation: false,
      maxInFlightRequests: null,
      isolationLevel: READ_COMMITTED,
    });
  }

  /**
   * Fetches partition 0 of every topic in `positions` from the offset given; see
   * {@link fetchPartitions}.
   */
  async fetch(positions: ReadonlyMap<string, number>): Promise<{ fetched: FetchedTopicPartition[]; errors: Error[] }> {
    return this.fetchPartitions([...positions].map(([topic, offset]) => ({ topic, partition: 0, offset })));
  }

  /**
   * Fetches every wanted partition from the offset given, grouped by leader (metadata
   * refreshed when stale, see the module notes). Resolves with what every leader returned and
   * the errors of the leaders that failed (a poll may return part of its keys).
   */
  async fetchPartitions(wanted: readonly PartitionPosition[]): Promise<{ fetched: FetchedTopicPartition[]; errors: Error[] }> {
    if (wanted.length === 0) return { fetched: [], errors: [] };
    if (!this.connected) {
      await this.cluster.connect();
      this.connected = true;
    }
    const topics = [...new Set(wanted.map((w) => w.topic))];
    // refreshes by itself when a topic is new
    await this.cluster.addMultipleTargetTopics(topics);
    if (this.stale || Date.now() - this.refreshedAt > (this.opts.metadataMaxAgeMs ?? 5_000)) {
      await this.cluster.refreshMetadata();
      this.stale = false;
      this.refreshedAt = Date.now();
    }
    const byLeader = new Map<string, PartitionPosition[]>();
    const missing: string[] = [];
    for (const w of wanted) {
      const id = Object.keys(this.cluster.findLeaderForPartitions(w.topic, [w.partition]))[0];
      if (id === undefined) missing.push(`${w.topic}/${w.partition}`);
      else byLeader.set(id, [...(byLeader.get(id) ?? []), w]);
    }
    const fetched: FetchedTopicPartition[] = [];
    const errors: Error[] = [];
    if (missing.length > 0) errors.push(new Error(`no leader known for ${missing.join(', ')}`));
    const maxBytes = this.opts.partitionMaxBytes ?? 262_144;
    await Promise.all(
      [...byLeader].map(async ([nodeId, ws]) => {
        try {
          const broker = await this.cluster.findBroker({ nodeId });
          const byTopic = new Map<string, PartitionPosition[]>();
          for (const w of ws) byTopic.set(w.topic, [...(byTopic.get(w.topic) ?? []), w]);
          const res = await broker.fetch({
            replicaId: -1,
            isolationLevel: READ_COMMITTED,
            maxWaitTime: this.opts.maxWaitMs ?? 100,
            minBytes: 1,
            maxBytes: maxBytes * ws.length,
            topics: [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps.map((w) => ({ partition: w.partition, fetchOffset: String(w.offset), maxBytes })) })),
          });
          for (const r of res.responses) {
            const asked = byTopic.get(r.topicName) ?? [];
            for (const p of r.partitions) {
              if (!asked.some((w) => w.partition === p.partition)) continue;
              if (p.errorCode !== 0) this.stale = true;
              fetched.push({ topic: r.topicName, partition: p });
            }
          }
        } catch (e) {
          errors.push(e instanceof Error ? e : new Error(String(e)));
        }
      }),
    );
    if (errors.length > 0) this.stale = true;
    return { fetched, errors };
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    if (this.connected) await this.cluster.disconnect().catch(() => undefined);
    this.connected = false;
    this.stale = true;
  }
}

/**
 * Throws when a fetch read no partition: every leader failed, or every partition answered with
 * an error code (e.g. NOT_LEADER_OR_FOLLOWER just after a leader change). Such a poll changed
 * nothing and is `fail`; counted as an empty `ok` poll it would end a final read too soon.
 * Pure.
 */
export function assertSomethingRead(fetched: readonly FetchedTopicPartition[], errors: readonly Error[]): void {
  if (fetched.some((f) => f.partition.errorCode === 0)) return;
  if (errors.length > 0) throw errors[0];
  if (fetched.length > 0) throw new Error(`every partition fetched answered with an error (code ${fetched[0].partition.errorCode})`);
}

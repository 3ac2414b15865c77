/**
 * Talking to a Kafka-protocol cluster as an administrator with kafkajs: which brokers are
 * registered, creating the topic of a stream key (replication factor 3, `min.insync.replicas`
 * from the mode, idempotent), and which brokers lead the partitions of faultline's topics.
 * Every call is bounded by kafkajs' connection and request timeouts.
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { keyOf, topicOf } from './config.js';
import { unrefSocketFactory } from './sockets.js';

/** A kafkajs client for `brokers` (`host:port`), silent, with short timeouts (ms). */
export function kafkaFor(brokers: readonly string[], clientId = 'faultline', requestTimeoutMs = 5_000): Kafka {
  return new Kafka({
    clientId,
    brokers: [...brokers],
    logLevel: logLevel.NOTHING,
    socketFactory: unrefSocketFactory,
    connectionTimeout: Math.min(3_000, requestTimeoutMs),
    requestTimeout: requestTimeoutMs,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
}

/** Runs `f` with a connected admin client of `brokers`, always disconnecting. */
export async function withAdmin<T>(brokers: readonly string[], f: (admin: Admin) => Promise<T>, requestTimeoutMs = 5_000): Promise<T> {
  const admin = kafkaFor(brokers, 'faultline-admin', requestTimeoutMs).admin();
  await admin.connect();
  try {
    return await f(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** The node ids of the brokers the cluster reports through `brokers`. */
export async function brokerIds(brokers: readonly string[]): Promise<number[]> {
  return withAdmin(brokers, async (a) => (await a.describeCluster()).brokers.map((b) => b.nodeId).sort((x, y) => x - y), 2_000);
}

/** Topic settings of stream topics. */
export interface TopicSettings {
  /** Replicas of each topic. Default 3. */
  replicationFactor: number;
  /** Partitions of the topic. Default 1. */
  partitions?: number;
  /** `min.insync.replicas` of the topic; undefined keeps the broker's. */
  minInsyncReplicas?: number;
  /** `unclean.leader.election.enable` of the topic; undefined keeps the broker's. */
  uncleanLeaderElection?: boolean;
  /** How long to wait for the topic's leader, ms. Default 10 000. */
  leaderWaitMs?: number;
}

/**
 * Creates the topic of stream key `key` (one partition unless `s.partitions` says more)
 * unless it exists, and waits for a leader of every partition. Resolves true when this call
 * created it.
 * @throws Error when the cluster refuses (e.g. fewer brokers than replicas)
 */
export async function ensureTopic(admin: Admin, key: string, s: TopicSettings): Promise<boolean> {
  const configEntries = [
    ...(s.minInsyncReplicas === undefined ? [] : [{ name: 'min.insync.replicas', value: String(s.minInsyncReplicas) }]),
    ...(s.uncleanLeaderElection === undefined ? [] : [{ name: 'unclean.leader.election.enable', value: String(s.uncleanLeaderElection) }]),
  ];
  let created: boolean;
  try {
    created = await admin.createTopics({
      waitForLeaders: false,
      timeout: 10_000,
      topics: [{ topic: topicOf(key), numPartitions: s.partitions ?? 1, replicationFactor: s.replicationFactor, configEntries }],
    });
  } catch (e) {
    if (!isTopicExists(e)) throw e;
    created = false;
  }
  // The brokers learn of a new topic a moment after the controller created it.
  let last: unknown;
  for (const deadline = Date.now() + (s.leaderWaitMs ?? 10_000); Date.now() < deadline; ) {
    try {
      const meta = await admin.fetchTopicMetadata({ topics: [topicOf(key)] });
      const ps = meta.topics[0]?.partitions ?? [];
      if (ps.length >= (s.partitions ?? 1) && ps.every((p) => p.leader >= 0)) return created;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`topic ${topicOf(key)} has no leader yet${last ? ` (${(last as Error).message})` : ''}`);
}

function isTopicExists(e: unknown): boolean {
  const err = e as { type?: string; errors?: { type?: string }[] };
  return err.type === 'TOPIC_ALREADY_EXISTS' || (Array.isArray(err.errors) && err.errors.length > 0 && err.errors.every((x) => x.type === 'TOPIC_ALREADY_EXISTS'));
}

/**
 * The node ids leading at least one partition of a faultline topic (`faultline-*`), from the
 * cluster's metadata as the brokers reached through `brokers` see it.
 */
export async function partitionLeaders(brokers: readonly string[]): Promise<number[]> {
  return withAdmin(brokers, async (a) => {
    const topics = (await a.listTopics()).filter((t) => keyOf(t) !== undefined);
    if (topics.length === 0) return [];
    const meta = await a.fetchTopicMetadata({ topics });
    const leaders = new Set<number>();
    for (const t of meta.topics) for (const p of t.partitions) if (p.leader >= 0) leaders.add(p.leader);
    return [...leaders].sort((x, y) => x - y);
  }, 3_000);
}

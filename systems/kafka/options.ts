/**
 * The run options the Kafka system reads (CLI flags or the config file), validated once.
 * Pure.
 */
import { UsageError } from '../../core/errors.js';
import { orderingPartitions } from './ordering.js';

/** Kafka's options. */
export interface KafkaOptions {
  /**
   * Weak mode (option `kafkaWeak`, flag `--kafka-weak`): producers send with acks=1 and no
   * idempotence or retries; brokers run with `min.insync.replicas=1` and
   * `unclean.leader.election.enable=true`. Default false (acks=all, idempotent, min ISR 2,
   * no unclean election).
   */
  weak: boolean;
  /**
   * External mode (option `bootstrap`, flag `--bootstrap`): `host:port` of brokers of a
   * Kafka-protocol cluster the user runs; faultline starts no Kafka of its own. Undefined:
   * faultline's own KRaft cluster on the nodes.
   */
  bootstrap: readonly string[] | undefined;
  /** kafkajs request timeout, ms: 80 % of the run's `opTimeoutMs` (default 5000), at least 1000. */
  requestTimeoutMs: number;
  /**
   * Longest a poll waits for records, ms (the broker holds an empty Fetch this long; a group
   * consumer's poll waits this long for deliveries). Default 50: an empty poll costs little.
   */
  pollWaitMs: number;
  /** Replicas of a stream topic faultline creates. Default 3 (fewer when the cluster has fewer brokers). */
  replicationFactor: number;
  /**
   * Ordering-key mode (run options `queueOrderingKeys: true` and `queueKeys`, flag
   * `--ordering-keys <n>`): the partitions of the one ordered topic the keys share
   * (ordering.ts). Undefined: one topic of one partition per key.
   */
  orderedPartitions: number | undefined;
}

/**
 * `host:port` entries of a `--bootstrap` list (`a:9092,b:9092`), trimmed. Pure.
 * @throws UsageError naming `--bootstrap` and quoting the bad entry
 */
export function parseBootstrap(text: string): string[] {
  const entries = text.split(',').map((s) => s.trim());
  if (entries.length === 0 || entries.every((e) => e === '')) throw new UsageError('--bootstrap: expected host:port[,host:port...], got ""');
  for (const e of entries) {
    const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9][A-Za-z0-9._-]*):(\d{1,5})$/.exec(e);
    if (m === null || Number(m[2]) < 1 || Number(m[2]) > 65_535) throw new UsageError(`--bootstrap: expected host:port, got ${JSON.stringify(e)}`);
  }
  return entries;
}

/**
 * Reads {@link KafkaOptions} from a run's options (`kafkaWeak`, `bootstrap` as a list or a
 * comma-separated string, `opTimeoutMs`, `queueOrderingKeys` with `queueKeys` (default 8, the
 * queue workload's)), with defaults.
 * @throws UsageError quoting a value of the wrong type
 */
export function kafkaOptions(options: Readonly<Record<string, unknown>>): KafkaOptions {
  const weak = options.kafkaWeak ?? false;
  if (typeof weak !== 'boolean') throw new UsageError(`kafkaWeak must be true or false, got ${JSON.stringify(weak)}`);
  const b = options.bootstrap;
  let bootstrap: string[] | undefined;
  if (typeof b === 'string') bootstrap = parseBootstrap(b);
  else if (Array.isArray(b) && b.every((x) => typeof x === 'string')) bootstrap = parseBootstrap(b.join(','));
  else if (b !== undefined && b !== null) throw new UsageError(`bootstrap must be a list of host:port, got ${JSON.stringify(b)}`);
  const op = options.opTimeoutMs ?? 5_000;
  if (typeof op !== 'number' || !Number.isFinite(op) || op <= 0) throw new UsageError(`opTimeoutMs must be a positive number of ms, got ${JSON.stringify(op)}`);
  const ordered = options.queueOrderingKeys ?? false;
  if (typeof ordered !== 'boolean') throw new UsageError(`queueOrderingKeys must be true or false, got ${JSON.stringify(ordered)}`);
  const keys = options.queueKeys ?? 8;
  if (ordered && (typeof keys !== 'number' || !Number.isSafeInteger(keys) || keys < 1)) throw new UsageError(`queueKeys must be a positive integer, got ${JSON.stringify(keys)}`);
  return {
    weak,
    bootstrap,
    requestTimeoutMs: Math.max(1_000, Math.floor(op * 0.8)),
    pollWaitMs: 50,
    replicationFactor: 3,
    orderedPartitions: ordered ? orderingPartitions(keys as number) : undefined,
  };
}

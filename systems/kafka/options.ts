/**
 * The run options the Kafka system reads (CLI flags or the config file), validated once.
 * Pure.
 */
import { UsageError, quote } from '../../core/errors.js';
import { booleanValue, integerValue, show, type OptionSpec, type RunOptions } from '../../core/options/spec.js';
import { integerIn } from '../../core/options/values.js';
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

/**
 * Brokers of an external cluster as `host:port` entries, from a comma-separated string or a
 * list. Pure.
 * @throws UsageError `label: expected host:port[,host:port...], got "<entry>"`
 */
function bootstrapList(value: unknown, label: string): readonly string[] {
  const text = typeof value === 'string' ? value : Array.isArray(value) && value.every((x) => typeof x === 'string') ? value.join(',') : undefined;
  if (text === undefined) throw new UsageError(`${label}: expected host:port[,host:port...], got ${show(value)}`);
  const entries = text.split(',').map((e) => e.trim());
  for (const e of entries) {
    const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9][A-Za-z0-9._-]*):(\d{1,5})$/.exec(e);
    if (m === null || Number(m[2]) < 1 || Number(m[2]) > 65_535) throw new UsageError(`${label}: expected host:port[,host:port...], got ${quote(e)}`);
  }
  return Object.freeze(entries);
}

/** Kafka's options as `faultline test kafka --help` lists them and the config file takes them. */
export const KAFKA_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'kafkaWeak', type: 'boolean', default: false, flag: '--kafka-weak',
    help: 'weak mode — producers acks=1 without idempotence, brokers min.insync.replicas=1 and unclean.leader.election.enable=true (leader kills can lose acknowledged writes)',
    fromFlag: () => true, parse: booleanValue, describe: (v) => (v ? 'weak mode (acks=1, min ISR 1, unclean election)' : ''),
  },
  {
    key: 'bootstrap', type: 'host:port list', flag: '--bootstrap <host:port,...>',
    help: 'run the queue workload against an external Kafka-protocol cluster (Kafka, Redpanda, HStreamDB 0.20+) at these brokers; no containers, --nemesis none',
    fromFlag: (raw, label) => bootstrapList(raw, label), parse: bootstrapList,
    describe: (v) => `external cluster at ${(v as readonly string[]).join(',')}`,
  },
  {
    key: 'orderingKeys', type: 'integer 2..64', flag: '--ordering-keys <n>',
    help: 'queue workload: ordering-key mode (HStreamDB style) — n ordering keys as message keys on a third as many partitions of one topic, order checked per key',
    fromFlag: (raw, label) => integerIn(label, String(raw), 2, 64), parse: (v, label) => integerValue(v, label, 2, 64),
    toOptions: (n) => ({ orderingKeys: n, queueOrderingKeys: true, queueKeys: n }), describe: (n) => `${n as number} ordering keys`,
  },
];

/** External mode: brokers given with `bootstrap`. Pure. */
export function kafkaExternal(options: RunOptions): boolean {
  return options.bootstrap !== undefined;
}

/**
 * Kafka's options taken together: weak mode configures faultline's own brokers (not with
 * `bootstrap`); an external cluster takes no nemesis; ordering keys are for the queue workload.
 * @throws UsageError naming the options as the user set them
 */
export function kafkaCheck(options: RunOptions, label: (key: string) => string): void {
  const external = kafkaExternal(options);
  if (external && options.kafkaWeak === true) {
    throw new UsageError(`${label('kafkaWeak')}: configures faultline's own Kafka brokers; it cannot be combined with ${label('bootstrap')} (an external cluster)`);
  }
  const nemesis = Array.isArray(options.nemesis) ? (options.nemesis as string[]) : [];
  if (external && nemesis.length > 0) {
    throw new UsageError(`${label('nemesis')}: an external cluster (${label('bootstrap')}) has no nodes faultline can reach; give --nemesis none, got ${quote(nemesis.join(','))}`);
  }
  if (options.queueOrderingKeys === true && options.workload !== 'queue') {
    throw new UsageError(`${label('orderingKeys')}: applies to workload queue only, not ${quote(String(options.workload))}`);
  }
}

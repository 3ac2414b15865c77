/**
 * The configuration of one `faultline test` run: flags resolved once, over defaults, into a
 * frozen {@link TestConfig} that is stored with the run (test.json `options`) and handed to
 * every plug-in as `RunContext.options`. Pure: the random seed comes in as a function.
 */
import { resolve } from 'node:path';
import { DEFAULTS, MAX_NODES, checkClusterName, parseSubnet } from '../../clusters/cluster-spec.js';
import { UsageError, quote } from '../../core/errors.js';
import { WORKLOAD_NAMES, isWorkloadName, type WorkloadName } from '../../workloads/index.js';
import { concurrency, integerIn, nemesisList, positiveNumber, probability, seed, systemOnly } from './config-values.js';
import { txnFlags } from './txn-flags.js';
import { nodeNames } from '../../core/stub-cluster.js';

/** The flags of `faultline test` as commander hands them over (strings, booleans, or absent). */
export interface RawTestFlags {
  workload?: string;
  nodes?: string;
  timeLimit?: string;
  concurrency?: string;
  rate?: string;
  nemesis?: string;
  nemesisInterval?: string;
  seed?: string;
  leaveDbRunning?: boolean;
  store?: string;
  opTimeout?: string;
  cluster?: string;
  subnet?: string;
  etcdSerializableReads?: boolean;
  /** zookeeper: plain reads, no sync barrier before them. */
  zkNoSyncReads?: boolean;
  /** zookeeper: `forceSync=no` (transactions acknowledged before they are fsynced). */
  zkNoForceSync?: boolean;
  /** `true` for the bare flag, or a probability. */
  memoryStaleReads?: boolean | string;
  /** kafka: acks=1 producers, min ISR 1, unclean leader election. */
  kafkaWeak?: boolean;
  /** kafka: `host:port,...` of an external Kafka-protocol cluster. */
  bootstrap?: string;
  /** kafka, queue: number of ordering keys (ordering-key mode). */
  orderingKeys?: string;
  /** append, wr: active keys. */
  keyCount?: string;
  /** append, wr: micro-ops per transaction, at most. */
  maxTxnLength?: string;
  /** append, wr: writes before a key is replaced. */
  maxWritesPerKey?: string;
  /** append, wr: models the history is checked against (comma list). */
  consistencyModels?: string;
  /** postgres: isolation level of the transactions. */
  pgIsolation?: string;
  /** postgres: read-only transactions on the replicas. */
  pgReplicaReads?: boolean;
  /** postgres: commits wait for this many synchronous standbys. */
  pgSyncStandbys?: string;
  /** herddb: isolation level of the transactions. */
  herddbIsolation?: string;
}

/** What config resolution needs to know about the system. */
export interface SystemFacts {
  name: string;
  /** Workloads it has clients for. */
  workloads: readonly string[];
  /** In-process: no containers, nodes are names. */
  inProcess: boolean;
  /** Nemeses when `--nemesis` is not given. */
  defaultNemesis: readonly string[];
  /** Nemeses it can take; absent = any (nemesis/ checks the names). */
  nemeses?: readonly string[];
}

/** The resolved, frozen configuration of a run. Times in seconds unless the name says ms. */
export interface TestConfig {
  /** `<system>-<workload>`: the folder under the store root. */
  readonly name: string;
  readonly system: string;
  readonly workload: WorkloadName;
  /** Node names n1..nN. */
  readonly nodes: readonly string[];
  /** Client threads (resolved from e.g. `2n`). */
  readonly concurrency: number;
  /** `--concurrency` as given (e.g. `2n`). */
  readonly concurrencySpec: string;
  /** Length of the main phase, s. */
  readonly timeLimitS: number;
  /** Client ops per second, all threads together. */
  readonly rate: number;
  /** Nemesis names; empty = none. */
  readonly nemesis: readonly string[];
  /** Mean time between fault changes, s. */
  readonly nemesisIntervalS: number;
  /** Seed of the schedule (and of the memory system). */
  readonly seed: number;
  /** True when `--seed` was given (a replay). */
  readonly seedGiven: boolean;
  /** Keep the DB and containers at the end. */
  readonly leaveDbRunning: boolean;
  /** Absolute path of the store root. */
  readonly store: string;
  /** Per client op timeout, ms. */
  readonly opTimeoutMs: number;
  /** Local container cluster name and subnet (container systems). */
  readonly cluster: string;
  readonly subnet: string;
  /** In-process system: no cluster up / down, no log collection. */
  readonly inProcess: boolean;
  /** etcd: serializable (possibly stale) reads. */
  readonly etcdSerializableReads: boolean;
  /** zookeeper: a sync barrier before every read (linearizable reads); false = plain reads. */
  readonly zkSyncReads: boolean;
  /** zookeeper: `forceSync=yes` (ZooKeeper's default); false = acknowledged before fsync. */
  readonly zkForceSync: boolean;
  /** memory: probability of a stale read on nodes other than n1; 0 = off. */
  readonly memoryStaleReads: number;
  /** kafka: weak mode (acks=1, min.insync.replicas=1, unclean leader election). */
  readonly kafkaWeak: boolean;
  /** kafka: brokers of an external Kafka-protocol cluster (`host:port`); absent = faultline's own cluster. */
  readonly bootstrap?: readonly string[];
  /** kafka queue, `--ordering-keys n`: ordering-key mode (read by the queue workload, its checker and the Kafka client). */
  readonly queueOrderingKeys?: boolean;
  /** kafka queue, `--ordering-keys n`: the number of ordering keys. */
  readonly queueKeys?: number;
  /** append, wr: `--key-count`, `--max-txn-length`, `--max-writes-per-key`, `--consistency-models` (absent = the workload's defaults). */
  readonly txnKeyCount?: number;
  readonly txnMaxLength?: number;
  readonly txnMaxWritesPerKey?: number;
  readonly consistencyModels?: readonly string[];
  /** postgres: `--pg-isolation`, `--pg-replica-reads`, `--pg-sync-standbys` (absent = the system's defaults). */
  readonly pgIsolation?: string;
  readonly pgReplicaReads?: boolean;
  readonly pgSyncStandbys?: number;
  /** herddb: `--herddb-isolation` (absent = the system's default). */
  readonly herddbIsolation?: string;
  /** Index signature: this object is `RunContext.options`. */
  readonly [option: string]: unknown;
}

/** Defaults of `faultline test`. */
export const TEST_DEFAULTS = {
  workload: 'register',
  nodes: 3,
  timeLimitS: 60,
  concurrency: '2n',
  rate: 100,
  nemesisIntervalS: 10,
  opTimeoutS: 5,
  store: 'store',
  memoryStaleReads: 0.5,
} as const;

/** What resolution needs from the outside world. */
export interface ResolveEnv {
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** A fresh random seed (used when `--seed` is absent). */
  randomSeed: () => number;
}


/**
 * The brokers of `--bootstrap` (kafka only; not with --kafka-weak, which configures
 * faultline's own brokers).
 * @throws UsageError naming the flag and quoting the bad value
 */
function externalBootstrap(system: string, flags: RawTestFlags): string[] {
  systemOnly('--bootstrap', system, 'kafka');
  if (flags.kafkaWeak) throw new UsageError('--kafka-weak: configures faultline\'s own Kafka brokers; it cannot be combined with --bootstrap (an external cluster)');
  const entries = (flags.bootstrap ?? '').split(',').map((e) => e.trim());
  for (const e of entries) {
    const m = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9][A-Za-z0-9._-]*):(\d{1,5})$/.exec(e);
    if (m === null || Number(m[2]) < 1 || Number(m[2]) > 65_535) throw new UsageError(`--bootstrap: expected host:port[,host:port...], got ${quote(e)}`);
  }
  return entries;
}

/**
 * The number of ordering keys of `--ordering-keys` (kafka, workload queue): 2 to 64; the
 * client puts them on a third as many partitions of one topic.
 * @throws UsageError naming the flag and quoting the bad value
 */
function orderingKeyCount(system: string, workload: string, raw: string): number {
  systemOnly('--ordering-keys', system, 'kafka');
  if (workload !== 'queue') throw new UsageError(`--ordering-keys: applies to workload queue only, not ${quote(workload)}`);
  return integerIn('--ordering-keys', raw, 2, 64);
}

/**
 * Resolves the flags of `faultline test <system>` over {@link TEST_DEFAULTS}. Pure.
 * @throws UsageError naming the flag and quoting the bad value
 */
export function resolveTestConfig(system: SystemFacts, flags: RawTestFlags, env: ResolveEnv): TestConfig {
  const workload = flags.workload ?? TEST_DEFAULTS.workload;
  if (!isWorkloadName(workload)) throw new UsageError(`--workload: unknown workload ${quote(workload)} (known: ${WORKLOAD_NAMES.join(', ')})`);
  if (!system.workloads.includes(workload)) {
    throw new UsageError(`--workload: system ${system.name} has no client for ${quote(workload)} (it has: ${system.workloads.join(', ')})`);
  }
  const nodeCount = flags.nodes === undefined ? TEST_DEFAULTS.nodes : integerIn('--nodes', flags.nodes, 1, MAX_NODES);
  const spec = flags.concurrency ?? TEST_DEFAULTS.concurrency;
  const cluster = flags.cluster ?? DEFAULTS.cluster;
  const subnet = flags.subnet ?? DEFAULTS.subnet;
  try {
    checkClusterName(cluster);
  } catch {
    throw new UsageError(`--cluster: expected lowercase letters, digits, - or _ (at most 32), got ${quote(cluster)}`);
  }
  try {
    parseSubnet(subnet);
  } catch (err) {
    throw new UsageError(`--subnet: ${(err as Error).message}`);
  }
  if (flags.etcdSerializableReads) systemOnly('--etcd-serializable-reads', system.name, 'etcd');
  if (flags.zkNoSyncReads) systemOnly('--zk-no-sync-reads', system.name, 'zookeeper');
  if (flags.zkNoForceSync) systemOnly('--zk-no-force-sync', system.name, 'zookeeper');
  if (flags.memoryStaleReads !== undefined && flags.memoryStaleReads !== false) systemOnly('--memory-stale-reads', system.name, 'memory');
  if (flags.kafkaWeak) systemOnly('--kafka-weak', system.name, 'kafka');
  const bootstrap = flags.bootstrap === undefined ? undefined : externalBootstrap(system.name, flags);
  const orderingKeys = flags.orderingKeys === undefined ? undefined : orderingKeyCount(system.name, workload, flags.orderingKeys);
  if (flags.store !== undefined && flags.store.trim() === '') throw new UsageError('--store: expected a directory, got ""');
  const nemesis = flags.nemesis === undefined ? (bootstrap === undefined ? [...system.defaultNemesis] : []) : nemesisList(flags.nemesis);
  if (bootstrap !== undefined && nemesis.length > 0) {
    throw new UsageError(`--nemesis: an external cluster (--bootstrap) has no nodes faultline can reach; give --nemesis none, got ${quote(flags.nemesis ?? '')}`);
  }
  const unsupported = nemesis.find((n) => system.nemeses !== undefined && !system.nemeses.includes(n));
  if (unsupported !== undefined) {
    throw new UsageError(`--nemesis: system ${system.name} cannot take ${quote(unsupported)}${system.inProcess ? ' (its nodes are in-process)' : ''}; it takes: ${system.nemeses?.join(', ')}, none`);
  }
  const givenSeed = flags.seed === undefined ? undefined : seed(flags.seed);
  const config: TestConfig = {
    name: `${system.name}-${workload}`,
    system: system.name,
    workload,
    nodes: nodeNames(nodeCount),
    concurrency: concurrency(spec, nodeCount),
    concurrencySpec: spec,
    timeLimitS: flags.timeLimit === undefined ? TEST_DEFAULTS.timeLimitS : positiveNumber('--time-limit', flags.timeLimit, 'a positive number of seconds', 86_400),
    rate: flags.rate === undefined ? TEST_DEFAULTS.rate : positiveNumber('--rate', flags.rate, 'a positive number of ops per second', 1_000_000),
    nemesis,
    nemesisIntervalS:
      flags.nemesisInterval === undefined ? TEST_DEFAULTS.nemesisIntervalS : positiveNumber('--nemesis-interval', flags.nemesisInterval, 'a positive number of seconds', 86_400),
    seed: givenSeed ?? env.randomSeed(),
    seedGiven: givenSeed !== undefined,
    leaveDbRunning: flags.leaveDbRunning === true,
    store: resolve(env.cwd, flags.store ?? TEST_DEFAULTS.store),
    opTimeoutMs: Math.ceil(
      1000 * (flags.opTimeout === undefined ? TEST_DEFAULTS.opTimeoutS : positiveNumber('--op-timeout', flags.opTimeout, 'a positive number of seconds', 3600)),
    ),
    cluster,
    subnet,
    // An external cluster has no nodes of ours: like in-process, no cluster up / down, no logs.
    inProcess: system.inProcess || bootstrap !== undefined,
    etcdSerializableReads: flags.etcdSerializableReads === true,
    zkSyncReads: flags.zkNoSyncReads !== true,
    zkForceSync: flags.zkNoForceSync !== true,
    memoryStaleReads: flags.memoryStaleReads === undefined ? 0 : probability('--memory-stale-reads', flags.memoryStaleReads, TEST_DEFAULTS.memoryStaleReads),
    kafkaWeak: flags.kafkaWeak === true,
    ...(bootstrap === undefined ? {} : { bootstrap: Object.freeze(bootstrap) }),
    ...(orderingKeys === undefined ? {} : { queueOrderingKeys: true, queueKeys: orderingKeys }),
    ...txnFlags(system.name, workload, flags),
  };
  return Object.freeze({ ...config, nodes: Object.freeze([...config.nodes]), nemesis: Object.freeze([...config.nemesis]) });
}

/** One line describing a config, for the console. Pure. */
export function describeConfig(c: TestConfig): string {
  const nemesis = c.nemesis.length === 0 ? 'no nemesis' : `nemesis ${c.nemesis.join(',')} every ~${c.nemesisIntervalS} s`;
  const extras = [
    c.etcdSerializableReads ? 'serializable reads' : '',
    c.system === 'zookeeper' && !c.zkSyncReads ? 'plain reads (no sync)' : '',
    c.system === 'zookeeper' && c.zkForceSync === false ? 'forceSync=no' : '',
    c.memoryStaleReads > 0 ? `stale reads p=${c.memoryStaleReads}` : '',
    c.kafkaWeak ? 'weak mode (acks=1, min ISR 1, unclean election)' : '',
    c.bootstrap !== undefined ? `external cluster at ${c.bootstrap.join(',')}` : '',
    c.queueOrderingKeys === true ? `${c.queueKeys} ordering keys` : '',
    c.pgIsolation !== undefined ? `isolation ${c.pgIsolation}` : '',
    c.herddbIsolation !== undefined ? `isolation ${c.herddbIsolation}` : '',
    c.pgReplicaReads === true ? 'reads on replicas' : '',
    c.pgSyncStandbys !== undefined ? `${c.pgSyncStandbys} synchronous standbys` : '',
    c.txnKeyCount !== undefined ? `${c.txnKeyCount} keys` : '',
  ].filter(Boolean);
  return `${c.system} ${c.workload}, ${c.nodes.length} nodes, ${c.concurrency} threads, ${c.timeLimitS} s at ${c.rate} ops/s, ${nemesis}, seed ${c.seed}${c.seedGiven ? ' (given)' : ''}${extras.length ? `, ${extras.join(', ')}` : ''}`;
}

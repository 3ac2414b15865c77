/**
 * Where Kafka lives on a node, its KRaft `server.properties`, its log4j configuration, the
 * cluster id, and the command lines that format storage and start the broker+controller JVM
 * under libfaketime. Pure; unit-tested.
 */
import { createHash } from 'node:crypto';
import { faketimeEnv } from '../../clusters/jvm/faketime.js';
import { JAVA_BIN } from '../../clusters/jvm/java.js';

/** Everything faultline keeps on a node for Kafka. */
export const KAFKA_DIR = '/var/lib/faultline-kafka';
/** The broker's and controller's log directory (formatted by StorageTool). */
export const DATA_DIR = `${KAFKA_DIR}/data`;
/** The node's `server.properties`. */
export const CONFIG_FILE = `${KAFKA_DIR}/server.properties`;
/** log4j 1 configuration (console only). */
export const LOG4J_FILE = `${KAFKA_DIR}/log4j.properties`;
/** The JVM's stdout and stderr (appended across restarts; removed by setup only). */
export const LOG_FILE = `${KAFKA_DIR}/kafka.log`;
/** start-stop-daemon's pid file. */
export const PID_FILE = `${KAFKA_DIR}/kafka.pid`;
/** libfaketime's time file: `+0`, `+120`, `-90.5` (seconds of offset from the real clock). */
export const FAKETIME_FILE = `${KAFKA_DIR}/faketime`;
/** Where the jars of `systems/kafka/java` are installed (`installJars`). */
export const LIB_DIR = '/opt/faultline/kafka/lib';
/** The JVM of the `jvm` image. */
export { JAVA_BIN };
/** The server's main class. */
export const MAIN_CLASS = 'kafka.Kafka';
/** The storage formatter's main class. */
export const STORAGE_TOOL = 'kafka.tools.StorageTool';
/**
 * What `pkill -f` / `pgrep -f` match: the server's main class followed by its config file
 * (not StorageTool), written so that the pattern does not match itself.
 */
export const PROCESS_PATTERN = `[k]afka\\.Kafka ${CONFIG_FILE}`;
/** Client (broker) and controller (Raft quorum) ports. */
export const BROKER_PORT = 9092;
export const CONTROLLER_PORT = 9093;
/** Heap of each node's JVM (the machine is shared: keep it small). */
export const HEAP = '-Xmx384m';

/** The durability knobs that differ between the safe and the weak mode. */
export interface KafkaServerMode {
  /** `min.insync.replicas` (safe 2, weak 1). */
  minInsyncReplicas: number;
  /** `unclean.leader.election.enable` (safe false, weak true). */
  uncleanLeaderElection: boolean;
  /**
   * Followers' fetches wait for this many bytes (`replica.fetch.min.bytes`) or
   * `replica.fetch.wait.max.ms`, ms: safe 1 byte (they follow at once), weak 1 MiB / 500 ms, so
   * an acks=1 leader holds up to half a second of acknowledged records no follower has — what a
   * leader kill loses. (acks=all sends, i.e. transactions, wait that long in weak mode.)
   */
  replicaFetchMinBytes: number;
  replicaFetchWaitMs: number;
}

/** The safe mode: an acknowledged (acks=all) write is on at least 2 of 3 replicas; only in-sync replicas lead. */
export const SAFE_MODE: KafkaServerMode = { minInsyncReplicas: 2, uncleanLeaderElection: false, replicaFetchMinBytes: 1, replicaFetchWaitMs: 500 };
/** The weak mode: 1 in-sync replica suffices, any replica may lead, followers trail by up to 500 ms (with acks=1 clients, leader kills lose acknowledged writes). */
export const WEAK_MODE: KafkaServerMode = { minInsyncReplicas: 1, uncleanLeaderElection: true, replicaFetchMinBytes: 1_048_576, replicaFetchWaitMs: 500 };

/** The KRaft node id of `node`: its 1-based position in `nodes`. Pure. @throws Error for an unknown node */
export function nodeId(node: string, nodes: readonly string[]): number {
  const i = nodes.indexOf(node);
  if (i < 0) throw new Error(`node ${JSON.stringify(node)} is not one of ${nodes.join(', ')}`);
  return i + 1;
}

function hostOf(addresses: Readonly<Record<string, string>>, node: string): string {
  const a = addresses[node];
  if (a === undefined || a === '') throw new Error(`no address for node ${JSON.stringify(node)}`);
  return a.includes(':') ? `[${a}]` : a;
}

/**
 * The cluster id every node formats its storage with: 16 bytes of a SHA-256 of the node names
 * and addresses, base64url without padding (Kafka's Uuid text form, 22 characters). The same
 * cluster gets the same id on every node and every run. Pure.
 */
export function clusterId(nodes: readonly string[], addresses: Readonly<Record<string, string>>): string {
  const h = createHash('sha256').update(nodes.map((n) => `${n}=${addresses[n] ?? ''}`).join(',')).digest();
  return h.subarray(0, 16).toString('base64url');
}

/** `controller.quorum.voters`: `<id>@<address>:9093` for every node. Pure. */
export function quorumVoters(nodes: readonly string[], addresses: Readonly<Record<string, string>>): string {
  return nodes.map((n, i) => `${i + 1}@${hostOf(addresses, n)}:${CONTROLLER_PORT}`).join(',');
}

/**
 * The `server.properties` of `node` in a KRaft cluster of all `nodes` (at least 3), every node
 * both broker and controller: listeners on the node's address, replication factor 3 for
 * topics and internal topics, `min.insync.replicas`, unclean election and how followers
 * batch their fetches from `mode`, topics created only on request, quick failure detection
 * (broker session 6 s, replica lag 10 s, no initial rebalance delay). Pure.
 * @throws Error for fewer than 3 nodes or a node without an address
 */
export function serverProperties(node: string, nodes: readonly string[], addresses: Readonly<Record<string, string>>, mode: KafkaServerMode = SAFE_MODE): string {
  if (nodes.length < 3) throw new Error(`a Kafka cluster needs at least 3 nodes, got ${nodes.length}`);
  const host = hostOf(addresses, node);
  const rf = Math.min(3, nodes.length);
  return [
    'process.roles=broker,controller',
    `node.id=${nodeId(node, nodes)}`,
    `controller.quorum.voters=${quorumVoters(nodes, addresses)}`,
    `listeners=PLAINTEXT://${host}:${BROKER_PORT},CONTROLLER://${host}:${CONTROLLER_PORT}`,
    `advertised.listeners=PLAINTEXT://${host}:${BROKER_PORT}`,
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    `log.dirs=${DATA_DIR}`,
    'num.partitions=1',
    `default.replication.factor=${rf}`,
    `min.insync.replicas=${mode.minInsyncReplicas}`,
    `unclean.leader.election.enable=${mode.uncleanLeaderElection}`,
    'auto.create.topics.enable=false',
    `offsets.topic.replication.factor=${rf}`,
    'offsets.topic.num.partitions=3',
    `transaction.state.log.replication.factor=${rf}`,
    `transaction.state.log.min.isr=${Math.min(2, rf)}`,
    'transaction.state.log.num.partitions=3',
    'group.initial.rebalance.delay.ms=0',
    'broker.heartbeat.interval.ms=1000',
    'broker.session.timeout.ms=6000',
    'replica.lag.time.max.ms=10000',
    `replica.fetch.min.bytes=${mode.replicaFetchMinBytes}`,
    `replica.fetch.wait.max.ms=${mode.replicaFetchWaitMs}`,
    'num.network.threads=2',
    'num.io.threads=4',
    'num.recovery.threads.per.data.dir=1',
    'log.segment.bytes=16777216',
    '',
  ].join('\n');
}

/** log4j 1 configuration: everything to the console at INFO, chatty request and state-change loggers at WARN. Pure. */
export function log4jProperties(): string {
  return [
    'log4j.rootLogger=INFO, stdout',
    'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
    'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka.request.logger=WARN',
    'log4j.logger.org.apache.kafka.clients=WARN',
    'log4j.logger.state.change.logger=WARN',
    'log4j.logger.kafka.log.LogCleaner=WARN',
    '',
  ].join('\n');
}

/** JVM flags shared by the server and StorageTool: capped heap, quick start on shared cores. */
function jvmFlags(heap: string): string[] {
  return [heap, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true', `-Dlog4j.configuration=file:${LOG4J_FILE}`, '-cp', `${LIB_DIR}/*`];
}

/** The argv that formats {@link DATA_DIR} for cluster `id` (a no-op on formatted storage). Pure. */
export function formatArgv(id: string): string[] {
  return [JAVA_BIN, ...jvmFlags('-Xmx128m'), STORAGE_TOOL, 'format', '-t', id, '-c', CONFIG_FILE, '--ignore-formatted'];
}

/**
 * The argv that starts the server in the background (start-stop-daemon through `env`, so the
 * JVM gets libfaketime's environment from {@link faketimeEnv} with {@link FAKETIME_FILE}) with
 * its output appended to {@link LOG_FILE} and its pid in {@link PID_FILE}; does nothing when
 * that JVM already runs. Pure.
 */
export function startArgv(heap = HEAP): string[] {
  return [
    'start-stop-daemon', '--start', '--oknodo', '--background',
    '--make-pidfile', '--pidfile', PID_FILE, '--output', LOG_FILE, '--chdir', KAFKA_DIR,
    '--exec', JAVA_BIN, '--startas', '/usr/bin/env', '--',
    ...faketimeEnv(FAKETIME_FILE), JAVA_BIN, ...jvmFlags(heap), MAIN_CLASS, CONFIG_FILE,
  ];
}

/** The topic that stands for stream key `key` (one topic of one partition per key). Pure. */
export function topicOf(key: string): string {
  return `faultline-${key}`;
}

/** The stream key of a faultline topic, undefined for other topics. Pure. */
export function keyOf(topic: string): string | undefined {
  return topic.startsWith('faultline-') ? topic.slice('faultline-'.length) : undefined;
}

/**
 * Where HerdDB lives on a node, its per-node `server.properties` (cluster mode: metadata in the
 * ZooKeeper ensemble, an embedded bookie advertising the node's address, fsync on), the JDBC
 * address of the cluster, and the command line that starts our launcher under libfaketime.
 * Pure; unit-tested.
 */
import { faketimeEnv } from '../../clusters/jvm/faketime.js';
import { JAVA_BIN } from '../../clusters/jvm/java.js';
import { FAKETIME_FILE, CLIENT_PORT as ZK_PORT } from '../../clusters/jvm/zookeeper/config.js';

/** Everything faultline keeps on a node for HerdDB (data, config, log). */
export const HERDDB_DIR = '/var/lib/faultline-herddb';
/** The server's base directory (tablespace data, bookie journal and ledgers). */
export const DATA_DIR = `${HERDDB_DIR}/data`;
/** The server configuration. */
export const CONFIG_FILE = `${HERDDB_DIR}/server.properties`;
/** The JVM's stdout and stderr (appended across restarts; removed by setup only). */
export const LOG_FILE = `${HERDDB_DIR}/herddb.log`;
/** start-stop-daemon's pid file. */
export const PID_FILE = `${HERDDB_DIR}/herddb.pid`;
/** Where the jars (HerdDB 0.29.0 and our launcher) are unpacked; kept across runs (content-hashed). */
export const LIB_DIR = '/opt/faultline/herddb/lib';
/**
 * The clock file: ZooKeeper's, so one offset per node reaches both JVMs there (the ensemble
 * member and the HerdDB server with its bookie).
 */
export const CLOCK_FILE = FAKETIME_FILE;
/** Our launcher's main class (herddb-services' ServerMain is not published). */
export const LAUNCHER_CLASS = 'faultline.herddb.Launcher';
/** The bridge's main class (runs on the controller). */
export const BRIDGE_CLASS = 'faultline.herddb.Bridge';
/** What `pkill -f` / `pgrep -f` match; the bracket keeps the pattern from matching itself. */
export const PROCESS_PATTERN = '[f]aultline\\.herddb\\.Launcher';
/** HerdDB's client port and the embedded bookie's port. */
export const SERVER_PORT = 7000;
export const BOOKIE_PORT = 3181;
/** The ZooKeeper path HerdDB keeps its metadata under. */
export const ZK_PATH = '/herd';
/** The replicated tablespace every workload uses (HerdDB's default tablespace). */
export const TABLESPACE = 'herd';
/** Default JVM heap cap, MB. */
export const DEFAULT_HEAP_MB = 384;

/** The ZooKeeper connect string of the ensemble on `nodes` (`ip:2181,...`). Pure. @throws Error for a node without an address */
export function zkConnect(nodes: readonly string[], addresses: Readonly<Record<string, string>>): string {
  return nodes
    .map((n) => {
      const a = addresses[n];
      if (a === undefined || a === '') throw new Error(`no address for node ${JSON.stringify(n)}`);
      return `${a.includes(':') ? `[${a}]` : a}:${ZK_PORT}`;
    })
    .join(',');
}

/** The JDBC URL of the cluster: discovery through ZooKeeper, so the driver finds each tablespace's leader. Pure. */
export function jdbcUrl(nodes: readonly string[], addresses: Readonly<Record<string, string>>): string {
  return `jdbc:herddb:zookeeper:${zkConnect(nodes, addresses)}${ZK_PATH}`;
}

/** Our launcher's own `server.properties` key (HerdDB ignores it) that turns on {@link ServerPropertiesOptions.traceApply}. */
export const TRACE_APPLY_PROP = 'faultline.trace.apply';

/** Knobs of {@link serverProperties}. */
export interface ServerPropertiesOptions {
  /** ZooKeeper session timeout, ms. Default 10 000 (HerdDB's 40 s would make failover slow). */
  zkSessionTimeoutMs?: number;
  /**
   * Have the launcher log every entry the server applies from or to its log (HerdDB's
   * `TableSpaceManager` at FINEST: position, type, transaction id, table) — for tracing how
   * a replica replays transactions across leader changes. Default false (the log grows fast).
   */
  traceApply?: boolean;
}

/**
 * The `server.properties` of `node`: cluster mode, node id = the node's name, listening on
 * all interfaces and advertising the node's address, metadata under {@link ZK_PATH} in the
 * ensemble on all nodes, an embedded bookie on {@link BOOKIE_PORT} advertising the node's
 * address (without it, bookies on hosts that share a hostname collide), ledgers on 2 of 3
 * bookies with both acks, fsync on, row locks waited for at most 2 s, a vanished client's
 * transaction rolled back after 10 s. Pure.
 * @throws Error for a node without an address
 */
export function serverProperties(node: string, nodes: readonly string[], addresses: Readonly<Record<string, string>>, opts: ServerPropertiesOptions = {}): string {
  const address = addresses[node];
  if (address === undefined || address === '') throw new Error(`no address for node ${JSON.stringify(node)}`);
  return [
    '# written by faultline (systems/herddb/config.ts)',
    'server.mode=cluster',
    `server.node.id=${node}`,
    'server.host=0.0.0.0',
    `server.advertised.host=${address}`,
    `server.port=${SERVER_PORT}`,
    `server.advertised.port=${SERVER_PORT}`,
    `server.base.dir=${DATA_DIR}`,
    `server.zookeeper.address=${zkConnect(nodes, addresses)}`,
    `server.zookeeper.path=${ZK_PATH}`,
    `server.zookeeper.session.timeout=${opts.zkSessionTimeoutMs ?? 10_000}`,
    'server.bookkeeper.start=true',
    `server.bookkeeper.port=${BOOKIE_PORT}`,
    `bookie.advertisedAddress=${address}`,
    'server.bookkeeper.ensemble.size=2',
    'server.bookkeeper.write.quorum.size=2',
    'server.bookkeeper.ack.quorum.size=2',
    'requirefsync=true',
    // HerdDB waits up to 30 min for a row lock and keeps a dead client's transaction 15 min:
    // two transactions locking rows in opposite orders would stall the tables for the run.
    // A lock not granted within 2 s fails the statement (a rejection: nothing applied) and a
    // transaction whose client vanished is rolled back after 10 s.
    'server.tablemanager.writelocktimeout=2',
    'server.tablemanager.readlocktimeout=2',
    'server.abandoned.transactions.timeout=10000',
    'server.jmx.enable=false',
    'http.enable=false',
    'server.memory.max.limit=134217728',
    ...(opts.traceApply === true ? [`${TRACE_APPLY_PROP}=true`] : []),
    '',
  ].join('\n');
}

/**
 * The argv that starts our launcher in the background (start-stop-daemon through `env` so the
 * JVM reads its clock through libfaketime and {@link CLOCK_FILE}), heap capped at `heapMb`,
 * output appended to {@link LOG_FILE}; does nothing when that JVM already runs. Pure.
 */
export function startArgv(heapMb = DEFAULT_HEAP_MB): string[] {
  return [
    'start-stop-daemon', '--start', '--oknodo', '--background',
    '--make-pidfile', '--pidfile', PID_FILE, '--output', LOG_FILE, '--chdir', HERDDB_DIR,
    '--exec', JAVA_BIN, '--startas', '/usr/bin/env', '--',
    ...faketimeEnv(CLOCK_FILE), JAVA_BIN,
    `-Xmx${heapMb}m`, `-XX:MaxDirectMemorySize=${heapMb}m`, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1',
    '-Djava.net.preferIPv4Stack=true', '-Dio.netty.tryReflectionSetAccessible=true',
    '--add-opens', 'java.base/java.nio=ALL-UNNAMED', '--add-opens', 'java.base/jdk.internal.misc=ALL-UNNAMED',
    '-cp', `${LIB_DIR}/*`, LAUNCHER_CLASS, CONFIG_FILE,
  ];
}

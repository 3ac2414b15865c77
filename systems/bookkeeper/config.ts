/**
 * Where a bookie lives on a node, its configuration file, its logging configuration and the
 * command lines that format the cluster's metadata and start the bookie JVM in the background
 * under libfaketime (the same time file as the node's ZooKeeper, so one clock nemesis moves
 * both). Pure; unit-tested.
 */
import { faketimeEnv } from '../../clusters/jvm/faketime.js';
import { JAVA_BIN } from '../../clusters/jvm/java.js';
import { CLIENT_PORT, FAKETIME_FILE } from '../../clusters/jvm/zookeeper/config.js';

/** Everything faultline keeps on a node for its bookie. */
export const BK_DIR = '/var/lib/faultline-bookkeeper';
/** Journal directory (fsynced before an add is acknowledged). */
export const JOURNAL_DIR = `${BK_DIR}/journal`;
/** Ledger (entry log and index) directory. */
export const LEDGER_DIR = `${BK_DIR}/ledgers`;
/** The bookie's configuration. */
export const CONFIG_FILE = `${BK_DIR}/bk_server.conf`;
/** log4j2 configuration of the bookie: INFO to the console, i.e. to {@link LOG_FILE}. */
export const LOG4J_FILE = `${BK_DIR}/log4j2.properties`;
/** The bookie JVM's stdout and stderr (appended across restarts; removed by setup only). */
export const LOG_FILE = `${BK_DIR}/bookie.log`;
/** start-stop-daemon's pid file. */
export const PID_FILE = `${BK_DIR}/bookie.pid`;
/** Where the jars of `systems/bookkeeper/java` (BookKeeper 4.16 and its dependencies) are installed. */
export const LIB_DIR = '/opt/faultline/bookkeeper/lib';
/** The bookie's port. */
export const BOOKIE_PORT = 3181;
/** The ledger metadata root in ZooKeeper. */
export const LEDGERS_ROOT = '/ledgers';
/** The bookie's main class. */
export const MAIN_CLASS = 'org.apache.bookkeeper.server.Main';
/** The shell that formats the cluster's metadata. */
export const SHELL_CLASS = 'org.apache.bookkeeper.bookie.BookieShell';
/** What `pkill -f` / `pgrep -f` match: the bookie's main class, written so that it does not match itself. */
export const PROCESS_PATTERN = '[o]rg\\.apache\\.bookkeeper\\.server\\.Main';
/** The metadata the BookKeeper version is read from. */
export const VERSION_JAR_GLOB = `${LIB_DIR}/bookkeeper-server-*.jar`;

/**
 * The metadata service URI of a cluster whose ZooKeeper runs on every node:
 * `zk+hierarchical://a1:2181;a2:2181;a3:2181/ledgers`. Pure.
 * @throws Error for a node without an address
 */
export function metadataServiceUri(nodes: readonly string[], addresses: Readonly<Record<string, string>>): string {
  const hosts = nodes.map((n) => {
    const a = addresses[n];
    if (a === undefined || a === '') throw new Error(`no address for node ${JSON.stringify(n)}`);
    return `${a.includes(':') ? `[${a}]` : a}:${CLIENT_PORT}`;
  });
  return `zk+hierarchical://${hosts.join(';')}${LEDGERS_ROOT}`;
}

/**
 * The bookie configuration of `node`: metadata on the nodes' ZooKeeper, advertised at the
 * node's address (bookies on containers would otherwise all advertise their hostnames' first
 * address), journal and ledger folders, journal fsync on every group commit, the HTTP server
 * and auto-recovery off, small memory tables (the JVM heap is capped), disk thresholds high
 * (a shared test disk). Pure.
 * @throws Error for a node without an address
 */
export function bookieConf(node: string, nodes: readonly string[], addresses: Readonly<Record<string, string>>): string {
  const address = addresses[node];
  if (address === undefined || address === '') throw new Error(`no address for node ${JSON.stringify(node)}`);
  return [
    `bookiePort=${BOOKIE_PORT}`,
    `advertisedAddress=${address}`,
    'useHostNameAsBookieID=false',
    `metadataServiceUri=${metadataServiceUri(nodes, addresses)}`,
    'zkTimeout=10000',
    `journalDirectories=${JOURNAL_DIR}`,
    `ledgerDirectories=${LEDGER_DIR}`,
    'journalSyncData=true',
    'journalAdaptiveGroupWrites=true',
    'journalMaxGroupWaitMSec=2',
    'journalPreAllocSizeMB=4',
    'ledgerStorageClass=org.apache.bookkeeper.bookie.SortedLedgerStorage',
    'skipListSizeLimit=8388608',
    'entryLogFilePreallocationEnabled=false',
    'entryLogSizeLimit=67108864',
    'httpServerEnabled=false',
    'autoRecoveryDaemonEnabled=false',
    'diskUsageThreshold=0.99',
    'diskUsageWarnThreshold=0.98',
    'diskUsageLwmThreshold=0.97',
    'statsProviderClass=org.apache.bookkeeper.stats.NullStatsProvider',
    '',
  ].join('\n');
}

/** log4j2 configuration of the bookie JVM: INFO and above to the console. Pure. */
export function log4jConf(): string {
  return [
    'status = warn',
    'appender.console.type = Console',
    'appender.console.name = console',
    'appender.console.layout.type = PatternLayout',
    'appender.console.layout.pattern = %d{ISO8601} %-5p [%t] %c{1} - %m%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.console.ref = console',
    'logger.zk.name = org.apache.zookeeper',
    'logger.zk.level = warn',
    '',
  ].join('\n');
}

/** JVM options of the bookie and the shell: capped heap and direct memory, one GC thread, quick start. */
export const JVM_OPTS = ['-Xmx256m', '-XX:MaxDirectMemorySize=256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Dio.netty.leakDetection.level=disabled'];

/**
 * The argv that starts the bookie in the background (start-stop-daemon through `env`, so the
 * JVM gets {@link faketimeEnv} with the node's ZooKeeper time file) with its output appended to
 * {@link LOG_FILE}; does nothing when it already runs. Pure.
 */
export function startArgv(): string[] {
  return [
    'start-stop-daemon', '--start', '--oknodo', '--background',
    '--make-pidfile', '--pidfile', PID_FILE, '--output', LOG_FILE, '--chdir', BK_DIR,
    '--exec', JAVA_BIN, '--startas', '/usr/bin/env', '--',
    ...faketimeEnv(FAKETIME_FILE), JAVA_BIN,
    ...JVM_OPTS, `-Dlog4j.configurationFile=${LOG4J_FILE}`,
    '-cp', `${LIB_DIR}/*`, MAIN_CLASS, '--conf', CONFIG_FILE,
  ];
}

/**
 * The argv that creates the cluster's metadata in ZooKeeper (`BookieShell initnewcluster`):
 * exits non-zero when it already exists. Run once, on the first node, before any bookie can
 * register. Pure.
 */
export function initClusterArgv(): string[] {
  return [JAVA_BIN, ...JVM_OPTS, `-Dlog4j.configurationFile=${LOG4J_FILE}`, '-cp', `${LIB_DIR}/*`, SHELL_CLASS, '-conf', CONFIG_FILE, 'initnewcluster'];
}

/** The BookKeeper version in a jar file name such as `bookkeeper-server-4.16.6.jar`, else undefined. Pure. */
export function versionOfJar(name: string): string | undefined {
  return /bookkeeper-server-([0-9][^/]*?)\.jar$/.exec(name.trim())?.[1];
}

/**
 * Where ZooKeeper lives on a node, its `zoo.cfg`, `myid`, and the command line that starts
 * the JVM in the background under libfaketime (so the clock nemesis can skew it). Pure;
 * unit-tested.
 */
import { faketimeEnv as jvmFaketimeEnv } from '../faketime.js';
import { JAVA_BIN } from '../java.js';

/** Everything faultline keeps on a node for ZooKeeper. */
export const ZK_DIR = '/var/lib/faultline-zookeeper';
/** The server's data directory (snapshots, transaction log, `myid`). */
export const DATA_DIR = `${ZK_DIR}/data`;
/** The ensemble configuration. */
export const CONFIG_FILE = `${ZK_DIR}/zoo.cfg`;
/** The JVM's stdout and stderr (appended across restarts; removed by setup only). */
export const LOG_FILE = `${ZK_DIR}/zookeeper.log`;
/** start-stop-daemon's pid file. */
export const PID_FILE = `${ZK_DIR}/zookeeper.pid`;
/** libfaketime's time file: `+0`, `+120`, `-90.5` (seconds of offset from the real clock). */
export const FAKETIME_FILE = `${ZK_DIR}/faketime`;
/** The server's classpath: Debian's conf folder (log4j.properties), the jar, and an slf4j binding so it logs. */
export const CLASSPATH = '/etc/zookeeper/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar';
/** The server's main class. */
export const MAIN_CLASS = 'org.apache.zookeeper.server.quorum.QuorumPeerMain';
/**
 * What `pkill -f` / `pgrep -f` match: the main class, written so that the pattern does not
 * match itself (a shell wrapping the command would otherwise find its own command line).
 */
export const PROCESS_PATTERN = '[o]rg\\.apache\\.zookeeper\\.server\\.quorum\\.QuorumPeerMain';
/** Client, quorum and leader-election ports. */
export const CLIENT_PORT = 2181;
export const QUORUM_PORT = 2888;
export const ELECTION_PORT = 3888;

/** The server id of `node`: its 1-based position in `nodes`. Pure. @throws Error for an unknown node */
export function myId(node: string, nodes: readonly string[]): number {
  const i = nodes.indexOf(node);
  if (i < 0) throw new Error(`node ${JSON.stringify(node)} is not one of ${nodes.join(', ')}`);
  return i + 1;
}

/** Tick and limits of {@link zooCfg}. */
export interface ZooCfgOptions {
  /** ms. Default 2000 (ZooKeeper's default; JVMs under libfaketime on shared cores need the slack). */
  tickTime?: number;
  /** Ticks a follower may take to connect and sync to a leader. Default 10. */
  initLimit?: number;
  /** Ticks a follower may lag. Default 5. */
  syncLimit?: number;
  /** `forceSync`: fsync each transaction before acknowledging it. Default true (ZooKeeper's). */
  forceSync?: boolean;
}

/**
 * The `zoo.cfg` of an ensemble of all `nodes` (at least 3, each with an address): data
 * folder, client port on all interfaces, `server.<id>=<address>:2888:3888` per node, the
 * four-letter words `srvr`, `ruok` and `stat` allowed, the admin HTTP server off. The same
 * text on every node. Pure.
 * @throws Error for fewer than 3 nodes or a node without an address
 */
export function zooCfg(nodes: readonly string[], addresses: Readonly<Record<string, string>>, opts: ZooCfgOptions = {}): string {
  if (nodes.length < 3) throw new Error(`a ZooKeeper ensemble needs at least 3 nodes, got ${nodes.length}`);
  const servers = nodes.map((n, i) => {
    const a = addresses[n];
    if (a === undefined || a === '') throw new Error(`no address for node ${JSON.stringify(n)}`);
    const host = a.includes(':') ? `[${a}]` : a;
    return `server.${i + 1}=${host}:${QUORUM_PORT}:${ELECTION_PORT}`;
  });
  return [
    `tickTime=${opts.tickTime ?? 2000}`,
    `initLimit=${opts.initLimit ?? 10}`,
    `syncLimit=${opts.syncLimit ?? 5}`,
    `dataDir=${DATA_DIR}`,
    `clientPort=${CLIENT_PORT}`,
    'clientPortAddress=0.0.0.0',
    'quorumListenOnAllIPs=true',
    '4lw.commands.whitelist=srvr,ruok,stat',
    'admin.enableServer=false',
    'standaloneEnabled=false',
    ...(opts.forceSync === false ? ['forceSync=no'] : []),
    ...servers,
    '',
  ].join('\n');
}

/** libfaketime's environment ({@link jvmFaketimeEnv}) reading {@link FAKETIME_FILE} by default. Pure. */
export function faketimeEnv(file = FAKETIME_FILE): string[] {
  return jvmFaketimeEnv(file);
}

/**
 * The argv that starts the server in the background (start-stop-daemon through `env`, so the
 * JVM gets {@link faketimeEnv}) with its output appended to {@link LOG_FILE}, its pid in
 * {@link PID_FILE}; does nothing when that JVM already runs. Pure.
 */
export function startArgv(): string[] {
  return [
    'start-stop-daemon', '--start', '--oknodo', '--background',
    '--make-pidfile', '--pidfile', PID_FILE, '--output', LOG_FILE, '--chdir', ZK_DIR,
    '--exec', JAVA_BIN, '--startas', '/usr/bin/env', '--',
    ...faketimeEnv(), JAVA_BIN,
    // Elections retry at most every 2 s (default backs off to 60 s: slow to form when peers start a little apart).
    '-Dzookeeper.fastleader.maxNotificationInterval=2000', '-Dzookeeper.cnxTimeout=2000',
    // Quicker start on shared cores: one GC thread, no optimizing JIT.
    '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1',
    '-Xmx256m', '-Dzookeeper.root.logger=INFO,CONSOLE', '-Dzookeeper.log.dir=' + ZK_DIR,
    '-Dlog4j.configuration=file:/etc/zookeeper/conf/log4j.properties',
    '-cp', CLASSPATH, MAIN_CLASS, CONFIG_FILE,
  ];
}

/** The version in a `srvr` answer (`Zookeeper version: 3.8.0-..., built on ...`), else undefined. Pure. */
export function versionOf(srvr: string): string | undefined {
  return /Zookeeper version:\s*([0-9][^-,\s]*)/.exec(srvr)?.[1];
}

/** The mode in a `srvr` answer (`leader`, `follower`, `observer`), else undefined. Pure. */
export function modeOf(srvr: string): string | undefined {
  return /Mode:\s*(\w+)/.exec(srvr)?.[1];
}

/**
 * Where etcd lives on a node and the command line that starts it as a member of a static
 * cluster of all nodes. Pure; unit-tested.
 */
import { createHash } from 'node:crypto';

/** Everything faultline keeps on a node for etcd. */
export const ETCD_DIR = '/var/lib/faultline-etcd';
/** The member's data directory (removed by setup and teardown). */
export const DATA_DIR = `${ETCD_DIR}/data`;
/** etcd's log (stdout and stderr, appended across restarts; removed by setup only). */
export const LOG_FILE = `${ETCD_DIR}/etcd.log`;
/** start-stop-daemon's pid file. */
export const PID_FILE = `${ETCD_DIR}/etcd.pid`;
/** Debian's etcd binary (package `etcd-server`). */
export const ETCD_BIN = '/usr/bin/etcd';
/** Peer (raft) port. */
export const PEER_PORT = 2380;

/** A URL for `address:port`, with IPv6 addresses in brackets. Pure. */
function url(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}

/**
 * The initial-cluster token of a run: `faultline-` and a hash of the run folder, so members of
 * another (crashed) run never join this cluster. Pure.
 */
export function clusterToken(runDir: string): string {
  return `faultline-${createHash('sha256').update(runDir).digest('hex').slice(0, 12)}`;
}

/**
 * etcd's flags for `node`: member name = node name, listening on all interfaces, advertising
 * its address, `--initial-cluster` of every node by address, state `new` (ignored once the
 * data directory holds a member, so a restart after a kill uses the same flags), zap logs to
 * stderr. Pure.
 * @throws Error when a node has no address
 */
export function etcdFlags(node: string, nodes: readonly string[], addresses: Readonly<Record<string, string>>, token: string, clientPort: number): string[] {
  const addr = (n: string): string => {
    const a = addresses[n];
    if (a === undefined) throw new Error(`no address for node ${JSON.stringify(n)}`);
    return a;
  };
  return [
    '--name', node,
    '--data-dir', DATA_DIR,
    '--listen-peer-urls', `http://0.0.0.0:${PEER_PORT}`,
    '--initial-advertise-peer-urls', url(addr(node), PEER_PORT),
    '--listen-client-urls', `http://0.0.0.0:${clientPort}`,
    '--advertise-client-urls', url(addr(node), clientPort),
    '--initial-cluster', nodes.map((n) => `${n}=${url(addr(n), PEER_PORT)}`).join(','),
    '--initial-cluster-state', 'new',
    '--initial-cluster-token', token,
    '--logger', 'zap',
    '--log-outputs', 'stderr',
  ];
}

/**
 * The argv that starts etcd in the background with its output appended to {@link LOG_FILE}
 * and its pid in {@link PID_FILE} (Debian's start-stop-daemon; does nothing when that etcd is
 * already running). Pure.
 */
export function startArgv(flags: readonly string[]): string[] {
  return [
    'start-stop-daemon', '--start', '--oknodo', '--background',
    '--make-pidfile', '--pidfile', PID_FILE, '--output', LOG_FILE,
    '--chdir', ETCD_DIR, '--exec', ETCD_BIN, '--', ...flags,
  ];
}

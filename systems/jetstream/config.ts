/**
 * Where NATS JetStream lives on a node, its server configuration, and the command line that
 * starts `nats-server` in the background. Pure; unit-tested.
 *
 * Every node runs one `nats-server` (Debian's 2.9.10) with JetStream on, its file store under
 * {@link STORE_DIR}, a cluster block named {@link CLUSTER_NAME} with routes to every other
 * node, and the HTTP monitoring endpoint on {@link MONITOR_PORT} (`/healthz`, `/varz`, `/jsz`).
 * The server name is the node name, so `/jsz` names leaders by node.
 */

/** Everything faultline keeps on a node for JetStream. */
export const JS_DIR = '/var/lib/faultline-jetstream';
/** JetStream's file store (streams, consumers, the meta group's raft log). */
export const STORE_DIR = `${JS_DIR}/store`;
/** The server configuration. */
export const CONFIG_FILE = `${JS_DIR}/nats-server.conf`;
/** The server's stdout and stderr (appended across restarts; removed by setup only). */
export const LOG_FILE = `${JS_DIR}/nats-server.log`;
/** start-stop-daemon's pid file. */
export const PID_FILE = `${JS_DIR}/nats-server.pid`;
/** The server binary (Debian package `nats-server`). */
export const NATS_BIN = '/usr/sbin/nats-server';
/** The process name `pkill -x` / `pgrep -x` match. */
export const PROCESS = 'nats-server';
/** Client, cluster-route and HTTP monitoring ports. */
export const CLIENT_PORT = 4222;
export const ROUTE_PORT = 6222;
export const MONITOR_PORT = 8222;
/** The NATS cluster's name (JetStream in cluster mode needs one). */
export const CLUSTER_NAME = 'faultline';
/**
 * Go's soft memory limit for the server (`GOMEMLIMIT`): the machine is shared, so the heap is
 * kept small like the JVMs' `-Xmx`.
 */
export const GO_MEMORY_LIMIT = '256MiB';

/** Limits of {@link natsConf}. */
export interface NatsConfOptions {
  /** JetStream's memory store limit, bytes. Default 64 MiB (we only use file storage). */
  maxMemoryStore?: number;
  /** JetStream's file store limit, bytes. Default 1 GiB. */
  maxFileStore?: number;
}

/** Host names and addresses we put into the config: no quotes, spaces or shell characters. */
const SAFE_HOST = /^[A-Za-z0-9][A-Za-z0-9.:_-]*$/;

function checkedHost(node: string, a: string | undefined): string {
  if (a === undefined || a === '') throw new Error(`no address for node ${JSON.stringify(node)}`);
  if (!SAFE_HOST.test(a)) throw new Error(`address ${JSON.stringify(a)} of node ${JSON.stringify(node)} is not a plain host name or IP address`);
  return a.includes(':') ? `[${a}]` : a;
}

/** The route URL of `node` (`nats-route://<address>:6222`). Pure. @throws Error for a missing or odd address */
export function routeUrl(node: string, addresses: Readonly<Record<string, string>>): string {
  return `nats-route://${checkedHost(node, addresses[node])}:${ROUTE_PORT}`;
}

/**
 * The `nats-server.conf` of `node` in a cluster of all `nodes` (at least 3, each with an
 * address): server name = node name, clients on all interfaces, monitoring on 8222,
 * JetStream with its file store under {@link STORE_DIR}, and a cluster block whose routes name
 * every other node. Pure.
 * @throws Error for fewer than 3 nodes, `node` not among them, or a node without a plain address
 */
export function natsConf(node: string, nodes: readonly string[], addresses: Readonly<Record<string, string>>, opts: NatsConfOptions = {}): string {
  if (nodes.length < 3) throw new Error(`a JetStream cluster needs at least 3 nodes, got ${nodes.length}`);
  if (!nodes.includes(node)) throw new Error(`node ${JSON.stringify(node)} is not one of ${nodes.join(', ')}`);
  if (!SAFE_HOST.test(node)) throw new Error(`node name ${JSON.stringify(node)} cannot be a NATS server name`);
  const routes = nodes.filter((n) => n !== node).map((n) => `    "${routeUrl(n, addresses)}"`);
  return [
    `server_name: "${node}"`,
    `listen: "0.0.0.0:${CLIENT_PORT}"`,
    `http: "0.0.0.0:${MONITOR_PORT}"`,
    'jetstream {',
    `  store_dir: "${STORE_DIR}"`,
    `  max_memory_store: ${opts.maxMemoryStore ?? 64 * 1024 * 1024}`,
    `  max_file_store: ${opts.maxFileStore ?? 1024 * 1024 * 1024}`,
    '}',
    'cluster {',
    `  name: "${CLUSTER_NAME}"`,
    `  listen: "0.0.0.0:${ROUTE_PORT}"`,
    '  routes: [',
    ...routes,
    '  ]',
    '}',
    '',
  ].join('\n');
}

/**
 * The argv that starts the server in the background (start-stop-daemon through `env`, so it
 * gets {@link GO_MEMORY_LIMIT}) with its output appended to {@link LOG_FILE} and its pid in
 * {@link PID_FILE}; does nothing when a `nats-server` already runs. Pure.
 */
export function startArgv(): string[] {
  return [
    'start-stop-daemon', '--start', '--oknodo', '--background',
    '--make-pidfile', '--pidfile', PID_FILE, '--output', LOG_FILE, '--chdir', JS_DIR,
    '--exec', NATS_BIN, '--startas', '/usr/bin/env', '--',
    `GOMEMLIMIT=${GO_MEMORY_LIMIT}`, NATS_BIN, '-c', CONFIG_FILE,
  ];
}

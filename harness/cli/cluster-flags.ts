/**
 * Validating the flags of `up`, `status`, `exec` and `down` into plain options. Pure (file
 * reads and the home folder are passed in); unit-tested. Bad flags throw {@link UsageError}.
 */
import { join } from 'node:path';
import { DEFAULTS, SpecError, checkClusterName, clusterSpec } from '../../clusters/cluster-spec.js';
import { parseNodesFile, parseNodesFlag, type InventoryNode } from '../../clusters/inventory.js';
import type { SshLogin } from '../../clusters/cluster.js';
import { UsageError, quote } from '../../core/errors.js';

/** The raw flags shared by the cluster commands (as commander gives them). */
export interface ClusterFlags {
  cluster?: string;
  subnet?: string;
  stateDir?: string;
  nodes?: string;
  nodesFile?: string;
  username?: string;
  sshPrivateKey?: string;
  strictHostKeyChecking?: string | boolean;
  knownHosts?: string;
  sshPort?: string;
  image?: string;
  via?: string;
  all?: boolean;
  timeout?: string;
  sh?: boolean;
}

/** Where the nodes come from: a local container cluster, or an SSH inventory. */
export type Target =
  | { kind: 'local'; cluster: string; subnet: string; count: number; image?: string; via: 'docker' | 'ssh' }
  | { kind: 'ssh'; nodes: InventoryNode[]; login: SshLogin };

/** The environment flag validation needs. */
export interface FlagEnv {
  readFile(path: string): string;
  exists(path: string): boolean;
  home: string;
}

/** Parses a positive integer flag, quoting a bad value. Pure. */
export function parseIntFlag(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`${flag} must be an integer ${min}..${max}, got ${quote(value)}`);
  }
  return Number(value);
}

/** `--strict-host-key-checking yes|no` (or the bare negation) as a boolean. Pure. */
export function parseStrict(value: string | boolean | undefined): boolean {
  if (value === undefined || value === true) return true;
  if (value === false) return false;
  if (/^(yes|true|on|1)$/i.test(value)) return true;
  if (/^(no|false|off|0)$/i.test(value)) return false;
  throw new UsageError(`--strict-host-key-checking must be yes or no, got ${quote(value)}`);
}

/** The SSH login from the inventory flags (defaults: root, ~/.ssh keys). */
function login(f: ClusterFlags, env: FlagEnv): SshLogin {
  const strict = parseStrict(f.strictHostKeyChecking);
  const key = f.sshPrivateKey ?? ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((k) => join(env.home, '.ssh', k)).find(env.exists);
  if (!key) throw new UsageError('an SSH inventory needs --ssh-private-key FILE (no ~/.ssh/id_ed25519, id_ecdsa or id_rsa found)');
  if (!env.exists(key)) throw new UsageError(`--ssh-private-key: no such file ${quote(key)}`);
  const known = f.knownHosts ?? join(env.home, '.ssh', 'known_hosts');
  if (strict && !env.exists(known)) {
    throw new UsageError(`strict host key checking needs a known_hosts file: ${quote(known)} does not exist (give --known-hosts FILE, or --strict-host-key-checking no)`);
  }
  if (f.username !== undefined && !/^[A-Za-z_][A-Za-z0-9._-]*$/.test(f.username)) throw new UsageError(`bad --username ${quote(f.username)}`);
  return { username: f.username ?? 'root', privateKeyPath: key, knownHostsPath: env.exists(known) ? known : undefined, strictHostKeyChecking: strict };
}

/**
 * Resolves the flags into a {@link Target}. `--nodes N` (a number) or no inventory flags means a
 * local cluster; `--nodes a,b,c` or `--nodes-file` an SSH inventory.
 * @throws UsageError for bad or conflicting flags
 */
export function resolveTarget(f: ClusterFlags, env: FlagEnv): Target {
  const port = f.sshPort === undefined ? 22 : parseIntFlag('--ssh-port', f.sshPort, 1, 65535);
  const count = f.nodes !== undefined && /^\s*\d+\s*$/.test(f.nodes) ? parseIntFlag('--nodes', f.nodes, 1, 32) : undefined;
  if (f.nodesFile !== undefined && f.nodes !== undefined) throw new UsageError('give --nodes or --nodes-file, not both');
  if (f.nodesFile !== undefined || (f.nodes !== undefined && count === undefined)) {
    if (f.image !== undefined || f.subnet !== undefined) throw new UsageError('--image and --subnet are for local clusters, not SSH inventories');
    let nodes: InventoryNode[];
    if (f.nodesFile !== undefined) {
      if (!env.exists(f.nodesFile)) throw new UsageError(`--nodes-file: no such file ${quote(f.nodesFile)}`);
      nodes = parseNodesFile(env.readFile(f.nodesFile), f.nodesFile, port);
    } else nodes = parseNodesFlag(f.nodes!, port);
    return { kind: 'ssh', nodes, login: login(f, env) };
  }
  for (const flag of ['username', 'sshPrivateKey', 'knownHosts', 'sshPort'] as const) {
    if (f[flag] !== undefined) throw new UsageError(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is for SSH inventories (give --nodes a,b,c or --nodes-file)`);
  }
  const via = f.via ?? 'docker';
  if (via !== 'docker' && via !== 'ssh') throw new UsageError(`--via must be docker or ssh, got ${quote(via)}`);
  const cluster = f.cluster ?? DEFAULTS.cluster;
  const subnet = f.subnet ?? DEFAULTS.subnet;
  try {
    checkClusterName(cluster);
    clusterSpec(cluster, count ?? DEFAULTS.nodes, subnet);
  } catch (err) {
    if (err instanceof SpecError) throw new UsageError(err.message);
    throw err;
  }
  return { kind: 'local', cluster, subnet, count: count ?? DEFAULTS.nodes, via, ...(f.image !== undefined ? { image: f.image } : {}) };
}

/** The nodes `target` (`all`, a name, or `n1,n3`) selects among `nodes`. Pure. @throws UsageError */
export function selectNodes(target: string, nodes: readonly string[]): string[] {
  if (target === 'all') return [...nodes];
  const picked = target.split(',').filter(Boolean);
  const unknown = picked.filter((n) => !nodes.includes(n));
  if (unknown.length || picked.length === 0) throw new UsageError(`no node ${quote(unknown[0] ?? target)} (nodes: ${nodes.join(', ')}, or all)`);
  return picked;
}

/** `--timeout` in ms, or undefined. Pure. */
export function parseTimeout(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseIntFlag('--timeout', value, 1, 86_400_000);
}

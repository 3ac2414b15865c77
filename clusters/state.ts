/**
 * The controller's state folder (default `./.faultline`, or `--state-dir`, or
 * `$FAULTLINE_STATE_DIR`): per cluster its key pair, known_hosts, an SSH inventory and
 * `cluster.json`. Docker labels stay the source of truth for what exists.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What `faultline up` records about a local cluster. */
export interface ClusterRecord {
  name: string;
  kind: 'local';
  subnet: string;
  image: string;
  username: string;
  nodes: Array<{ name: string; host: string; port: number; container: string }>;
  privateKeyPath: string;
  knownHostsPath: string;
  inventoryPath: string;
  /** ISO time of the last `up`. */
  upAt: string;
}

/** The state folder: `dir`, else `$FAULTLINE_STATE_DIR`, else `./.faultline` (absolute). */
export function stateRoot(dir?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(dir ?? env.FAULTLINE_STATE_DIR ?? '.faultline');
}

/** The folder of cluster `name` under `root`. */
export function clusterDir(root: string, name: string): string {
  return join(root, 'clusters', name);
}

/** Writes `cluster.json` for `record`. */
export function writeRecord(root: string, record: ClusterRecord): void {
  const dir = clusterDir(root, record.name);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'cluster.json'), `${JSON.stringify(record, null, 2)}\n`);
}

/** Reads `cluster.json` of cluster `name`, or undefined when there is none. */
export function readRecord(root: string, name: string): ClusterRecord | undefined {
  const file = join(clusterDir(root, name), 'cluster.json');
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ClusterRecord;
}

/** Removes the folder of cluster `name` (all of `clusters/` when `name` is undefined). Idempotent. */
export function removeClusterState(root: string, name?: string): void {
  rmSync(name === undefined ? join(root, 'clusters') : clusterDir(root, name), { recursive: true, force: true });
}

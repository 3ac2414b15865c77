/**
 * The statements that replicate tablespace `herd` and ask who leads it, how their answers are
 * read, and the JDBC client properties the bridge's data source gets. Pure; unit-tested.
 */
import type { Stmt, StmtResult } from './bridge.js';
import { TABLESPACE } from './config.js';
import type { HerddbOptions } from './options.js';

/**
 * Replicates the tablespace on every node, 2 replicas expected, automatic failover after 10 s
 * without a leader (HerdDB's default 0 never fails over). Pure.
 */
export function ALTER_TABLESPACE(nodes: readonly string[]): Stmt {
  return {
    sql: `EXECUTE ALTERTABLESPACE '${TABLESPACE}','replica:${nodes.join(',')}','expectedreplicacount:2','maxleaderinactivitytime:10000'`,
  };
}

/** The tablespace's leader and replicas as the metadata says. */
export const LEADER_QUERY: Stmt = {
  sql: 'SELECT leader, replica FROM systablespaces WHERE tablespace_name=?',
  params: [TABLESPACE],
  query: true,
};

/** Every replica's state (`mode`: leader, follower, stopped, ...). */
export const REPLICA_STATE_QUERY: Stmt = {
  sql: 'SELECT nodeid, mode FROM systablespacereplicastate WHERE tablespace_name=?',
  params: [TABLESPACE],
  query: true,
};

/** The leader id in a {@link LEADER_QUERY} result, else undefined. Pure. */
export function leaderOf(result: StmtResult | undefined): string | undefined {
  if (result === undefined || !('rows' in result)) return undefined;
  const v = result.rows[0]?.[0];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** `id` when it names one of `nodes` (server ids are node names), else undefined. Pure. */
export function nodeNameOf(id: string | undefined, nodes: readonly string[]): string | undefined {
  return id !== undefined && nodes.includes(id) ? id : undefined;
}

/** The nodes of `nodes` whose replica is not running as leader or follower in a {@link REPLICA_STATE_QUERY} result. Pure. */
export function allReplicasRunning(result: StmtResult | undefined, nodes: readonly string[]): string[] {
  const modes = new Map<string, string>();
  if (result !== undefined && 'rows' in result) {
    for (const row of result.rows) modes.set(String(row[0]), String(row[1]).toLowerCase());
  }
  return nodes.filter((n) => !['leader', 'follower'].includes(modes.get(n) ?? ''));
}

/**
 * The JDBC client properties of the bridge's data source: HerdDB's user and password, the
 * driver's request timeout at our deadline, and its retries lowered (default 100, 1 s apart)
 * so a request is not silently re-sent for minutes; `faultline.pin: false` (the bridge's own, not
 * passed to the driver) when transactions may continue on a new leader. Pure.
 */
export function bridgeProps(opts: HerddbOptions): Record<string, string> {
  return {
    user: 'sa',
    password: 'hdb',
    'client.timeout': String(opts.timeoutMs),
    'client.max.operation.retry.count': String(opts.retries),
    'client.operation.retry.delay': '250',
    'client.zookeeper.session.timeout': '10000',
    ...(opts.unpinned ? { 'faultline.pin': 'false' } : {}),
  };
}

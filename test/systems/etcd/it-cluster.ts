/**
 * For integration tests: a local etcd cluster (test/support/db-cluster.ts) and small helpers
 * for driving its register clients.
 */
import { EtcdDb } from '../../../systems/etcd/index.js';
import { etcdClient } from '../../../systems/etcd/client.js';
import type { Op } from '../../../core/op.js';
import type { ClientConn, Completion, RunContext } from '../../../core/plugins.js';
import { startDbCluster, type DbTestCluster } from '../../support/db-cluster.js';

/** A running etcd test cluster. */
export type EtcdTestCluster = DbTestCluster<EtcdDb>;

/** Brings up `nodes` etcd nodes as cluster `name` on `subnet` and sets etcd up on all of them. */
export function startEtcdCluster(name: string, subnet: string, nodes = 3): Promise<EtcdTestCluster> {
  return startDbCluster({ name, subnet, nodes, image: 'etcd', db: new EtcdDb() });
}

/** Register client connections to every node, with the given options. */
export async function registerConns(ctx: RunContext, options: Record<string, unknown> = {}): Promise<Record<string, ClientConn>> {
  const client = etcdClient('register', options);
  return Object.fromEntries(await Promise.all(ctx.nodes.map(async (n) => [n, await client.open(ctx, n)] as const)));
}

/** An invocation of `f` on register `key`. */
export function op(f: string, value: unknown, key: number | string = 1): Op {
  return { index: 0, time: 0, process: 0, type: 'invoke', f, value, key };
}

/** Runs an op on `conn` with a fresh signal. */
export function run(conn: ClientConn, o: Op): Promise<Completion> {
  return conn.invoke(o, new AbortController().signal);
}

/** Retries `attempt` every 250 ms until `ok` holds for its result, for at most `ms`; returns the last result. */
export async function eventually<T>(attempt: () => Promise<T>, ok: (t: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last = await attempt();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    last = await attempt();
  }
  return last;
}

/**
 * For integration tests: a local container cluster of image `etcd`, provisioned through the
 * same code `faultline up` uses, with a RunContext over it and etcd set up on every node.
 * Each test file passes its own cluster name and subnet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCluster, type Cluster } from '../../../clusters/cluster.js';
import type { DockerCli } from '../../../clusters/docker-cli.js';
import { ensureEngine } from '../../../clusters/engine.js';
import { EtcdDb } from '../../../clusters/etcd/index.js';
import { etcdClient } from '../../../clusters/etcd/client.js';
import { downLocal } from '../../../clusters/local-admin.js';
import { upLocal } from '../../../clusters/local-up.js';
import { stderrLog } from '../../../clusters/log.js';
import type { Op } from '../../../harness/op.js';
import type { ClientConn, Completion, RunContext } from '../../../harness/plugins.js';

/** A running etcd test cluster. */
export interface EtcdTestCluster {
  ctx: RunContext;
  db: EtcdDb;
  /** Seconds: containers up, etcd formed. */
  timings: { upS: number; setupS: number };
  /** Tears etcd down, removes containers, network and state. Idempotent. */
  stop(): Promise<void>;
}

/** Brings up `nodes` etcd nodes as cluster `name` on `subnet` and sets etcd up on all of them. */
export async function startEtcdCluster(name: string, subnet: string, nodes = 3): Promise<EtcdTestCluster> {
  const root = mkdtempSync(join(tmpdir(), `faultline-${name}-`));
  const docker: DockerCli = (await ensureEngine({ log: stderrLog })).docker;
  await downLocal(docker, root, name);
  const t0 = Date.now();
  const record = await upLocal({ name, nodes, subnet, image: 'etcd', stateRoot: root, log: stderrLog });
  const cluster: Cluster = localCluster(record, docker, 'docker');
  const ctx: RunContext = {
    nodes: cluster.nodes,
    cluster,
    addresses: Object.fromEntries(record.nodes.map((n) => [n.name, n.host])),
    log: stderrLog,
    runDir: root,
    options: { seed: 1 },
    signal: new AbortController().signal,
  };
  const db = new EtcdDb();
  const t1 = Date.now();
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await Promise.allSettled(ctx.nodes.map((n) => db.teardown(ctx, n)));
    await cluster.close();
    await downLocal(docker, root, name);
    rmSync(root, { recursive: true, force: true });
  };
  try {
    await Promise.all(ctx.nodes.map((n) => db.setup(ctx, n)));
  } catch (e) {
    await stop();
    throw e;
  }
  return { ctx, db, timings: { upS: (t1 - t0) / 1000, setupS: (Date.now() - t1) / 1000 }, stop };
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

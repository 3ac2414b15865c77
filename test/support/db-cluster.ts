/**
 * For integration tests: a local container cluster of one system's image, provisioned through
 * the same code `faultline up` uses, with a RunContext over it and the system's DB set up on
 * every node. Each test file passes its own cluster name and subnet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCluster, type Cluster } from '../../clusters/cluster.js';
import type { DockerCli } from '../../clusters/docker-cli.js';
import { ensureEngine } from '../../clusters/engine.js';
import { downLocal } from '../../clusters/local-admin.js';
import { upLocal } from '../../clusters/local-up.js';
import { stderrLog } from '../../core/log.js';
import type { DB, RunContext } from '../../core/plugins.js';

/** A running test cluster with its DB set up on every node. */
export interface DbTestCluster<D extends DB> {
  ctx: RunContext;
  db: D;
  docker: DockerCli;
  /** Seconds: containers up, then the DB set up on every node. */
  timings: { upS: number; setupS: number };
  /** Tears the DB down, removes containers, network and state. Idempotent. */
  stop(): Promise<void>;
}

/** What {@link startDbCluster} brings up. */
export interface DbClusterSpec<D extends DB> {
  /** Cluster name (distinct per test file). */
  name: string;
  /** Cluster subnet (distinct per test file). */
  subnet: string;
  /** Project image folder under clusters/images/, e.g. `etcd`. */
  image: string;
  db: D;
  /** Default 3. */
  nodes?: number;
}

/** Brings up the cluster `spec` describes and sets its DB up on every node (tearing all down if that fails). */
export async function startDbCluster<D extends DB>(spec: DbClusterSpec<D>): Promise<DbTestCluster<D>> {
  const { name, subnet, image, db, nodes = 3 } = spec;
  const root = mkdtempSync(join(tmpdir(), `faultline-${name}-`));
  const docker: DockerCli = (await ensureEngine({ log: stderrLog })).docker;
  await downLocal(docker, root, name);
  const t0 = Date.now();
  const record = await upLocal({ name, nodes, subnet, image, stateRoot: root, log: stderrLog });
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
  return { ctx, db, docker, timings: { upS: (t1 - t0) / 1000, setupS: (Date.now() - t1) / 1000 }, stop };
}

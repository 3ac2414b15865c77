/**
 * For integration tests: a local container cluster of image `zookeeper`, provisioned through
 * the same code `faultline up` uses, with a RunContext over it and ZooKeeper set up on every
 * node. Each test file passes its own cluster name and subnet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCluster, type Cluster } from '../../../clusters/cluster.js';
import type { DockerCli } from '../../../clusters/docker-cli.js';
import { ensureEngine } from '../../../clusters/engine.js';
import { downLocal } from '../../../clusters/local-admin.js';
import { upLocal } from '../../../clusters/local-up.js';
import { stderrLog } from '../../../clusters/log.js';
import { ZookeeperDb } from '../../../clusters/zookeeper/index.js';
import type { RunContext } from '../../../harness/plugins.js';

/** A running ZooKeeper test cluster. */
export interface ZkTestCluster {
  ctx: RunContext;
  db: ZookeeperDb;
  docker: DockerCli;
  /** Seconds: containers up, ensemble formed. */
  timings: { upS: number; setupS: number };
  /** Tears ZooKeeper down, removes containers, network and state. Idempotent. */
  stop(): Promise<void>;
}

/** Brings up `nodes` zookeeper nodes as cluster `name` on `subnet` and sets ZooKeeper up on all of them. */
export async function startZkCluster(name: string, subnet: string, nodes = 3): Promise<ZkTestCluster> {
  const root = mkdtempSync(join(tmpdir(), `faultline-${name}-`));
  const docker: DockerCli = (await ensureEngine({ log: stderrLog })).docker;
  await downLocal(docker, root, name);
  const t0 = Date.now();
  const record = await upLocal({ name, nodes, subnet, image: 'zookeeper', stateRoot: root, log: stderrLog });
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
  const db = new ZookeeperDb();
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

/**
 * For integration tests: a local ZooKeeper ensemble (test/support/db-cluster.ts).
 */
import { ZookeeperDb } from '../../../systems/zookeeper/index.js';
import { startDbCluster, type DbTestCluster } from '../../support/db-cluster.js';

/** A running ZooKeeper test cluster. */
export type ZkTestCluster = DbTestCluster<ZookeeperDb>;

/** Brings up `nodes` zookeeper nodes as cluster `name` on `subnet` and sets ZooKeeper up on all of them. */
export function startZkCluster(name: string, subnet: string, nodes = 3): Promise<ZkTestCluster> {
  return startDbCluster({ name, subnet, nodes, image: 'jvm', db: new ZookeeperDb() });
}

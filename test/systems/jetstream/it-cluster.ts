/**
 * For integration tests: a local JetStream cluster (test/support/db-cluster.ts).
 */
import { JetStreamDb } from '../../../systems/jetstream/index.js';
import { startDbCluster, type DbTestCluster } from '../../support/db-cluster.js';

/** A running JetStream test cluster. */
export type JsTestCluster = DbTestCluster<JetStreamDb>;

/** Brings up `nodes` jetstream nodes as cluster `name` on `subnet` and sets JetStream up on all of them. */
export function startJsCluster(name: string, subnet: string, nodes = 3): Promise<JsTestCluster> {
  return startDbCluster({ name, subnet, nodes, image: 'jetstream', db: new JetStreamDb() });
}

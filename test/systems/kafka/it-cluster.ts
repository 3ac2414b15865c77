/**
 * For integration tests: a local 3-node Kafka KRaft cluster on the `jvm` image (its
 * OpenJDK 17), through test/support/db-cluster.ts.
 */
import { KafkaDb, type KafkaDbOptions } from '../../../systems/kafka/index.js';
import { startDbCluster, type DbTestCluster } from '../../support/db-cluster.js';

/** A running Kafka test cluster. */
export type KafkaTestCluster = DbTestCluster<KafkaDb>;

/** Brings up `nodes` nodes as cluster `name` on `subnet` and sets Kafka up on all of them. */
export function startKafkaCluster(name: string, subnet: string, opts: Partial<KafkaDbOptions> = {}, nodes = 3): Promise<KafkaTestCluster> {
  return startDbCluster({ name, subnet, nodes, image: 'jvm', db: new KafkaDb(opts) });
}

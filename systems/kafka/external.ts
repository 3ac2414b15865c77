/**
 * External mode: a Kafka-protocol cluster the user already runs (Kafka, Redpanda, HStreamDB
 * 0.20+), reached at `--bootstrap` addresses. faultline installs, starts and removes nothing:
 * setup only checks that the brokers answer, teardown does nothing. Without nodes to reach,
 * it cannot kill, pause or skew anything (the run takes `--nemesis none`).
 */
import type { DB, RunContext } from '../../core/plugins.js';
import { brokerIds, withAdmin } from './admin.js';

/** The DB of an external cluster; see the module notes. */
export class ExternalKafka implements DB {
  readonly name = 'kafka (external)';

  constructor(private readonly bootstrap: readonly string[]) {}

  /** Checks that the cluster answers through the bootstrap brokers (the same for every node). */
  async setup(ctx: RunContext, node: string): Promise<void> {
    if (node !== ctx.nodes[0]) return;
    const ids = await brokerIds(this.bootstrap).catch((e: unknown) => {
      throw new Error(`external Kafka cluster at ${this.bootstrap.join(',')} does not answer: ${(e as Error).message}`);
    });
    ctx.log(`external Kafka-protocol cluster at ${this.bootstrap.join(',')}: brokers ${ids.join(', ')}`);
  }

  /** Nothing: the cluster is not faultline's to remove. */
  async teardown(): Promise<void> {}

  /** The broker count and bootstrap list (the protocol carries no product version). */
  async version(): Promise<string> {
    return withAdmin(this.bootstrap, async (a) => `external, ${(await a.describeCluster()).brokers.length} broker(s) at ${this.bootstrap.join(',')}`);
  }
}

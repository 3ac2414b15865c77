/**
 * Kafka (KRaft) on real containers (cluster `kafka-it`, 10.231.81.0/24): three nodes, each
 * broker and controller, come up from cached jars; every broker registers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerAddress, brokerIds } from '../../../clusters/kafka/index.js';
import { startKafkaCluster, type KafkaTestCluster } from './it-cluster.js';

let c: KafkaTestCluster;

beforeAll(async () => {
  c = await startKafkaCluster('kafka-it', '10.231.81.0/24');
  process.stderr.write(`kafka-it: containers up in ${c.timings.upS} s, KRaft cluster formed in ${c.timings.setupS} s\n`);
});

afterAll(async () => {
  await c?.stop();
});

describe.sequential('Kafka KRaft on a 3-node local cluster', () => {
  it('forms with every broker registered and reports its version', async () => {
    expect(await c.db.version(c.ctx)).toBe('3.9.2');
    expect(await brokerIds([brokerAddress(c.ctx, 'n2')])).toEqual([1, 2, 3]);
    expect(c.timings.setupS).toBeLessThan(90);
  });
});

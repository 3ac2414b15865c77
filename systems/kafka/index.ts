/**
 * Kafka (KRaft) as a system under test: Apache Kafka 3.9 from Maven Central on the nodes
 * (image `zookeeper`, for its OpenJDK 17), its JVM under libfaketime so clock faults reach
 * it; a stream client over kafkajs. Also external Kafka-protocol clusters (`--bootstrap`).
 * The public barrel of `systems/kafka/`.
 *
 * Run options read: `kafkaWeak` (boolean, default false), `bootstrap` (host:port list;
 * external mode), `opTimeoutMs` (kafkajs request timeout is 80 % of it), `seed` (consumer group),
 * `queueOrderingKeys` and `queueKeys` (ordering-key mode, ordering.ts).
 */
import type { SystemDefinition } from '../../core/plugins.js';
import { kafkaClient, KAFKA_WORKLOADS } from './client.js';
import { SAFE_MODE, WEAK_MODE } from './config.js';
import { KafkaDb } from './db.js';
import { ExternalKafka } from './external.js';
import { KAFKA_OPTIONS, kafkaCheck, kafkaExternal, kafkaOptions } from './options.js';

export { KafkaDb, brokerAddress, type KafkaDbOptions } from './db.js';
export { ExternalKafka } from './external.js';
export { brokerIds, ensureTopic, kafkaFor, partitionLeaders, withAdmin, type TopicSettings } from './admin.js';
export { brokersFor, kafkaClient, KAFKA_WORKLOADS, rotate } from './client.js';
export { kafkaOptions, parseBootstrap, type KafkaOptions } from './options.js';
export { bareMessage, DEFINITE_BROKER_MESSAGES, definitelyNotAppended, messageOf, sendOutcome } from './outcome.js';
export { committedRecords, pollKeyedRecords, pollRecords, valueOf, type AbortedTxn, type KeyedRecord, type RawRecord } from './records.js';
export { assertSomethingRead, Fetcher, READ_COMMITTED, type FetchedTopicPartition, type PartitionPosition } from './fetcher.js';
export { ORDERED_TOPIC, orderingKeyOf, orderingPartitions, partitionOf, partitionsOf } from './ordering.js';
export { KafkaStreamConn, type StreamConnParams } from './stream.js';
export {
  BROKER_PORT, CONFIG_FILE, CONTROLLER_PORT, DATA_DIR, FAKETIME_FILE, KAFKA_DIR, LIB_DIR, LOG_FILE, SAFE_MODE, WEAK_MODE,
  clusterId, formatArgv, keyOf, log4jProperties, nodeId, quorumVoters, serverProperties, startArgv, topicOf, type KafkaServerMode,
} from './config.js';

/**
 * Kafka: image `zookeeper` (OpenJDK 17), workload `queue`, clock faults supported (the JVM
 * reads the time through libc, which libfaketime intercepts). With `bootstrap` set, an
 * external cluster ({@link ExternalKafka}). `db` and `client` validate the run's options.
 */
export const kafka: SystemDefinition = {
  name: 'kafka',
  summary: 'Kafka 3.9 KRaft cluster (or an external Kafka-protocol cluster), queue workload',
  image: 'jvm',
  provisioning: 'containers',
  external: kafkaExternal,
  defaultNemesis: ['partition', 'kill'],
  options: KAFKA_OPTIONS,
  check: kafkaCheck,
  workloads: KAFKA_WORKLOADS,
  clockFaults: true,
  nodeMemoryMiB: 900,
  db(options) {
    const o = kafkaOptions(options);
    return o.bootstrap !== undefined ? new ExternalKafka(o.bootstrap) : new KafkaDb({ mode: o.weak ? WEAK_MODE : SAFE_MODE });
  },
  client(workload, options) {
    return kafkaClient(workload, options);
  },
};

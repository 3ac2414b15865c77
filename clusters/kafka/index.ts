/**
 * Kafka (KRaft) as a system under test: Apache Kafka 3.9 from Maven Central on the nodes
 * (image `zookeeper`, for its OpenJDK 17), its JVM under libfaketime so clock faults reach
 * it; a stream client over kafkajs. Also external Kafka-protocol clusters (`--bootstrap`).
 * The public barrel of `clusters/kafka/`.
 */
export { KafkaDb, brokerAddress, type KafkaDbOptions } from './db.js';
export { brokerIds, ensureTopic, kafkaFor, partitionLeaders, withAdmin, type TopicSettings } from './admin.js';
export {
  BROKER_PORT, CONFIG_FILE, CONTROLLER_PORT, DATA_DIR, FAKETIME_FILE, KAFKA_DIR, LIB_DIR, LOG_FILE, SAFE_MODE, WEAK_MODE,
  clusterId, formatArgv, keyOf, log4jProperties, nodeId, quorumVoters, serverProperties, startArgv, topicOf, type KafkaServerMode,
} from './config.js';

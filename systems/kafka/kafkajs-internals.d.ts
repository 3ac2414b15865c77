/**
 * The parts of kafkajs 2.2 internals (`kafkajs/src/...`, plain JavaScript) that the Kafka
 * client uses for manual partition assignment, which kafkajs' public API lacks: its Cluster
 * (metadata, brokers by node id) and a broker's Fetch request. Pinned to kafkajs ^2.2.4.
 */
declare module 'kafkajs/src/loggers/index.js' {
  import type { logCreator } from 'kafkajs';
  /** kafkajs' root logger. */
  export interface RootLogger {
    namespace(name: string): unknown;
  }
  export const LEVELS: Readonly<Record<'NOTHING' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG', number>>;
  export function createLogger(opts: { level: number; logCreator: logCreator }): RootLogger;
}

declare module 'kafkajs/src/cluster/index.js' {
  import type { RetryOptions } from 'kafkajs';
  import type { RootLogger } from 'kafkajs/src/loggers/index.js';

  /** One record of a fetch response, as kafkajs decodes it. */
  export interface FetchedMessage {
    offset: string;
    value: Buffer | null;
    key: Buffer | null;
    isControlRecord?: boolean;
    batchContext?: { producerId: string; inTransaction: boolean };
  }
  /** One partition of a fetch response. */
  export interface FetchedPartition {
    partition: number;
    errorCode: number;
    highWatermark: string;
    lastStableOffset?: string;
    abortedTransactions?: { producerId: string; firstOffset: string }[];
    messages: FetchedMessage[];
  }
  export interface FetchResponse {
    responses: { topicName: string; partitions: FetchedPartition[] }[];
  }
  export interface InternalBroker {
    fetch(req: {
      replicaId?: number;
      isolationLevel: number;
      maxWaitTime: number;
      minBytes: number;
      maxBytes: number;
      topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
    }): Promise<FetchResponse>;
  }
  export default class Cluster {
    constructor(opts: {
      logger: RootLogger;
      socketFactory: unknown;
      brokers: string[];
      clientId: string;
      connectionTimeout: number;
      requestTimeout: number;
      enforceRequestTimeout?: boolean;
      metadataMaxAge: number;
      retry: RetryOptions;
      allowAutoTopicCreation: boolean;
      maxInFlightRequests: number | null;
      isolationLevel: number;
    });
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    isConnected(): boolean;
    refreshMetadata(): Promise<void>;
    addMultipleTargetTopics(topics: string[]): Promise<void>;
    findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
    findBroker(q: { nodeId: string | number }): Promise<InternalBroker>;
  }
}

/**
 * Kafka's clients, one per workload: the stream (`queue`) client over kafkajs (stream.ts).
 * A connection bound to node `n` lists n's broker first and the others after it (kafkajs
 * bootstraps from the first that answers, then talks to partition leaders); in external mode
 * the user's `--bootstrap` list, rotated by the node's position so threads spread over it.
 */
import { randomUUID } from 'node:crypto';
import { UsageError } from '../../core/errors.js';
import type { Client, ClientConn, RunContext } from '../../core/plugins.js';
import { brokerAddress } from './db.js';
import { kafkaOptions } from './options.js';
import { KafkaStreamConn } from './stream.js';

/** The workloads Kafka has clients for. */
export const KAFKA_WORKLOADS = ['queue'] as const;

/** `list` rotated to start at position `i` (mod its length). Pure. */
export function rotate<T>(list: readonly T[], i: number): T[] {
  if (list.length === 0) return [];
  const k = ((i % list.length) + list.length) % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/** The brokers a connection bound to `node` uses, its own first. */
export function brokersFor(ctx: Pick<RunContext, 'nodes' | 'addresses'>, node: string, bootstrap: readonly string[] | undefined): string[] {
  const i = Math.max(0, ctx.nodes.indexOf(node));
  if (bootstrap !== undefined) return rotate(bootstrap, i);
  return rotate(ctx.nodes.map((n) => brokerAddress(ctx, n)), i);
}

/**
 * The Kafka client for `workload`.
 * @throws UsageError for an unknown workload (naming the known ones) or bad options
 */
export function kafkaClient(workload: string, options: Readonly<Record<string, unknown>>): Client {
  if (!(KAFKA_WORKLOADS as readonly string[]).includes(workload)) throw new UsageError(`kafka has no client for workload ${JSON.stringify(workload)} (known: ${KAFKA_WORKLOADS.join(', ')})`);
  const opts = kafkaOptions(options);
  const groupId = `faultline-${typeof options.seed === 'number' ? options.seed : randomUUID()}`;
  return {
    async open(ctx: RunContext, node: string): Promise<ClientConn> {
      return new KafkaStreamConn({ brokers: brokersFor(ctx, node, opts.bootstrap), opts, groupId, connId: randomUUID() });
    },
  };
}

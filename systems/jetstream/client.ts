/**
 * JetStream's clients: the stream workloads' connection (conn.ts) to port 4222 of one node,
 * over the official `nats` package. Configured by the run's options (options.ts).
 */
import { UsageError } from '../../core/errors.js';
import type { Client, ClientConn, RunContext } from '../../core/plugins.js';
import { JetStreamConn } from './conn.js';
import { jetStreamOptions } from './options.js';

/** The workloads JetStream has clients for. */
export const JETSTREAM_WORKLOADS = ['queue'] as const;

/**
 * The JetStream client for `workload`. Opening a connection connects to the node's server
 * (a failed connect fails the op: nothing was sent).
 * @throws UsageError for an unknown workload (naming the known ones) or bad options
 */
export function jetStreamClient(workload: string, options: Readonly<Record<string, unknown>>): Client {
  if (!(JETSTREAM_WORKLOADS as readonly string[]).includes(workload)) {
    throw new UsageError(`jetstream has no client for workload ${JSON.stringify(workload)} (known: ${JETSTREAM_WORKLOADS.join(', ')})`);
  }
  const opts = jetStreamOptions(options);
  return {
    async open(ctx: RunContext, node: string): Promise<ClientConn> {
      const address = ctx.addresses[node];
      if (address === undefined) throw new Error(`no address for node ${JSON.stringify(node)}`);
      return JetStreamConn.open(address, node, opts);
    },
  };
}

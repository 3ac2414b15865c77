/**
 * etcd's clients, one per workload, over the v3 JSON gateway on port 2379 of each node's
 * address (gateway.ts). Configured by the run's options (options.ts).
 */
import { UsageError } from '../../core/errors.js';
import type { Client, ClientConn, RunContext } from '../../core/plugins.js';
import { Gateway, gatewayUrl } from './gateway.js';
import { etcdOptions, type EtcdOptions } from './options.js';
import { RegisterConn } from './register.js';
import { SetConn } from './set.js';

/** The workloads etcd has clients for. */
export const ETCD_WORKLOADS = ['register', 'set'] as const;

/** etcd's client port. */
export const CLIENT_PORT = 2379;

const conns: Record<(typeof ETCD_WORKLOADS)[number], new (gw: Gateway, opts: EtcdOptions) => ClientConn> = {
  register: RegisterConn,
  set: SetConn,
};

/**
 * The etcd client for `workload`, reading `etcdSerializableReads` and `etcdTimeoutMs` from
 * `options`. Opening a connection does no I/O.
 * @throws UsageError for an unknown workload (naming the known ones) or bad options
 */
export function etcdClient(workload: string, options: Readonly<Record<string, unknown>>): Client {
  const Conn = (conns as Record<string, (typeof conns)['register'] | undefined>)[workload];
  if (Conn === undefined) throw new UsageError(`etcd has no client for workload ${JSON.stringify(workload)} (known: ${ETCD_WORKLOADS.join(', ')})`);
  const opts = etcdOptions(options);
  return {
    async open(ctx: RunContext, node: string): Promise<ClientConn> {
      const address = ctx.addresses[node];
      if (address === undefined) throw new Error(`no address for node ${JSON.stringify(node)}`);
      return new Conn(new Gateway(gatewayUrl(address, CLIENT_PORT)), opts);
    },
  };
}

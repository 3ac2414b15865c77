/**
 * ZooKeeper's clients, one per workload, each connection a session to one server on port
 * 2181 of its node's address (session.ts). Configured by the run's options (options.ts).
 */
import { UsageError } from '../../core/errors.js';
import type { Client, ClientConn, RunContext } from '../../core/plugins.js';
import { CLIENT_PORT } from '../../clusters/jvm/zookeeper/config.js';
import { zookeeperOptions } from './options.js';
import { ZkRegisterConn } from './register.js';
import { ZkSession } from './session.js';

/** The workloads ZooKeeper has clients for. */
export const ZOOKEEPER_WORKLOADS = ['register'] as const;

/**
 * The ZooKeeper client for `workload`. Opening a connection starts a session in the
 * background (ops wait for it within their deadline).
 * @throws UsageError for an unknown workload (naming the known ones) or bad options
 */
export function zookeeperClient(workload: string, options: Readonly<Record<string, unknown>>): Client {
  if (workload !== 'register') throw new UsageError(`zookeeper has no client for workload ${JSON.stringify(workload)} (known: ${ZOOKEEPER_WORKLOADS.join(', ')})`);
  const opts = zookeeperOptions(options);
  return {
    async open(ctx: RunContext, node: string): Promise<ClientConn> {
      const address = ctx.addresses[node];
      if (address === undefined) throw new Error(`no address for node ${JSON.stringify(node)}`);
      const host = address.includes(':') ? `[${address}]` : address;
      return new ZkRegisterConn(new ZkSession(`${host}:${CLIENT_PORT}`, opts.sessionTimeoutMs, opts.timeoutMs), opts);
    },
  };
}

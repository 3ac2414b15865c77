/**
 * Opening a {@link Cluster} (the interface is `core/cluster.ts`): from a local container
 * cluster's record or from an SSH inventory.
 */
import { readFileSync } from 'node:fs';
import type { Cluster } from '../core/cluster.js';
import type { DockerCli } from './docker-cli.js';
import { DockerRemote } from './docker-remote.js';
import type { InventoryNode } from './inventory.js';
import { parseKnownHosts } from './known-hosts.js';
import type { Remote } from '../core/remote.js';
import { withRetries } from './retrying-remote.js';
import { SshRemote } from './ssh-remote.js';
import type { ClusterRecord } from './state.js';

/** The interface, re-exported for callers that open clusters. */
export type { Cluster };

/** How to log in to inventory hosts. */
export interface SshLogin {
  /** Default user for entries without `user@`. */
  username: string;
  /** Path of the private key file. */
  privateKeyPath: string;
  /** Path of the known_hosts file (required when strict). */
  knownHostsPath?: string;
  /** Default true. */
  strictHostKeyChecking: boolean;
}

/** Builds a {@link Cluster} from remotes. */
function fromRemotes(remotes: Remote[]): Cluster {
  const byName = new Map(remotes.map((r) => [r.node, r]));
  return {
    nodes: remotes.map((r) => r.node),
    remote(name) {
      const r = byName.get(name);
      if (!r) throw new Error(`no node ${JSON.stringify(name)} (nodes: ${[...byName.keys()].join(', ')})`);
      return r;
    },
    async close() {
      await Promise.all(remotes.map((r) => r.close()));
    },
  };
}

/** SSH remotes (with retries) for inventory nodes. */
export function sshCluster(nodes: InventoryNode[], login: SshLogin): Cluster {
  const privateKey = readFileSync(login.privateKeyPath);
  const knownHosts = login.knownHostsPath ? parseKnownHosts(readFileSync(login.knownHostsPath, 'utf8')) : [];
  return fromRemotes(
    nodes.map((n) =>
      withRetries(new SshRemote({
        node: n.name, host: n.host, port: n.port, username: n.username ?? login.username, privateKey,
        knownHosts, knownHostsFile: login.knownHostsPath, strictHostKeyChecking: login.strictHostKeyChecking,
      })),
    ),
  );
}

/** The remotes of a local cluster: over `docker exec` or over SSH to each node's sshd. */
export function localCluster(record: ClusterRecord, docker: DockerCli, via: 'docker' | 'ssh' = 'docker'): Cluster {
  if (via === 'ssh') {
    return sshCluster(record.nodes.map((n) => ({ ...n, username: record.username })), {
      username: record.username, privateKeyPath: record.privateKeyPath, knownHostsPath: record.knownHostsPath, strictHostKeyChecking: true,
    });
  }
  return fromRemotes(record.nodes.map((n) => withRetries(new DockerRemote(n.name, n.container, docker))));
}

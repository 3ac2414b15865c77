/**
 * `status` and `down` for local container clusters. `down` works from docker labels alone, so
 * it also cleans up after a controller that was killed; it is idempotent. faultline adds no
 * host-side firewall rules: partitions live inside node containers and go with them.
 */
import { CLUSTER_LABEL, NODE_LABEL, labelFilter } from './cluster-spec.js';
import type { DockerCli } from './docker-cli.js';
import { ensureEngine } from './engine.js';
import type { Log } from '../core/log.js';
import { removeClusterState } from './state.js';

/** One container as `status` reports it. */
export interface NodeStatus {
  cluster: string;
  node: string;
  container: string;
  /** docker's state: running, exited, ... */
  state: string;
  ip: string;
  image: string;
}

/** What `down` removed. */
export interface DownResult {
  containers: string[];
  networks: string[];
}

/** The engine for admin commands: started when installed, never installed; undefined when none. */
export async function adminDocker(log: Log): Promise<DockerCli | undefined> {
  try {
    return (await ensureEngine({ log, install: false })).docker;
  } catch {
    return undefined;
  }
}

/** Lists the containers of cluster `name` (every faultline cluster when undefined), by cluster and node. */
export async function statusLocal(docker: DockerCli, name?: string): Promise<NodeStatus[]> {
  const fmt = `{{.Names}}|{{.State}}|{{.Image}}|{{.Label "${CLUSTER_LABEL}"}}|{{.Label "${NODE_LABEL}"}}`;
  const lines = await docker.lines(['ps', '-a', '--filter', labelFilter(name), '--format', fmt]);
  const out: NodeStatus[] = [];
  for (const l of lines) {
    const [container, state, image, cluster, node] = l.split('|');
    const ip = state === 'running'
      ? await docker.text(['inspect', '--format', '{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}', container], { allowFailure: true })
      : '';
    out.push({ cluster, node, container, state, image, ip: ip.trim() });
  }
  return out.sort((a, b) => a.cluster.localeCompare(b.cluster) || Number(a.node.slice(1)) - Number(b.node.slice(1)));
}

/**
 * Removes every container and network of cluster `name` (of all faultline clusters when
 * `name` is undefined) and their state folders. Idempotent.
 */
export async function downLocal(docker: DockerCli | undefined, stateRoot: string, name?: string): Promise<DownResult> {
  const result: DownResult = { containers: [], networks: [] };
  if (docker) {
    result.containers = await docker.lines(['ps', '-a', '--filter', labelFilter(name), '--format', '{{.Names}}']);
    if (result.containers.length) await docker.run(['rm', '-f', '-v', ...result.containers]);
    result.networks = await docker.lines(['network', 'ls', '--filter', labelFilter(name), '--format', '{{.Name}}']);
    if (result.networks.length) await docker.run(['network', 'rm', ...result.networks]);
  }
  removeClusterState(stateRoot, name);
  return result;
}

/**
 * `up` for a local container cluster: engine, images, a labeled network with a fixed subnet,
 * nodes n1..nN with static addresses, NET_ADMIN and sshd, host keys collected into the
 * cluster's known_hosts. Idempotent: what already matches the plan is kept, the rest replaced.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { imageExists } from './base-image.js';
import { KEY_LABEL, NODE_LABEL, clusterSpec, labelFilter, type ClusterSpec, type NodeSpec } from './cluster-spec.js';
import { networkCreateArgs, runArgs } from './docker-args.js';
import type { DockerCli } from './docker-cli.js';
import { ensureEngine, type Engine } from './engine.js';
import { formatKnownHost } from './known-hosts.js';
import { seconds, type Log } from '../core/log.js';
import { ensureProjectImage, isProjectImage, NODE_IMAGE } from './node-image.js';
import { ensureKeyPair } from './ssh-keys.js';
import { clusterDir, writeRecord, type ClusterRecord } from './state.js';
import { waitForPort } from './wait-port.js';
import { formatInventory } from './inventory.js';

/** Options of {@link upLocal}. */
export interface UpOptions {
  /** Cluster name. */
  name: string;
  /** Number of nodes. */
  nodes: number;
  /** Subnet of the cluster network, e.g. `10.231.0.0/24`. */
  subnet: string;
  /** A project image folder (`clusters/images/<name>`) or an existing image. Default `node`. */
  image?: string;
  /** State folder root (see {@link stateRoot}). */
  stateRoot: string;
  log: Log;
}

/** A container as `docker ps` lists it. */
interface Existing {
  name: string;
  state: string;
  image: string;
  key: string;
  node: string;
}

/** Lists the cluster's containers. */
async function existing(docker: DockerCli, name: string): Promise<Existing[]> {
  const fmt = `{{.Names}}|{{.State}}|{{.Image}}|{{.Label "${KEY_LABEL}"}}|{{.Label "${NODE_LABEL}"}}`;
  const lines = await docker.lines(['ps', '-a', '--filter', labelFilter(name), '--format', fmt]);
  return lines.map((l) => {
    const [n, state, image, key, node] = l.split('|');
    return { name: n, state, image, key, node };
  });
}

/** Makes sure the cluster network exists with the planned subnet (recreating it when it differs). */
async function ensureNetwork(docker: DockerCli, spec: ClusterSpec, log: Log): Promise<void> {
  const r = await docker.run(['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}}{{end}}', spec.network], { allowFailure: true });
  if (r.exitCode === 0 && r.stdout.trim() === spec.subnet) return;
  if (r.exitCode === 0) {
    log(`network ${spec.network} has subnet ${r.stdout.trim()}, want ${spec.subnet}: recreating it`);
    const ids = await docker.lines(['ps', '-aq', '--filter', labelFilter(spec.name)]);
    if (ids.length) await docker.run(['rm', '-f', ...ids]);
    await docker.run(['network', 'rm', spec.network]);
  }
  await docker.run(networkCreateArgs(spec.network, spec.subnet, spec.gateway, spec.labels));
}

/** Reads a node's host public keys once sshd listens. */
async function hostKeys(docker: DockerCli, node: NodeSpec): Promise<string[]> {
  await waitForPort(node.ip, 22, 30_000);
  const out = await docker.text(['exec', node.container, 'sh', '-c', 'cat /etc/ssh/ssh_host_*_key.pub']);
  return out.split('\n').map((l) => l.trim().split(/\s+/)).filter((w) => w.length >= 2).map(([type, key]) => formatKnownHost([node.ip, node.name], type, key));
}

/** Resolves which image to run, building project images as needed. */
async function resolveImage(engine: Engine, image: string | undefined, log: Log): Promise<string> {
  const name = image ?? NODE_IMAGE;
  if (isProjectImage(name)) return (await ensureProjectImage(engine.docker, log, name)).image;
  if (!(await imageExists(engine.docker, name))) throw new Error(`image ${JSON.stringify(name)} is neither a folder in clusters/images nor an image in the engine`);
  return name;
}

/**
 * Brings the local cluster up (or makes an existing one match the plan) and records it.
 * @returns the record written to the state folder
 */
export async function upLocal(opts: UpOptions): Promise<ClusterRecord> {
  const t0 = Date.now();
  const spec = clusterSpec(opts.name, opts.nodes, opts.subnet);
  const engine = await ensureEngine({ log: opts.log });
  opts.log(`engine: dockerd ${engine.serverVersion} (API ${engine.apiVersion}) at ${engine.docker.host}, client ${engine.docker.bin} ${engine.clientVersion}`);
  const image = await resolveImage(engine, opts.image, opts.log);
  const { docker } = engine;
  const dir = clusterDir(opts.stateRoot, spec.name);
  const keys = ensureKeyPair(dir, `faultline@${spec.name}`);
  const keyHash = createHash('sha256').update(keys.publicKey).digest('hex').slice(0, 16);
  await ensureNetwork(docker, spec, opts.log);
  const have = await existing(docker, spec.name);
  const wanted = new Set(spec.nodes.map((n) => n.container));
  const stale = have.filter((c) => !wanted.has(c.name) || c.image !== image || c.key !== keyHash || c.state !== 'running');
  if (stale.length) await docker.run(['rm', '-f', ...stale.map((c) => c.name)]);
  const keep = new Set(have.filter((c) => !stale.includes(c)).map((c) => c.name));
  const start = spec.nodes.filter((n) => !keep.has(n.container));
  await Promise.all(
    start.map((n) =>
      docker.run(runArgs({
        container: n.container, hostname: n.name, network: spec.network, ip: n.ip, image,
        labels: { ...spec.labels, [NODE_LABEL]: n.name, [KEY_LABEL]: keyHash },
        env: { FAULTLINE_AUTHORIZED_KEY: keys.publicKey },
        aliases: [n.name],
        // faultline-lazyfs (storage faults) mounts FUSE inside the node; the engine is local.
        fuse: existsSync('/dev/fuse'),
      })),
    ),
  );
  const known = (await Promise.all(spec.nodes.map((n) => hostKeys(docker, n)))).flat();
  const knownHostsPath = join(dir, 'known_hosts');
  writeFileSync(knownHostsPath, `${known.join('\n')}\n`);
  const inventoryPath = join(dir, 'inventory');
  const nodes = spec.nodes.map((n) => ({ name: n.name, host: n.ip, port: 22, container: n.container }));
  writeFileSync(inventoryPath, formatInventory(nodes.map((n) => ({ ...n, username: 'root' }))));
  const record: ClusterRecord = {
    name: spec.name, kind: 'local', subnet: spec.subnet, image, username: 'root', nodes,
    privateKeyPath: keys.privateKeyPath, knownHostsPath, inventoryPath, upAt: new Date().toISOString(),
  };
  writeRecord(opts.stateRoot, record);
  opts.log(`cluster ${spec.name} up: ${spec.nodes.map((n) => `${n.name}=${n.ip}`).join(' ')} (${start.length} started, ${keep.size} kept) in ${seconds(Date.now() - t0)}`);
  return record;
}


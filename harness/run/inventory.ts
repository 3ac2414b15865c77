/**
 * Runs on existing machines over SSH (`faultline test --nodes a,b,c` or `--nodes-file`): the
 * inventory flags resolved like `faultline up/exec/down`'s (host keys checked against
 * --known-hosts unless `--strict-host-key-checking no`), the hosts named n1..nN in inventory
 * order, and the cluster phase that connects, installs the system's Debian packages (and the
 * fault tools its nemeses use) where missing and closes the connections at the end (the machines stay; the DB teardown and the
 * nemeses' heals clean them).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { sshCluster, type SshLogin } from '../../clusters/cluster.js';
import { ensureFaultTools } from '../../clusters/fault-tools.js';
import { ensureInstalled, imagePackages } from '../../clusters/install.js';
import { nodeImageShaper } from '../../clusters/prebuilt-shaper.js';
import type { Cluster } from '../../core/cluster.js';
import { cleanBeforeRun } from '../../nemesis/clean-nodes.js';
import type { Log } from '../../core/log.js';
import { resolveTarget, type ClusterFlags } from '../cli/cluster-flags.js';
import type { Phase } from './phases.js';
import { UsageError } from '../../core/errors.js';

/** An SSH inventory as a run stores it (test.json `options.inventory`): no secrets, only paths. */
export interface RunInventory {
  hosts: { name: string; host: string; port: number; username?: string }[];
  login: SshLogin;
}

/** The inventory flags of `faultline test`. */
export type InventoryFlags = Pick<ClusterFlags, 'nodes' | 'nodesFile' | 'username' | 'sshPrivateKey' | 'strictHostKeyChecking' | 'knownHosts' | 'sshPort'>;

/**
 * The run's inventory when the flags name one (`--nodes` with host names, or `--nodes-file`);
 * undefined for a node count or no flag.
 * @throws UsageError for bad inventory flags, a missing key or known_hosts file
 */
export function runInventory(flags: InventoryFlags): RunInventory | undefined {
  const t = resolveTarget(flags, { readFile: (p) => readFileSync(p, 'utf8'), exists: existsSync, home: homedir() });
  if (t.kind !== 'ssh') return undefined;
  return { hosts: t.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port, ...(n.username === undefined ? {} : { username: n.username }) })), login: t.login };
}

/**
 * The cluster phase of an inventory run; `use` receives the connected cluster. Besides the
 * packages, the fault tools the run's `nemeses` use (faultline-shaper, faultline-lazyfs) are
 * installed where missing (clusters/fault-tools.ts).
 */
export function inventoryPhase(inv: RunInventory, nodes: readonly string[], image: string, addresses: Record<string, string>, log: Log, use: (c: Cluster) => void, nemeses: readonly string[] = []): Phase {
  let cluster: Cluster | undefined;
  const hosts = inv.hosts.map((h, i) => ({ ...h, name: nodes[i] }));
  return {
    title: `cluster: SSH inventory ${hosts.map((h) => `${h.name}=${h.username ?? inv.login.username}@${h.host}:${h.port}`).join(', ')} (host keys ${inv.login.strictHostKeyChecking ? `checked against ${inv.login.knownHostsPath}` : 'NOT checked'})`,
    setup: async () => {
      cluster = sshCluster(hosts, inv.login);
      for (const h of hosts) addresses[h.name] = h.host;
      use(cluster);
      const pkgs = await imagePackages(image);
      const missing = await ensureInstalled(cluster, pkgs);
      const lines = Object.entries(missing).map(([n, m]) => `${n}: ${m.length === 0 ? 'all present' : `installed ${m.join(' ')}`}`);
      log(`install: ${pkgs.join(' ')} — ${lines.join('; ')}`);
      const tools = await ensureFaultTools(cluster, nemeses, { prebuilt: () => nodeImageShaper(log) });
      if (tools.length > 0) log(`fault tools: ${tools.join('; ')}`);
      await cleanBeforeRun(cluster, log); // the machines outlive runs: a killed run's faults may still be in force
    },
    teardownTitle: 'close SSH connections (the machines stay)',
    teardown: async () => cluster?.close(),
  };
}

/**
 * Splits the inventory out of a run's flags: with one, `nodes` becomes the host count for
 * config resolution and the inventory goes into the run's options (see {@link withInventory}).
 * @throws UsageError for bad inventory flags, or --cluster / --subnet with an inventory
 */
export function inventoryFromFlags<F extends InventoryFlags & { cluster?: string; subnet?: string }>(flags: F): { flags: F; inventory?: RunInventory } {
  const sshFlag = flags.nodesFile !== undefined || (flags.nodes !== undefined && !/^\s*\d+\s*$/.test(flags.nodes)) || [flags.username, flags.sshPrivateKey, flags.knownHosts, flags.sshPort, flags.strictHostKeyChecking].some((f) => f !== undefined);
  // A node count is checked by config resolution, with its own message.
  const inventory = sshFlag ? runInventory(flags) : undefined;
  if (inventory === undefined) return { flags };
  if (flags.cluster !== undefined || flags.subnet !== undefined) throw new UsageError('--cluster and --subnet are for local clusters, not SSH inventories (--nodes host,… / --nodes-file)');
  const { nodesFile: _f, ...rest } = flags;
  return { flags: { ...rest, nodes: String(inventory.hosts.length) } as F, inventory };
}

/** `config` with the inventory in its options (stored in test.json; read by the cluster phase). Pure. */
export function withInventory<C extends object>(config: C, inventory: RunInventory | undefined): C {
  return inventory === undefined ? config : Object.freeze({ ...config, inventory });
}

/**
 * `faultline down` for an SSH inventory: its machines are not faultline's to remove, but a
 * controller killed mid-fault (SIGKILL: no teardown ran) can leave faults in force on them.
 * This removes them on every node (nemesis/leftovers.ts): faultline's iptables chains,
 * processes left stopped, libfaketime time files not at `+0`. Idempotent.
 */
import type { Cluster } from '../../clusters/cluster.js';
import { describeLeftovers, leftoversScript, parseLeftovers, type LeftoversCleaned } from '../../nemesis/leftovers.js';

/** One node's outcome: what was cleaned, or why it could not be. */
export type NodeCleanup = { node: string; cleaned: LeftoversCleaned } | { node: string; error: string };

/** Runs the leftovers script as root on every node of `cluster` concurrently (30 s each); never rejects. */
export async function cleanLeftovers(cluster: Cluster): Promise<NodeCleanup[]> {
  return Promise.all(cluster.nodes.map(async (node): Promise<NodeCleanup> => {
    try {
      const r = await cluster.remote(node).exec(leftoversScript(), { sudo: true, timeoutMs: 30_000 });
      const cleaned = parseLeftovers(r.stdout);
      return cleaned ? { node, cleaned } : { node, error: `no summary from the cleanup script (stdout ${JSON.stringify(r.stdout.slice(-200))})` };
    } catch (e) {
      return { node, error: e instanceof Error ? e.message : String(e) };
    }
  }));
}

/** One line per node for the user, and whether every node was cleaned. Pure. */
export function cleanupLines(outcomes: readonly NodeCleanup[]): { lines: string[]; ok: boolean } {
  const lines = outcomes.map((o) => ('cleaned' in o ? describeLeftovers(o.node, o.cleaned) : `${o.node}: cleanup failed: ${o.error}`));
  return { lines, ok: outcomes.every((o) => 'cleaned' in o) };
}

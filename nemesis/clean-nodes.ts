/**
 * Removing the faults a controller killed mid-fault (SIGKILL: no teardown ran) left in force
 * on nodes that outlive it: `faultline down` for an SSH inventory (its machines are not
 * faultline's to remove), and every `faultline test` on local containers kept from an earlier
 * run, before the DB is set up. On every node (leftovers.ts): faultline's iptables chains,
 * processes left stopped, libfaketime time files not at `+0`. Idempotent.
 */
import type { Cluster } from '../core/cluster.js';
import { describeLeftovers, leftoversScript, parseLeftovers, type LeftoversCleaned } from './leftovers.js';

/** One node's outcome: what was cleaned, or why it could not be. */
export type NodeCleanup = { node: string; cleaned: LeftoversCleaned } | { node: string; error: string };

/** Runs the leftovers script as root on every node of `cluster` concurrently (60 s each: `iptables -w` may wait for the lock under load); never rejects. */
export async function cleanLeftovers(cluster: Cluster): Promise<NodeCleanup[]> {
  return Promise.all(cluster.nodes.map(async (node): Promise<NodeCleanup> => {
    try {
      const r = await cluster.remote(node).exec(leftoversScript(), { sudo: true, timeoutMs: 60_000 });
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

/**
 * Cleans every node of `cluster` (see {@link cleanLeftovers}) and logs one line per node that
 * had something left.
 * @throws Error naming the nodes that could not be cleaned (a fault may still be in force)
 */
export async function cleanBeforeRun(cluster: Cluster, log: (line: string) => void): Promise<void> {
  const outcomes = await cleanLeftovers(cluster);
  for (const o of outcomes) {
    if ('error' in o) continue;
    const c = o.cleaned;
    if (c.chains.length + c.continued.length + c.timeFiles.length > 0) log(`faults left by an earlier run: ${describeLeftovers(o.node, c)}`);
  }
  const failed = outcomes.filter((o): o is { node: string; error: string } => 'error' in o);
  if (failed.length) throw new Error(`could not clear faults an earlier run may have left: ${failed.map((f) => `${f.node}: ${f.error}`).join('; ')}`);
}

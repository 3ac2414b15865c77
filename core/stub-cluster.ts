/**
 * A cluster of named nodes with no way in: for in-process systems (the `memory` system) and
 * tests, where nodes are just names and nothing runs remotely.
 */
import type { Cluster } from './cluster.js';

/** A {@link Cluster} whose `remote()` throws: its nodes exist only as names. Pure. */
export function stubCluster(nodes: readonly string[]): Cluster {
  return {
    nodes: [...nodes],
    remote(name: string) {
      throw new Error(`node ${JSON.stringify(name)} is in-process: it has no remote to exec on`);
    },
    async close() {},
  };
}

/** Node names n1..nN. Pure. */
export function nodeNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `n${i + 1}`);
}

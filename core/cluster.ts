/**
 * A cluster as the rest of faultline sees it: named nodes, each reachable through a
 * {@link Remote}. The interface only; opening one (local containers, SSH inventory) is
 * `clusters/cluster.ts`, an in-process stand-in is {@link stubCluster}.
 */
import type { Remote } from './remote.js';

/** A set of nodes with one remote each. */
export interface Cluster {
  /** Node names in order (n1, n2, ... or inventory names). */
  readonly nodes: string[];
  /** The remote of node `name`. @throws Error for an unknown node */
  remote(name: string): Remote;
  /** Closes every remote. Idempotent. */
  close(): Promise<void>;
}

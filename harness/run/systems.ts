/**
 * The systems `faultline test <system>` knows: name → its {@link SystemDefinition}, whether it
 * runs in-process (no containers), its default nemeses and which nemeses it can take.
 */
import { bookkeeper } from '../../systems/bookkeeper/index.js';
import { etcd } from '../../systems/etcd/index.js';
import { kafka } from '../../systems/kafka/index.js';
import { herddb } from '../../systems/herddb/index.js';
import { jetstream } from '../../systems/jetstream/index.js';
import { postgres } from '../../systems/postgres/index.js';
import { zookeeper } from '../../systems/zookeeper/index.js';
import { UsageError, quote } from '../../core/errors.js';
import type { SystemDefinition } from '../../core/plugins.js';
import type { SystemFacts } from './config.js';
import { memorySystem } from '../../systems/memory/index.js';

/** A registered system. */
export interface SystemEntry {
  readonly name: string;
  /** In-process: nodes are names, no cluster up / down. */
  readonly inProcess: boolean;
  /** Nemeses when `--nemesis` is not given. */
  readonly defaultNemesis: readonly string[];
  /** Nemeses it can take; absent = all. */
  readonly nemeses?: readonly string[];
  /** Loads the definition. */
  load(): Promise<SystemDefinition>;
}

/** Every known system, by name. */
export const SYSTEMS: readonly SystemEntry[] = [
  { name: 'bookkeeper', inProcess: false, defaultNemesis: ['partition', 'kill'], load: async () => bookkeeper },
  { name: 'etcd', inProcess: false, defaultNemesis: ['partition', 'kill'], load: async () => etcd },
  { name: 'herddb', inProcess: false, defaultNemesis: ['kill', 'partition'], load: async () => herddb },
  { name: 'jetstream', inProcess: false, defaultNemesis: ['partition', 'kill'], load: async () => jetstream },
  // In-process nodes have no network to cut: only process faults (the memory DB kills and pauses).
  { name: 'kafka', inProcess: false, defaultNemesis: ['partition', 'kill'], load: async () => kafka },
  { name: 'memory', inProcess: true, defaultNemesis: [], nemeses: ['kill', 'pause'], load: async () => memorySystem },
  { name: 'postgres', inProcess: false, defaultNemesis: ['partition', 'kill'], load: async () => postgres },
  { name: 'zookeeper', inProcess: false, defaultNemesis: ['partition', 'kill', 'clock'], load: async () => zookeeper },
];

/**
 * The entry of system `name`.
 * @throws UsageError naming the known systems
 */
export function findSystem(name: string, systems: readonly SystemEntry[] = SYSTEMS): SystemEntry {
  const e = systems.find((s) => s.name === name);
  if (e === undefined) throw new UsageError(`unknown system ${quote(name)} (known: ${systems.map((s) => s.name).join(', ')})`);
  return e;
}

/** What config resolution needs to know of a loaded system. Pure. */
export function systemFacts(entry: SystemEntry, def: SystemDefinition): SystemFacts {
  const facts: SystemFacts = { name: entry.name, workloads: def.workloads, inProcess: entry.inProcess, defaultNemesis: entry.defaultNemesis };
  return entry.nemeses === undefined ? facts : { ...facts, nemeses: entry.nemeses };
}

/**
 * The `memory` system: a linearizable register store, set, bank, log (queue) and transactional
 * key store (append, wr) inside the faultline process — no
 * containers, nodes are just names — for fast tests of the whole pipeline. With the option
 * `memoryStaleReads` (a probability, `--memory-stale-reads [p]`) reads on every node but the
 * first sometimes return an older value (a bank read: torn, missing the last transfer's credit),
 * which the checkers must report as invalid.
 */
import type { SystemDefinition } from '../../core/plugins.js';
import { memoryClient } from './client.js';
import { MemoryDB } from './db.js';
import { MEMORY_OPTIONS } from './options.js';

export { MemoryDB, memoryOptions, memoryStateOf } from './db.js';
export { MemoryState, type MemoryStateOptions } from './state.js';
export { memoryClient } from './client.js';
export { MemoryBank } from './bank.js';
export { MemoryTxnStore } from './txn.js';
export { MemoryConsumer, MemoryLog, memoryLogOf, MEMORY_POLL_MAX } from './queue.js';

/** The in-process `memory` system (workloads `register`, `set`, `bank`, `queue`, `append` and `wr`). */
export const memorySystem: SystemDefinition = {
  name: 'memory',
  summary: 'an in-process toy database (no containers), with optional stale reads',
  image: '',
  provisioning: 'in-process',
  defaultNemesis: [],
  // In-process nodes have no network to cut: only process faults (the memory DB kills and pauses).
  nemeses: ['kill', 'pause'],
  options: MEMORY_OPTIONS,
  workloads: ['register', 'set', 'bank', 'queue', 'append', 'wr'],
  clockFaults: false,
  nodeMemoryMiB: 0,
  db: () => new MemoryDB(),
  client: (workload) => memoryClient(workload),
};

/**
 * `--parallel K`: K clusters side by side, each on its own slot — cluster `<prefix>-<slot>` on
 * the slot-th subnet after `--subnet` — when the machine allows: one core per cluster, the
 * clusters' estimated memory within what is available, and the subnets inside the base's /16.
 * Pure: the machine's facts come in as values.
 */
import { UsageError } from '../../core/errors.js';
import { intToIp, parseSubnet } from '../../clusters/cluster-spec.js';
import type { SystemDefinition } from '../../core/plugins.js';
import { SYSTEMS } from '../run/systems.js';

/** Where one slot's clusters live. */
export interface Slot {
  /** 0-based. */
  readonly index: number;
  readonly cluster: string;
  readonly subnet: string;
}

/** What the machine has. */
export interface MachineFacts {
  /** Cores (os.availableParallelism()). */
  cpus: number;
  /** Memory available for new processes, MiB (MemAvailable). */
  availableMiB: number;
}

/** The estimate for a system whose definition gives no `nodeMemoryMiB`. */
const DEFAULT_NODE_MIB = 600;

/**
 * Estimated memory of the heaviest cluster among `systems`, MiB, from each definition's
 * `nodeMemoryMiB` (JVM systems are heavier; in-process systems need none). Pure.
 */
export function clusterMemoryMiB(systems: readonly string[], nodes: number, known: readonly SystemDefinition[] = SYSTEMS): number {
  return Math.max(0, ...systems.map((s) => (known.find((d) => d.name === s)?.nodeMemoryMiB ?? DEFAULT_NODE_MIB) * nodes));
}

/**
 * The slots of `--parallel k`.
 * @throws UsageError saying why `k` clusters cannot fit (cores, memory or subnets) and how many would
 */
export function planSlots(k: number, opts: { prefix: string; subnet: string; systems: readonly string[]; nodes: number; machine: MachineFacts }): Slot[] {
  const { base, bits } = parseSubnet(opts.subnet);
  const size = 2 ** (32 - bits);
  const room = Math.floor((2 ** 16 - (base % 2 ** 16)) / size);
  if (k > room) throw new UsageError(`--parallel ${k}: ${k} subnets of /${bits} from ${opts.subnet} leave its /16; at most ${room} fit (give a lower --subnet)`);
  if (k > opts.machine.cpus) {
    throw new UsageError(`--parallel ${k}: ${k} clusters side by side need a core each and this machine has ${opts.machine.cpus}; use --parallel ${opts.machine.cpus} or less`);
  }
  const per = clusterMemoryMiB(opts.systems, opts.nodes);
  if (k > 1 && per * k > opts.machine.availableMiB) {
    const fits = Math.max(1, Math.floor(opts.machine.availableMiB / Math.max(per, 1)));
    throw new UsageError(
      `--parallel ${k}: ${k} clusters of ${opts.nodes} nodes need about ${per * k} MiB (${per} MiB each for ${opts.systems.join(', ')}) and ${Math.floor(opts.machine.availableMiB)} MiB are available; use --parallel ${fits}`,
    );
  }
  return Array.from({ length: k }, (_, i) => ({ index: i, cluster: k === 1 ? opts.prefix : `${opts.prefix}-${i + 1}`, subnet: `${intToIp(base + i * size)}/${bits}` }));
}

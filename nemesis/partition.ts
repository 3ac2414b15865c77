/**
 * Network partitions: a grudge (grudge.ts) applied with iptables inside every node — node a
 * drops packets from each peer its grudge names (`iptables -A FAULTLINE-PARTITION -s <peer>
 * -j DROP`, the chain jumped to from INPUT). Shapes are symmetric, so both ends drop and no
 * TCP connection survives either way. Healing flushes faultline's own chain only.
 *
 * Ops (process `nemesis`):
 * - `start-partition`, value `{ shape, seed }` (a shape of PARTITION_SHAPES and a seed for the
 *   random choice), a bare shape, or `{ grudge }` (an explicit node → nodes map, completed
 *   both ways), each with `asymmetric: true` to cut one direction only (the given map as is;
 *   for a shape, the smaller side stops hearing the larger) → completion value
 *   `{ shape, partition: <grudge> }`; a new partition replaces the previous one.
 * - `stop-partition` → `{ healed: [nodes] }`.
 */
import { Rng } from '../core/generator/index.js';
import type { Op } from '../core/op.js';
import { hasPrimaries, type DB, type Nemesis, type NemesisPackage, type RunContext } from '../core/plugins.js';
import { first, type Generator } from '../core/generator/index.js';
import { grudgeOf, grudgeProblem, GRUDGE_SHAPES, isGrudgeShape, oneWay, primariesVsRest, symmetric, type Grudge } from './grudge.js';
import { dropFromScript, flushScript, PARTITION_CHAIN, removeChainScript } from './iptables.js';
import { onNodes, throwIfFailed, withErrors } from './on-nodes.js';
import { nemesisSeed } from './seed.js';
import { faultCycle } from './schedule.js';

/** Remote commands as root, killed on the node after 20 s. */
const RUN = { sudo: true, timeoutMs: 20_000 } as const;

/** Partition shapes: the grudge shapes, plus `primaries` (the leaders vs the rest; needs a DB with HasPrimaries). */
export const PARTITION_SHAPES = [...GRUDGE_SHAPES, 'primaries'] as const;

/** One of {@link PARTITION_SHAPES}. */
export type PartitionShape = (typeof PARTITION_SHAPES)[number];

/** The shape an op value names (`{ shape }` or a bare shape), undefined for `{ grudge }`. Pure. */
export function shapeOf(value: unknown): unknown {
  const v = value as { shape?: unknown; grudge?: unknown } | null;
  if (v !== null && typeof v === 'object' && 'grudge' in v) return undefined;
  return typeof value === 'string' ? value : v?.shape;
}

/**
 * The grudge an op asks for, with the shape it came from (`explicit` for a given map).
 * Symmetric (a given map is completed both ways) unless the value says `asymmetric: true`,
 * which keeps one direction ({@link oneWay}). `primaries` is the system's current primaries,
 * undefined when the system cannot say. Pure apart from draws on `fallback`.
 * @throws Error quoting a bad value, or for `primaries` when there are none or the system cannot tell
 */
export function resolveGrudge(value: unknown, nodes: readonly string[], fallback: Rng, primaries?: readonly string[]): { shape: PartitionShape | 'explicit'; grudge: Grudge } {
  const v = value as { seed?: unknown; grudge?: unknown; asymmetric?: unknown } | null;
  const asym = v !== null && typeof v === 'object' && v.asymmetric === true;
  const shaped = (shape: PartitionShape | 'explicit', g: Grudge): { shape: PartitionShape | 'explicit'; grudge: Grudge } => ({ shape, grudge: asym ? oneWay(g, nodes) : symmetric(g, nodes) });
  if (v !== null && typeof v === 'object' && 'grudge' in v) {
    const problem = grudgeProblem(v.grudge, nodes);
    if (problem !== undefined) throw new Error(problem);
    return asym ? { shape: 'explicit', grudge: v.grudge as Grudge } : shaped('explicit', v.grudge as Grudge);
  }
  const shape = shapeOf(value);
  if (shape === 'primaries') {
    if (primaries === undefined) throw new Error('partition shape "primaries" needs a system that can say which nodes lead; this one cannot');
    if (primaries.length === 0) throw new Error('partition shape "primaries": the system names no primary right now (an election?)');
    return shaped('primaries', primariesVsRest(nodes, primaries));
  }
  if (!isGrudgeShape(shape)) throw new Error(`unknown partition shape ${JSON.stringify(shape)} (known: ${PARTITION_SHAPES.join(', ')})`);
  const seed = v !== null && typeof v === 'object' && Number.isSafeInteger(v.seed) ? (v.seed as number) : undefined;
  return shaped(shape, grudgeOf(shape, nodes, seed === undefined ? fallback : Rng.fromSeed(seed)));
}

/** The partition nemesis (fs `start-partition`, `stop-partition`). */
export class PartitionNemesis implements Nemesis {
  readonly name = 'partition';
  readonly fs = ['start-partition', 'stop-partition'] as const;
  private rng = Rng.fromSeed(0);

  /** `db` answers `primaries` (the shape needs a DB with HasPrimaries). */
  constructor(private readonly db?: DB) {}

  /** Heals whatever an earlier run left (flushes the chain on every node). */
  async setup(ctx: RunContext): Promise<void> {
    this.rng = Rng.fromSeed(nemesisSeed(ctx.options), 1);
    throwIfFailed(await this.heal(ctx), 'partition setup (heal)');
  }

  /** Applies or heals a partition; see the module notes for values. */
  async invoke(ctx: RunContext, op: Op): Promise<{ value: unknown; error?: string }> {
    if (op.f === 'stop-partition') {
      const healed = await this.heal(ctx);
      return withErrors({ healed: healed.ok }, healed);
    }
    if (op.f !== 'start-partition') return { value: op.value, error: `partition cannot do ${JSON.stringify(op.f)}` };
    let resolved: { shape: PartitionShape | 'explicit'; grudge: Grudge };
    try {
      const primaries = shapeOf(op.value) !== 'primaries' || this.db === undefined || !hasPrimaries(this.db) ? undefined : await this.db.primaries(ctx);
      resolved = resolveGrudge(op.value, ctx.nodes, this.rng, primaries);
    } catch (e) {
      return { value: op.value, error: (e as Error).message };
    }
    const { shape, grudge } = resolved;
    const applied = await onNodes(ctx.nodes, (n) => {
      const sources = (grudge[n] ?? []).map((peer) => ctx.addresses[peer] ?? peer);
      return ctx.cluster.remote(n).exec(dropFromScript(PARTITION_CHAIN, sources), RUN);
    });
    return withErrors({ shape, partition: grudge }, applied);
  }

  /** Removes faultline's chain and its jump on every node (best effort on each; throws after trying all). */
  async teardown(ctx: RunContext): Promise<void> {
    throwIfFailed(await onNodes(ctx.nodes, (n) => ctx.cluster.remote(n).exec(removeChainScript(PARTITION_CHAIN), RUN)), 'partition teardown');
  }

  private heal(ctx: RunContext): ReturnType<typeof onNodes> {
    return onNodes(ctx.nodes, (n) => ctx.cluster.remote(n).exec(flushScript(PARTITION_CHAIN), RUN));
  }
}

/** Options of {@link partitionPackage}. */
export interface PartitionPackageOptions {
  /** Time between a start and its stop, and between a stop and the next start, ns. */
  intervalNs: number;
  /** Shapes to pick from at random for each start. Default all of GRUDGE_SHAPES, plus `primaries` when `db` can tell. */
  shapes?: readonly PartitionShape[];
  /** The system: asked for its primaries by the `primaries` shape. */
  db?: DB;
}

/**
 * Partitions every `intervalNs`: wait, `start-partition` (a random shape, a random seed, both
 * drawn from the generator PRNG), wait, `stop-partition`, again. Final: `stop-partition`.
 */
export function partitionPackage(opts: PartitionPackageOptions): NemesisPackage {
  const shapes: readonly PartitionShape[] = opts.shapes ?? [...GRUDGE_SHAPES, ...(opts.db !== undefined && hasPrimaries(opts.db) ? (['primaries'] as const) : [])];
  const start: Generator = first((ctx) => ({ f: 'start-partition', value: { shape: ctx.rng.pick(shapes), seed: ctx.rng.int(2 ** 31) } }));
  return { nemesis: new PartitionNemesis(opts.db), ...faultCycle(opts.intervalNs, start, 'stop-partition') };
}

/**
 * Network partitions: a grudge (grudge.ts) applied with iptables inside every node — node a
 * drops packets from each peer its grudge names (`iptables -A FAULTLINE-PARTITION -s <peer>
 * -j DROP`, the chain jumped to from INPUT). Shapes are symmetric, so both ends drop and no
 * TCP connection survives either way. Healing flushes faultline's own chain only.
 *
 * Ops (process `nemesis`):
 * - `start-partition`, value `{ shape, seed }` (a shape of GRUDGE_SHAPES and a seed for the
 *   random choice), a bare shape, or `{ grudge }` (an explicit node → nodes map) → completion
 *   value `{ shape, partition: <grudge> }`; a new partition replaces the previous one.
 * - `stop-partition` → `{ healed: [nodes] }`.
 */
import { Rng } from '../harness/generator/index.js';
import type { Op } from '../harness/op.js';
import type { Nemesis, NemesisPackage, RunContext } from '../harness/plugins.js';
import { cycle, first, sleep, type Generator } from '../harness/generator/index.js';
import { grudgeOf, grudgeProblem, GRUDGE_SHAPES, isGrudgeShape, type Grudge, type GrudgeShape } from './grudge.js';
import { dropFromScript, flushScript, PARTITION_CHAIN, removeChainScript } from './iptables.js';
import { onNodes, throwIfFailed, withErrors } from './on-nodes.js';
import { nemesisSeed } from './seed.js';

/** Remote commands as root, killed on the node after 20 s. */
const RUN = { sudo: true, timeoutMs: 20_000 } as const;

/** The grudge an op asks for, with the shape it came from (`explicit` for a given map). */
export function resolveGrudge(value: unknown, nodes: readonly string[], fallback: Rng): { shape: GrudgeShape | 'explicit'; grudge: Grudge } {
  const v = value as { shape?: unknown; seed?: unknown; grudge?: unknown } | null;
  if (v !== null && typeof v === 'object' && 'grudge' in v) {
    const problem = grudgeProblem(v.grudge, nodes);
    if (problem !== undefined) throw new Error(problem);
    return { shape: 'explicit', grudge: v.grudge as Grudge };
  }
  const shape = typeof value === 'string' ? value : v?.shape;
  if (!isGrudgeShape(shape)) throw new Error(`unknown partition shape ${JSON.stringify(shape)} (known: ${GRUDGE_SHAPES.join(', ')})`);
  const seed = v !== null && typeof v === 'object' && Number.isSafeInteger(v.seed) ? (v.seed as number) : undefined;
  return { shape, grudge: grudgeOf(shape, nodes, seed === undefined ? fallback : Rng.fromSeed(seed)) };
}

/** The partition nemesis (fs `start-partition`, `stop-partition`). */
export class PartitionNemesis implements Nemesis {
  readonly name = 'partition';
  readonly fs = ['start-partition', 'stop-partition'] as const;
  private rng = Rng.fromSeed(0);

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
    let resolved: { shape: GrudgeShape | 'explicit'; grudge: Grudge };
    try {
      resolved = resolveGrudge(op.value, ctx.nodes, this.rng);
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
  /** Shapes to pick from at random for each start. Default all of GRUDGE_SHAPES. */
  shapes?: readonly GrudgeShape[];
}

/**
 * Partitions every `intervalNs`: wait, `start-partition` (a random shape, a random seed, both
 * drawn from the generator PRNG), wait, `stop-partition`, again. Final: `stop-partition`.
 */
export function partitionPackage(opts: PartitionPackageOptions): NemesisPackage {
  const shapes = opts.shapes ?? GRUDGE_SHAPES;
  const start: Generator = first((ctx) => ({ f: 'start-partition', value: { shape: ctx.rng.pick(shapes), seed: ctx.rng.int(2 ** 31) } }));
  return {
    nemesis: new PartitionNemesis(),
    generator: cycle([sleep(opts.intervalNs), start, sleep(opts.intervalNs), { f: 'stop-partition' }]),
    finalGenerator: first({ f: 'stop-partition' }),
  };
}

/**
 * Packet loss: chosen links drop a random share of packets, with iptables' statistic match
 * inside the nodes (`iptables -A FAULTLINE-LOSS -s <peer> -m statistic --mode random
 * --probability P -j DROP`, the chain jumped to from INPUT, like the partition chain). Healing
 * flushes faultline's own chain only. Delay and the other packet faults are
 * nemesis/packet.ts (this kernel has no netem qdisc).
 *
 * Ops (process `nemesis`):
 * - `start-loss`, value `{ targets | pairs, probability, asymmetric, seed }` (loss-spec.ts;
 *   default targets `all`, probability 0.3) → completion value
 *   `{ probability, targets: [nodes], loss: <grudge> }`; a new loss replaces the previous one.
 * - `stop-loss` → `{ healed: [nodes] }`.
 */
import { first, Rng } from '../core/generator/index.js';
import type { Op } from '../core/op.js';
import { hasPrimaries, type DB, type Nemesis, type NemesisPackage, type RunContext } from '../core/plugins.js';
import { primariesUnsupported } from './choose.js';
import { flushScript, LOSS_CHAIN, lossFromScript, removeChainScript } from './iptables.js';
import { DEFAULT_LOSS_PROBABILITY, resolveLoss, type LossSpec } from './loss-spec.js';
import { onNodes, throwIfFailed, withErrors } from './on-nodes.js';
import { nemesisSeed } from './seed.js';
import type { TargetKind } from './targets.js';
import { defaultTargetKinds, faultCycle } from './schedule.js';

/** Remote commands as root, killed on the node after 20 s. */
const RUN = { sudo: true, timeoutMs: 20_000 } as const;

/** The loss nemesis (fs `start-loss`, `stop-loss`). */
export class LossNemesis implements Nemesis {
  readonly name = 'loss';
  readonly fs = ['start-loss', 'stop-loss'] as const;
  private rng = Rng.fromSeed(0);

  /** `db` answers `primaries` for the `primaries` target kind. */
  constructor(private readonly db?: DB) {}

  /** Seeds the fallback PRNG and heals whatever an earlier run left (flushes the chain). */
  async setup(ctx: RunContext): Promise<void> {
    this.rng = Rng.fromSeed(nemesisSeed(ctx.options), 4);
    throwIfFailed(await this.heal(ctx), 'loss setup (heal)');
  }

  /** Starts or heals loss; see the module notes for values. */
  async invoke(ctx: RunContext, op: Op): Promise<{ value: unknown; error?: string }> {
    if (op.f === 'stop-loss') {
      const healed = await this.heal(ctx);
      return withErrors({ healed: healed.ok }, healed);
    }
    if (op.f !== 'start-loss') return { value: op.value, error: `loss cannot do ${JSON.stringify(op.f)}` };
    let spec: LossSpec;
    try {
      const v = op.value as { targets?: unknown; seed?: unknown } | null;
      const random = Number.isSafeInteger(v?.seed) ? Rng.fromSeed(v!.seed as number) : this.rng;
      let primaries: string[] = [];
      if (v?.targets === 'primaries') {
        if (this.db === undefined || !hasPrimaries(this.db)) throw new Error(primariesUnsupported(this.db?.name ?? 'this system'));
        primaries = await this.db.primaries(ctx);
      }
      spec = resolveLoss(op.value, ctx.nodes, random, primaries);
    } catch (e) {
      return { value: op.value, error: (e as Error).message };
    }
    const applied = await onNodes(ctx.nodes, (n) => {
      const sources = (spec.grudge[n] ?? []).map((peer) => ctx.addresses[peer] ?? peer);
      return ctx.cluster.remote(n).exec(lossFromScript(LOSS_CHAIN, sources, spec.probability), RUN);
    });
    return withErrors({ probability: spec.probability, targets: spec.nodes, loss: spec.grudge }, applied);
  }

  /** Removes faultline's loss chain and its jump on every node (throws after trying all). */
  async teardown(ctx: RunContext): Promise<void> {
    throwIfFailed(await onNodes(ctx.nodes, (n) => ctx.cluster.remote(n).exec(removeChainScript(LOSS_CHAIN), RUN)), 'loss teardown');
  }

  private heal(ctx: RunContext): ReturnType<typeof onNodes> {
    return onNodes(ctx.nodes, (n) => ctx.cluster.remote(n).exec(flushScript(LOSS_CHAIN), RUN));
  }
}

/** Options of {@link lossPackage}. */
export interface LossPackageOptions {
  /** Time between a start and its stop, and between a stop and the next start, ns. */
  intervalNs: number;
  /** Target kinds to pick from at random. Default one, minority, majority, all (+ primaries when `db` can tell). */
  targets?: readonly TargetKind[];
  /** Drop probability of each start. Default 0.3. */
  probability?: number;
  /** The system: asked for its primaries by the `primaries` kind. */
  db?: DB;
}

/** Loss every `intervalNs`: wait, `start-loss` (random targets), wait, `stop-loss`, again. Final: `stop-loss`. */
export function lossPackage(opts: LossPackageOptions): NemesisPackage {
  const withPrimaries = opts.db !== undefined && hasPrimaries(opts.db);
  const kinds: readonly TargetKind[] = opts.targets ?? defaultTargetKinds(withPrimaries);
  const probability = opts.probability ?? DEFAULT_LOSS_PROBABILITY;
  const start = first((ctx) => ({ f: 'start-loss', value: { targets: ctx.rng.pick(kinds), probability, seed: ctx.rng.int(2 ** 31) } }));
  return { nemesis: new LossNemesis(opts.db), ...faultCycle(opts.intervalNs, start, 'stop-loss') };
}

/**
 * Packet faults without netem: delay (mean, jitter, distribution), reorder, duplicate and
 * corrupt by faultline-shaper (an NFQUEUE program in the node image) fed by faultline's own
 * OUTPUT chain, and rate by a tc tbf on the target's egress interface. One nemesis handles
 * every behaviour, so several compose on the same packets; partitions and loss (INPUT
 * chains) compose with it.
 *
 * Ops (process `nemesis`):
 * - `start-packet`, value `{ targets | pairs, asymmetric, behaviours: { delay: { ms,
 *   jitterMs, distribution }, reorder: { probability, gapMs }, duplicate: { probability },
 *   corrupt: { probability }, rate: { rate, burst, latency } }, seed }` (packet-spec.ts) →
 *   completion value `{ behaviours, targets, links, everything, rated, seed }` with every
 *   default filled in: the history holds what was done, and the seed drives the shapers'
 *   PRNGs (node i: seed + i). A new start replaces the previous one.
 * - `stop-packet` → `{ healed: [nodes], stats: { node: { seen, delayed, reordered,
 *   duplicated, corrupted } } }` (what each shaper did).
 */
import { first, Rng, type Context } from '../core/generator/index.js';
import type { Op } from '../core/op.js';
import { hasPrimaries, type DB, type Nemesis, type NemesisPackage, type RunContext } from '../core/plugins.js';
import { primariesUnsupported } from './choose.js';
import { onNodes, throwIfFailed, withErrors } from './on-nodes.js';
import { DEFAULT_BEHAVIOURS, needsShaper, resolvePacket, type Behaviours, type PacketBehaviour, type PacketSpec } from './packet-spec.js';
import { healPacketScript, parseShaperStats, removePacketScript, shaperArgs, startPacketScript, type ShaperStats } from './shaper-script.js';
import { defaultTargetKinds, faultCycle } from './schedule.js';
import { nemesisSeed } from './seed.js';
import type { TargetKind } from './targets.js';

/** Remote commands as root, killed on the node after 20 s. */
const RUN = { sudo: true, timeoutMs: 20_000 } as const;

/** The packet nemesis (fs `start-packet`, `stop-packet`). */
export class PacketNemesis implements Nemesis {
  readonly name = 'packet';
  readonly fs = ['start-packet', 'stop-packet'] as const;
  private rng = Rng.fromSeed(0);

  /** `db` answers `primaries` for the `primaries` target kind. */
  constructor(private readonly db?: DB) {}

  /** Seeds the fallback PRNG and heals whatever an earlier run left. */
  async setup(ctx: RunContext): Promise<void> {
    this.rng = Rng.fromSeed(nemesisSeed(ctx.options), 5);
    throwIfFailed(await onNodes(ctx.nodes, (n) => ctx.cluster.remote(n).exec(healPacketScript(), RUN)), 'packet setup (heal)');
  }

  /** Starts or heals packet faults; see the module notes for values. */
  async invoke(ctx: RunContext, op: Op): Promise<{ value: unknown; error?: string }> {
    if (op.f === 'stop-packet') return this.heal(ctx);
    if (op.f !== 'start-packet') return { value: op.value, error: `packet cannot do ${JSON.stringify(op.f)}` };
    let spec: PacketSpec;
    try {
      const v = op.value as { targets?: unknown; seed?: unknown } | null;
      const random = Number.isSafeInteger(v?.seed) ? Rng.fromSeed(v!.seed as number) : this.rng;
      let primaries: string[] = [];
      if (v?.targets === 'primaries') {
        if (this.db === undefined || !hasPrimaries(this.db)) throw new Error(primariesUnsupported(this.db?.name ?? 'this system'));
        primaries = await this.db.primaries(ctx);
      }
      spec = resolvePacket(op.value, ctx.nodes, random, primaries);
    } catch (e) {
      return { value: op.value, error: (e as Error).message };
    }
    const b = spec.behaviours;
    const applied = await onNodes(ctx.nodes, (n) => {
      const i = ctx.nodes.indexOf(n);
      const peer = ctx.nodes.find((m) => m !== n);
      const rated = spec.rated.includes(n) && b.rate !== undefined && peer !== undefined;
      return ctx.cluster.remote(n).exec(startPacketScript({
        ...(needsShaper(b) ? { shaper: shaperArgs(b, spec.seed + i) } : {}),
        dests: (spec.links[n] ?? []).map((p) => ctx.addresses[p] ?? p),
        everything: spec.everything.includes(n),
        ...(rated ? { rate: { ...b.rate!, rateVia: ctx.addresses[peer] ?? peer } } : {}),
      }), RUN);
    });
    const value = { behaviours: b, targets: spec.nodes, links: spec.links, everything: spec.everything, rated: spec.rated, seed: spec.seed };
    return withErrors(value, applied);
  }

  /** Removes faultline's packet chain, shaper and qdisc on every node (throws after trying all). */
  async teardown(ctx: RunContext): Promise<void> {
    throwIfFailed(await onNodes(ctx.nodes, (n) => ctx.cluster.remote(n).exec(removePacketScript(), RUN)), 'packet teardown');
  }

  private async heal(ctx: RunContext): Promise<{ value: unknown; error?: string }> {
    const stats: Record<string, ShaperStats> = {};
    const healed = await onNodes(ctx.nodes, async (n) => {
      const s = parseShaperStats((await ctx.cluster.remote(n).exec(healPacketScript(), RUN)).stdout);
      if (s !== undefined) stats[n] = s;
    });
    return withErrors({ healed: healed.ok, stats }, healed);
  }
}

/** Options of {@link packetPackage}. */
export interface PacketPackageOptions {
  /** Time between a start and its stop, and between a stop and the next start, ns. */
  intervalNs: number;
  /**
   * The behaviours every start applies together, with their default parameters; `'any'`:
   * each start picks one behaviour at random (`--nemesis packet`).
   */
  behaviours: readonly PacketBehaviour[] | 'any';
  /** Target kinds to pick from at random. Default one, minority, majority, all (+ primaries when `db` can tell). */
  targets?: readonly TargetKind[];
  /** Parameters overriding the defaults (e.g. `{ delay: { ms: 100, jitterMs: 0, distribution: 'normal' } }`). */
  params?: Behaviours;
  /** The system: asked for its primaries by the `primaries` kind. */
  db?: DB;
}

/** The `behaviours` value of one start: the named ones (or one picked at random) with their parameters. Pure apart from draws. */
export function startBehaviours(opts: Pick<PacketPackageOptions, 'behaviours' | 'params'>, ctx: Pick<Context, 'rng'>): Behaviours {
  const names = opts.behaviours === 'any' ? [ctx.rng.pick(Object.keys(DEFAULT_BEHAVIOURS) as PacketBehaviour[])] : opts.behaviours;
  return Object.fromEntries(names.map((n) => [n, opts.params?.[n] ?? DEFAULT_BEHAVIOURS[n]])) as Behaviours;
}

/** Packet faults every `intervalNs`: wait, `start-packet` (random targets), wait, `stop-packet`, again. Final: `stop-packet`. */
export function packetPackage(opts: PacketPackageOptions): NemesisPackage {
  const withPrimaries = opts.db !== undefined && hasPrimaries(opts.db);
  const kinds: readonly TargetKind[] = opts.targets ?? defaultTargetKinds(withPrimaries);
  const start = first((ctx) => ({ f: 'start-packet', value: { targets: ctx.rng.pick(kinds), behaviours: startBehaviours(opts, ctx), seed: ctx.rng.int(2 ** 31) } }));
  return { nemesis: new PacketNemesis(opts.db), ...faultCycle(opts.intervalNs, start, 'stop-packet') };
}

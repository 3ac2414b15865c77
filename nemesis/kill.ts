/**
 * Crashes: SIGKILL the system's processes on some nodes (the DB's `kill`), later start them
 * again with the same data (`start`).
 *
 * Ops (process `nemesis`):
 * - `kill`, value `{ targets, seed }` (targets: one, minority, majority, minority-third,
 *   primaries, all, or a list of nodes) → completion value `{ killed: [nodes] }`;
 * - `start` → starts every node this nemesis killed → `{ started: [nodes] }`.
 */
import { first, Rng } from '../core/generator/index.js';
import type { Op } from '../core/op.js';
import type { DB, Killable, Nemesis, NemesisPackage, RunContext } from '../core/plugins.js';
import { chooseTargets } from './choose.js';
import { onNodes, throwIfFailed, withErrors } from './on-nodes.js';
import { nemesisSeed } from './seed.js';
import type { TargetKind } from './targets.js';
import { defaultTargetKinds, faultCycle } from './schedule.js';

/** The kill nemesis (fs `kill`, `start`). Remembers what it killed until it started it. */
export class KillNemesis implements Nemesis {
  readonly name = 'kill';
  readonly fs = ['kill', 'start'] as const;
  private readonly killed = new Set<string>();
  private rng = Rng.fromSeed(0);

  constructor(private readonly db: DB & Killable) {}

  /** Seeds the fallback PRNG; kills nothing. */
  async setup(ctx: RunContext): Promise<void> {
    this.rng = Rng.fromSeed(nemesisSeed(ctx.options), 2);
  }

  /** Kills or starts; see the module notes for values. */
  async invoke(ctx: RunContext, op: Op): Promise<{ value: unknown; error?: string }> {
    if (op.f === 'start') {
      const started = await this.startKilled(ctx);
      return withErrors({ started: started.ok }, started);
    }
    if (op.f !== 'kill') return { value: op.value, error: `kill cannot do ${JSON.stringify(op.f)}` };
    let targets: string[];
    try {
      targets = await chooseTargets(op.value, ctx, this.db, this.rng);
    } catch (e) {
      return { value: op.value, error: (e as Error).message };
    }
    for (const n of targets) this.killed.add(n); // before the attempt: a half-done kill is still started again
    const out = await onNodes(targets, (n) => this.db.kill(ctx, n));
    return withErrors({ killed: out.ok }, out);
  }

  /** Starts every node it killed (throws after trying all, naming the failures). */
  async teardown(ctx: RunContext): Promise<void> {
    throwIfFailed(await this.startKilled(ctx), 'kill teardown (start)');
  }

  private async startKilled(ctx: RunContext): Promise<Awaited<ReturnType<typeof onNodes>>> {
    const nodes = ctx.nodes.filter((n) => this.killed.has(n));
    const out = await onNodes(nodes, (n) => this.db.start(ctx, n));
    for (const n of out.ok) this.killed.delete(n);
    return out;
  }
}

/** Options of {@link killPackage}. */
export interface KillPackageOptions {
  /** Time between a kill and its start, and between a start and the next kill, ns. */
  intervalNs: number;
  /** Target kinds to pick from at random. Default one, minority, majority, all (+ primaries when the DB can tell). */
  targets?: readonly TargetKind[];
}

/**
 * Crashes every `intervalNs`: wait, `kill` (random targets kind and seed from the generator
 * PRNG), wait, `start`, again. Final: `start`.
 */
export function killPackage(db: DB & Killable, opts: KillPackageOptions, withPrimaries: boolean): NemesisPackage {
  const kinds: readonly TargetKind[] = opts.targets ?? defaultTargetKinds(withPrimaries);
  const kill = first((ctx) => ({ f: 'kill', value: { targets: ctx.rng.pick(kinds), seed: ctx.rng.int(2 ** 31) } }));
  return { nemesis: new KillNemesis(db), ...faultCycle(opts.intervalNs, kill, 'start') };
}

/**
 * Power loss: on the targets, the system's processes are SIGKILLed, faultline-lazyfs forgets
 * every write they made that was never fsynced (as a machine losing power forgets its page
 * cache), and the processes start again from what was synced. Needs a system that keeps its
 * data directory on faultline-lazyfs ({@link HasDataFiles} with `lazyFs`) and can be killed
 * and started ({@link Killable}).
 *
 * Op (process `nemesis`): `power-loss`, value `{ targets, seed }` (a target kind or a list,
 * default `all`) → completion value `{ targets, dropped: { node: { files, bytes, removed } } }`:
 * how many files lost unsynced data on each node, how many bytes, and how many files were
 * removed (created and never made durable). What the layer forgets: clusters/lazyfs.ts.
 */
import { cycle, first, Rng, sleep } from '../core/generator/index.js';
import type { Op } from '../core/op.js';
import { hasPrimaries, type DB, type HasDataFiles, type Killable, type Nemesis, type NemesisPackage, type RunContext } from '../core/plugins.js';
import { primariesUnsupported } from './choose.js';
import { dropUnsyncedScript, parseDropped, type Dropped } from '../clusters/lazyfs.js';
import { onNodes, withErrors } from './on-nodes.js';
import { nemesisSeed } from './seed.js';
import { isTargetKind, selectTargets, type TargetKind, type TargetSpec } from './targets.js';

/** A system the power-loss nemesis can act on. */
export type PowerLossDb = DB & Killable & HasDataFiles;

const RUN = { sudo: true, timeoutMs: 30_000 } as const;

/** The power-loss nemesis (f `power-loss`). */
export class PowerLossNemesis implements Nemesis {
  readonly name = 'power-loss';
  readonly fs = ['power-loss'] as const;
  private rng = Rng.fromSeed(0);

  constructor(private readonly db: PowerLossDb) {}

  /** Seeds the fallback PRNG. */
  async setup(ctx: RunContext): Promise<void> {
    this.rng = Rng.fromSeed(nemesisSeed(ctx.options), 6);
  }

  /** Kills, drops what was never fsynced, starts again, on every target concurrently. */
  async invoke(ctx: RunContext, op: Op): Promise<{ value: unknown; error?: string }> {
    if (op.f !== 'power-loss') return { value: op.value, error: `power-loss cannot do ${JSON.stringify(op.f)}` };
    let targets: string[];
    try {
      const v = (op.value ?? {}) as { targets?: unknown; seed?: unknown };
      const raw = v.targets ?? 'all';
      if (!isTargetKind(raw) && !(Array.isArray(raw) && raw.every((x) => typeof x === 'string'))) throw new Error(`unknown power-loss targets ${JSON.stringify(raw)}`);
      let primaries: string[] = [];
      if (raw === 'primaries') {
        if (!hasPrimaries(this.db)) throw new Error(primariesUnsupported(this.db.name));
        primaries = await this.db.primaries(ctx);
      }
      const random = Number.isSafeInteger(v.seed) ? Rng.fromSeed(v.seed as number) : this.rng;
      targets = selectTargets(raw as TargetSpec, ctx.nodes, random, primaries);
      if (!this.db.lazyFs) throw new Error(`${this.db.name}'s data directory is not on faultline-lazyfs in this run`);
    } catch (e) {
      return { value: op.value, error: (e as Error).message };
    }
    const dropped: Record<string, Dropped> = {};
    const killed = await onNodes(targets, (n) => this.db.kill(ctx, n));
    const lost = await onNodes(killed.ok, async (n) => {
      const d = parseDropped((await ctx.cluster.remote(n).exec(dropUnsyncedScript(this.db.dataDir(n)), RUN)).stdout);
      if (d !== undefined) dropped[n] = d;
    });
    const started = await onNodes(targets, (n) => this.db.start(ctx, n));
    return withErrors({ targets, dropped }, killed, lost, started);
  }

  /** Nothing to heal: every power loss restarts its targets itself. */
  async teardown(): Promise<void> {}
}

/** Options of {@link powerLossPackage}. */
export interface PowerLossPackageOptions {
  /** Time between power losses, ns. */
  intervalNs: number;
  /** Target kinds to pick from. Default majority and all (a minority losing data is repaired by the others). */
  targets?: readonly TargetKind[];
}

/** A power loss every `intervalNs` on random targets; no final step (each one restarts its targets). */
export function powerLossPackage(db: PowerLossDb, opts: PowerLossPackageOptions): NemesisPackage {
  const kinds = opts.targets ?? (['majority', 'all'] as const);
  const loss = first((ctx) => ({ f: 'power-loss', value: { targets: ctx.rng.pick(kinds), seed: ctx.rng.int(2 ** 31) } }));
  return { nemesis: new PowerLossNemesis(db), generator: cycle([sleep(opts.intervalNs), loss]) };
}

/**
 * File corruption (Jepsen's file nemesis): on the targets the system's processes are killed,
 * one of their named data / WAL files is corrupted — bits flipped in a chunk, its tail cut,
 * or a chunk saved by an earlier corruption written back (an older snapshot) — and the
 * processes are started again; whether they refuse to start, repair themselves or serve
 * wrong data is what the run shows. Needs {@link HasDataFiles} and {@link Killable}. The
 * choices come from the op's seed and the files found ({@link planCorruption}), so the same
 * `--seed` over the same files replays them.
 *
 * Op (process `nemesis`): `corrupt-file`, value `{ targets, mode, seed }` (targets a kind or a
 * list, default `one`; mode `bitflip`, `truncate` or `restore`) → completion value
 * `{ targets, mode, corrupted: { node: Corruption } }` (file, offset, bytes, and the bits
 * flipped). A start that fails is the op's error: the node stays down.
 */
import { cycle, first, Rng, sleep } from '../core/generator/index.js';
import type { Op } from '../core/op.js';
import type { DB, HasDataFiles, Killable, Nemesis, NemesisPackage, RunContext } from '../core/plugins.js';
import { CORRUPT_MODES, matchesAny, parseListing, planCorruption, type Corruption, type CorruptMode, type SavedChunk } from './corrupt-plan.js';
import { corruptScript, listDataFilesScript, savedChunkPath } from './corrupt-script.js';
import { onNodes, withErrors } from './on-nodes.js';
import { nemesisSeed } from './seed.js';
import { isTargetKind, selectTargets, type TargetKind, type TargetSpec } from './targets.js';

/** A system the corrupt-file nemesis can act on. */
export type CorruptFileDb = DB & Killable & HasDataFiles;

const RUN = { sudo: true, timeoutMs: 60_000 } as const;

/** The corrupt-file nemesis (f `corrupt-file`). */
export class CorruptFileNemesis implements Nemesis {
  readonly name = 'corrupt-file';
  readonly fs = ['corrupt-file'] as const;
  private rng = Rng.fromSeed(0);
  private readonly saved = new Map<string, SavedChunk[]>();
  private saves = 0;

  constructor(private readonly db: CorruptFileDb) {}

  /** Seeds the fallback PRNG. */
  async setup(ctx: RunContext): Promise<void> {
    this.rng = Rng.fromSeed(nemesisSeed(ctx.options), 7);
  }

  /** Kills, corrupts one named file, starts again, on every target concurrently. */
  async invoke(ctx: RunContext, op: Op): Promise<{ value: unknown; error?: string }> {
    if (op.f !== 'corrupt-file') return { value: op.value, error: `corrupt-file cannot do ${JSON.stringify(op.f)}` };
    let targets: string[];
    let mode: CorruptMode;
    let random: Rng;
    try {
      const v = (op.value ?? {}) as { targets?: unknown; seed?: unknown; mode?: unknown };
      const raw = v.targets ?? 'one';
      if (raw === 'primaries' || (!isTargetKind(raw) && !(Array.isArray(raw) && raw.every((x) => typeof x === 'string')))) throw new Error(`unknown corrupt-file targets ${JSON.stringify(raw)}`);
      mode = (v.mode ?? 'bitflip') as CorruptMode;
      if (!CORRUPT_MODES.includes(mode)) throw new Error(`unknown corrupt-file mode ${JSON.stringify(v.mode)} (known: ${CORRUPT_MODES.join(', ')})`);
      random = Number.isSafeInteger(v.seed) ? Rng.fromSeed(v.seed as number) : this.rng;
      targets = selectTargets(raw as TargetSpec, ctx.nodes, random, []);
    } catch (e) {
      return { value: op.value, error: (e as Error).message };
    }
    const rngs = new Map(targets.map((t) => [t, random.fork()]));
    const corrupted: Record<string, Corruption> = {};
    const killed = await onNodes(targets, (node) => this.db.kill(ctx, node));
    const hit = await onNodes(killed.ok, async (node) => {
      corrupted[node] = await this.corrupt(ctx, node, mode, rngs.get(node)!);
    });
    const started = await onNodes(targets, (node) => this.db.start(ctx, node));
    return withErrors({ targets, mode, corrupted }, killed, hit, started);
  }

  private async corrupt(ctx: RunContext, node: string, mode: CorruptMode, rng: Rng): Promise<Corruption> {
    const r = ctx.cluster.remote(node);
    const dir = this.db.dataDir(node);
    const patterns = this.db.dataFiles?.(node) ?? [];
    const files = parseListing((await r.exec(listDataFilesScript(dir), RUN)).stdout).filter((f) => matchesAny(f.path, patterns));
    const saved = this.saved.get(node) ?? [];
    const plan = planCorruption(rng, mode, files, saved);
    const save = plan.save ? { ...plan.save, copy: savedChunkPath(dir, this.saves++) } : undefined;
    await r.exec(corruptScript(dir, plan.corruption, save), RUN);
    if (save) this.saved.set(node, [...saved, save].slice(-8));
    return plan.corruption;
  }

  /** Nothing to heal: every corruption restarts its targets itself. */
  async teardown(): Promise<void> {}
}

/** Options of {@link corruptFilePackage}. */
export interface CorruptFilePackageOptions {
  /** Time between corruptions, ns. */
  intervalNs: number;
  /** Target kinds to pick from. Default `one` (the others hold good copies). */
  targets?: readonly Exclude<TargetKind, 'primaries'>[];
  /** Modes to pick from. Default all three. */
  modes?: readonly CorruptMode[];
}

/** A corruption every `intervalNs` on random targets with a random mode; no final step. */
export function corruptFilePackage(db: CorruptFileDb, opts: CorruptFilePackageOptions): NemesisPackage {
  const kinds = opts.targets ?? (['one'] as const);
  const modes = opts.modes ?? CORRUPT_MODES;
  const op = first((ctx) => ({ f: 'corrupt-file', value: { targets: ctx.rng.pick(kinds), mode: ctx.rng.pick(modes), seed: ctx.rng.int(2 ** 31) } }));
  return { nemesis: new CorruptFileNemesis(db), generator: cycle([sleep(opts.intervalNs), op]) };
}

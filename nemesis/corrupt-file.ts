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
 * `{ targets, mode, corrupted: { node: Corruption }, notReady? }` (file, offset, bytes, and the
 * bits flipped). A start that fails is the op's error: the node stays down. When the system has
 * its own readiness signal ({@link HasReadiness}), a started node is also waited for (at most
 * {@link READY_TIMEOUT_MS}); `notReady` names the nodes that did not come back healthy and why
 * (HerdDB: `listening but tablespace herd not booted after 60 s: Error Booting …`).
 *
 * Snapshots for `restore`: the nemesis's setup (after the DB's) saves one chunk of a named
 * file on every node, and every corruption saves one more on its targets before it acts, so
 * a `restore` always has a chunk from an earlier moment (the last 8 per node are kept).
 */
import { cycle, first, Rng, sleep } from '../core/generator/index.js';
import type { Op } from '../core/op.js';
import { hasReadiness, type DB, type HasDataFiles, type HasReadiness, type Killable, type Nemesis, type NemesisPackage, type RunContext } from '../core/plugins.js';
import { CORRUPT_MODES, matchesAny, parseListing, planCorruption, planSave, type Corruption, type CorruptMode, type DataFile, type SavedChunk } from './corrupt-plan.js';
import { corruptScript, listDataFilesScript, savedChunkPath } from './corrupt-script.js';
import { onNodes, withErrors } from './on-nodes.js';
import { nemesisSeed } from './seed.js';
import { isTargetKind, selectTargets, type TargetKind, type TargetSpec } from './targets.js';

/** A system the corrupt-file nemesis can act on. */
export type CorruptFileDb = DB & Killable & HasDataFiles;

const RUN = { sudo: true, timeoutMs: 60_000 } as const;
/** How long a restarted node has to be ready by the system's own signal, ms. */
export const READY_TIMEOUT_MS = 60_000;

/** The corrupt-file nemesis (f `corrupt-file`). */
export class CorruptFileNemesis implements Nemesis {
  readonly name = 'corrupt-file';
  readonly fs = ['corrupt-file'] as const;
  private rng = Rng.fromSeed(0);
  private readonly saved = new Map<string, SavedChunk[]>();
  private saves = 0;

  constructor(private readonly db: CorruptFileDb) {}

  /**
   * Seeds the fallback PRNG, then saves a first chunk on every node (best effort: a node that
   * cannot be read gets none), so the first `restore` has something to write back.
   */
  async setup(ctx: RunContext): Promise<void> {
    this.rng = Rng.fromSeed(nemesisSeed(ctx.options), 7);
    const rngs = new Map(ctx.nodes.map((n) => [n, this.rng.fork()]));
    await onNodes(ctx.nodes, async (node) => {
      const plan = planSave(rngs.get(node)!, await this.listFiles(ctx, node));
      if (plan) await this.carryOut(ctx, node, { mode: 'none', reason: 'first snapshot' }, plan);
    });
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
    const notReady = await this.awaitReady(ctx, started.ok);
    return withErrors({ targets, mode, corrupted, ...(notReady ? { notReady } : {}) }, killed, hit, started);
  }

  /**
   * The started nodes that did not come back healthy within {@link READY_TIMEOUT_MS} by the
   * system's own signal ({@link HasReadiness}; e.g. HerdDB listening but its tablespace not
   * booted), with why; undefined when all did or the system has no such signal.
   */
  private async awaitReady(ctx: RunContext, nodes: readonly string[]): Promise<Record<string, string> | undefined> {
    const db = this.db;
    if (!hasReadiness(db)) return undefined;
    const out: Record<string, string> = {};
    await Promise.all(nodes.map(async (node) => {
      const why = await db.awaitReady(ctx, node, READY_TIMEOUT_MS).catch((e: unknown) => `readiness unknown: ${(e as Error).message}`);
      if (why !== undefined) out[node] = why;
    }));
    return Object.keys(out).length > 0 ? out : undefined;
  }

  private async corrupt(ctx: RunContext, node: string, mode: CorruptMode, rng: Rng): Promise<Corruption> {
    const plan = planCorruption(rng, mode, await this.listFiles(ctx, node), this.saved.get(node) ?? []);
    await this.carryOut(ctx, node, plan.corruption, plan.save);
    return plan.corruption;
  }

  /** The named files of `node`'s data directory. */
  private async listFiles(ctx: RunContext, node: string): Promise<DataFile[]> {
    const patterns = this.db.dataFiles?.(node) ?? [];
    const { stdout } = await ctx.cluster.remote(node).exec(listDataFilesScript(this.db.dataDir(node)), RUN);
    return parseListing(stdout).filter((f) => matchesAny(f.path, patterns));
  }

  /** Saves `save` (when given) and then carries out `c` on `node`; remembers the saved chunk. */
  private async carryOut(ctx: RunContext, node: string, c: Corruption, save: Omit<SavedChunk, 'copy'> | undefined): Promise<void> {
    const dir = this.db.dataDir(node);
    const chunk = save ? { ...save, copy: savedChunkPath(dir, this.saves++) } : undefined;
    await ctx.cluster.remote(node).exec(corruptScript(dir, c, chunk), RUN);
    if (chunk) this.saved.set(node, [...(this.saved.get(node) ?? []), chunk].slice(-8));
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

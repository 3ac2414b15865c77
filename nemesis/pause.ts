/**
 * Pauses: SIGSTOP the system's processes on some nodes (the DB's `pause`), later SIGCONT them
 * (`resume`). A paused process keeps its sockets open but answers nothing.
 *
 * Ops (process `nemesis`):
 * - `pause`, value `{ targets, seed }` (as for kill) → completion value `{ paused: [nodes] }`;
 * - `resume` → resumes every node → `{ resumed: [nodes] }`.
 */
import { first, Rng } from '../core/generator/index.js';
import type { Op } from '../core/op.js';
import type { DB, Nemesis, NemesisPackage, Pausable, RunContext } from '../core/plugins.js';
import { chooseTargets } from './choose.js';
import { onNodes, throwIfFailed, withErrors } from './on-nodes.js';
import { nemesisSeed } from './seed.js';
import type { TargetKind } from './targets.js';
import { defaultTargetKinds, faultCycle } from './schedule.js';

/** The pause nemesis (fs `pause`, `resume`). */
export class PauseNemesis implements Nemesis {
  readonly name = 'pause';
  readonly fs = ['pause', 'resume'] as const;
  private rng = Rng.fromSeed(0);

  constructor(private readonly db: DB & Pausable) {}

  /** Seeds the fallback PRNG and resumes anything an earlier run left paused. */
  async setup(ctx: RunContext): Promise<void> {
    this.rng = Rng.fromSeed(nemesisSeed(ctx.options), 3);
    throwIfFailed(await this.resumeAll(ctx), 'pause setup (resume)');
  }

  /** Pauses or resumes; see the module notes for values. */
  async invoke(ctx: RunContext, op: Op): Promise<{ value: unknown; error?: string }> {
    if (op.f === 'resume') {
      const resumed = await this.resumeAll(ctx);
      return withErrors({ resumed: resumed.ok }, resumed);
    }
    if (op.f !== 'pause') return { value: op.value, error: `pause cannot do ${JSON.stringify(op.f)}` };
    let targets: string[];
    try {
      targets = await chooseTargets(op.value, ctx, this.db, this.rng);
    } catch (e) {
      return { value: op.value, error: (e as Error).message };
    }
    const out = await onNodes(targets, (n) => this.db.pause(ctx, n));
    return withErrors({ paused: out.ok }, out);
  }

  /** Resumes every node (SIGCONT is harmless where nothing is paused). */
  async teardown(ctx: RunContext): Promise<void> {
    throwIfFailed(await this.resumeAll(ctx), 'pause teardown (resume)');
  }

  private resumeAll(ctx: RunContext): ReturnType<typeof onNodes> {
    return onNodes(ctx.nodes, (n) => this.db.resume(ctx, n));
  }
}

/** Options of {@link pausePackage}. */
export interface PausePackageOptions {
  /** Time between a pause and its resume, and between a resume and the next pause, ns. */
  intervalNs: number;
  /** Target kinds to pick from at random. Default one, minority, majority, all (+ primaries when the DB can tell). */
  targets?: readonly TargetKind[];
}

/** Pauses every `intervalNs`: wait, `pause` (random targets), wait, `resume`, again. Final: `resume`. */
export function pausePackage(db: DB & Pausable, opts: PausePackageOptions, withPrimaries: boolean): NemesisPackage {
  const kinds: readonly TargetKind[] = opts.targets ?? defaultTargetKinds(withPrimaries);
  const pause = first((ctx) => ({ f: 'pause', value: { targets: ctx.rng.pick(kinds), seed: ctx.rng.int(2 ** 31) } }));
  return { nemesis: new PauseNemesis(db), ...faultCycle(opts.intervalNs, pause, 'resume') };
}

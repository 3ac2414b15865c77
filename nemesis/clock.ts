/**
 * Clock faults: shift the wall clock of the system's processes on some nodes by rewriting the
 * libfaketime time file they read (the DB's {@link HasClock}); the host clock is never touched.
 *
 * Ops (process `nemesis`); every completion value has `clock`: each node's offset, ms, after
 * the op (what the report's clock lane draws):
 * - `bump-clock`, value `{ targets, seed, maxMs? }` (or `{ targets, offsetsMs }` with chosen
 *   offsets) → `{ targets, offsetsMs, clock }`: each target gets a random offset of
 *   ±1 s..`maxMs` (default the run option `clockMaxOffsetMs`, else ±2 minutes);
 * - `strobe-clock`, value `{ targets, seed, deltaMs?, periodMs?, durationMs? }` → flips each
 *   target between its offset and offset + delta every period for the duration (bounded:
 *   at most 200 flips; stops early when the run is aborted), ending where it began →
 *   `{ targets, deltaMs, periodMs, flips, clock }`;
 * - `reset-clock` → every node back to `+0` → `{ clock }`.
 */
import { cycle, first, Rng, seq, sleep } from '../core/generator/index.js';
import type { Op } from '../core/op.js';
import type { DB, HasClock, Nemesis, NemesisPackage, RunContext } from '../core/plugins.js';
import { sh } from '../core/shell-quote.js';
import { chooseTargets } from './choose.js';
import { clockTable, DEFAULT_MAX_OFFSET_MS, faketimeText, randomOffsets, strobeOffset, strobePlan } from './clock-offsets.js';
import { onNodes, throwIfFailed, withErrors } from './on-nodes.js';
import { nemesisSeed } from './seed.js';
import type { TargetKind } from './targets.js';
import { defaultTargetKinds } from './schedule.js';

type Value = { targets?: unknown; seed?: unknown; maxMs?: unknown; offsetsMs?: unknown; deltaMs?: unknown; periodMs?: unknown; durationMs?: unknown };

const num = (x: unknown, dflt: number): number => (typeof x === 'number' && Number.isFinite(x) ? x : dflt);

/** The clock nemesis (fs `bump-clock`, `strobe-clock`, `reset-clock`). */
export class ClockNemesis implements Nemesis {
  readonly name = 'clock';
  readonly fs = ['bump-clock', 'strobe-clock', 'reset-clock'] as const;
  private rng = Rng.fromSeed(0);
  private readonly offsets = new Map<string, number>();

  constructor(private readonly db: DB & HasClock, private readonly maxOffsetMs?: number) {}

  /** Seeds the fallback PRNG and resets every node's clock (an earlier run may have left one skewed). */
  async setup(ctx: RunContext): Promise<void> {
    this.rng = Rng.fromSeed(nemesisSeed(ctx.options), 5);
    throwIfFailed(await this.resetAll(ctx), 'clock setup (reset)');
  }

  /** Bumps, strobes or resets; see the module notes for values. */
  async invoke(ctx: RunContext, op: Op): Promise<{ value: unknown; error?: string }> {
    if (op.f === 'reset-clock') {
      const out = await this.resetAll(ctx);
      return withErrors({ clock: clockTable(ctx.nodes, this.offsets) }, out);
    }
    if (op.f !== 'bump-clock' && op.f !== 'strobe-clock') return { value: op.value, error: `clock cannot do ${JSON.stringify(op.f)}` };
    const v = (op.value ?? {}) as Value;
    let targets: string[];
    try {
      targets = await chooseTargets(op.value, ctx, this.db, this.rng);
    } catch (e) {
      return { value: op.value, error: (e as Error).message };
    }
    return op.f === 'bump-clock' ? this.bump(ctx, targets, v) : this.strobe(ctx, targets, v);
  }

  /** Resets every node's clock to `+0`. */
  async teardown(ctx: RunContext): Promise<void> {
    throwIfFailed(await this.resetAll(ctx), 'clock teardown (reset)');
  }

  private async bump(ctx: RunContext, targets: string[], v: Value): Promise<{ value: unknown; error?: string }> {
    const given = v.offsetsMs !== null && typeof v.offsetsMs === 'object' ? (v.offsetsMs as Record<string, unknown>) : undefined;
    const maxMs = num(v.maxMs, this.maxOffsetMs ?? num(ctx.options.clockMaxOffsetMs, DEFAULT_MAX_OFFSET_MS));
    const random = Number.isSafeInteger(v.seed) ? Rng.fromSeed(v.seed as number) : this.rng;
    const offsetsMs = given ? Object.fromEntries(targets.map((t) => [t, Math.round(num(given[t], 0))])) : randomOffsets(targets, maxMs, random);
    const out = await onNodes(targets, (n) => this.write(ctx, n, offsetsMs[n]));
    return withErrors({ targets: out.ok, offsetsMs, clock: clockTable(ctx.nodes, this.offsets) }, out);
  }

  private async strobe(ctx: RunContext, targets: string[], v: Value): Promise<{ value: unknown; error?: string }> {
    let plan;
    try {
      plan = strobePlan(num(v.deltaMs, 30_000), num(v.periodMs, 1_000), num(v.durationMs, 5_000));
    } catch (e) {
      return { value: v, error: (e as Error).message };
    }
    const base = new Map(targets.map((t) => [t, this.offsets.get(t) ?? 0]));
    let flips = 0;
    const errors: string[] = [];
    for (let i = 1; i <= plan.flips && !ctx.signal.aborted; i++) {
      const out = await onNodes(targets, (n) => this.write(ctx, n, strobeOffset(base.get(n) ?? 0, plan, i)));
      if (out.failed.length > 0) errors.push(...out.failed.map((f) => `${f.node}: ${f.error}`));
      flips = i;
      if (i < plan.flips) await new Promise((r) => setTimeout(r, plan.periodMs));
    }
    if (flips % 2 === 1) await onNodes(targets, (n) => this.write(ctx, n, base.get(n) ?? 0)); // aborted mid-way: back to base
    const value = { targets, deltaMs: plan.deltaMs, periodMs: plan.periodMs, flips, clock: clockTable(ctx.nodes, this.offsets) };
    return errors.length === 0 ? { value } : { value, error: [...new Set(errors)].join('; ') };
  }

  private resetAll(ctx: RunContext): ReturnType<typeof onNodes> {
    return onNodes(ctx.nodes, (n) => this.write(ctx, n, 0));
  }

  /** Replaces the node's time file atomically (write a sibling, rename), then records the offset. */
  private async write(ctx: RunContext, node: string, offsetMs: number): Promise<void> {
    const file = this.db.clockFile(node);
    const tmp = `${file}.next`;
    await ctx.cluster.remote(node).exec(sh`printf '%s\\n' ${faketimeText(offsetMs)} > ${tmp} && mv -f ${tmp} ${file}`, { sudo: true, timeoutMs: 10_000 });
    if (offsetMs === 0) this.offsets.delete(node);
    else this.offsets.set(node, offsetMs);
  }
}

/** Options of {@link clockPackage}. */
export interface ClockPackageOptions {
  /** Time between a fault and its reset, and between a reset and the next fault, ns. */
  intervalNs: number;
  /** Largest bump, ms. Default: run option `clockMaxOffsetMs`, else ±2 minutes. */
  maxOffsetMs?: number;
  /** Target kinds to pick from. Default one, minority, majority, all. */
  targets?: readonly TargetKind[];
}

/**
 * Every interval: a `bump-clock` (the first fault, then 2 in 3) or a `strobe-clock` (lasting
 * up to an interval, at most 10 s, flipping by ±30 s every second or faster), then
 * `reset-clock` an interval later. Final: `reset-clock`.
 */
export function clockPackage(db: DB & HasClock, opts: ClockPackageOptions): NemesisPackage {
  const kinds: readonly TargetKind[] = opts.targets ?? defaultTargetKinds(false);
  const durationMs = Math.max(400, Math.min(10_000, Math.round(opts.intervalNs / 1e6)));
  const periodMs = Math.max(200, Math.min(1_000, Math.round(durationMs / 4)));
  const faultOf = (bumpOnly: boolean) => first((ctx) => {
    const value = { targets: ctx.rng.pick(kinds), seed: ctx.rng.int(2 ** 31) };
    if (bumpOnly || ctx.rng.int(3) < 2) return { f: 'bump-clock', value };
    return { f: 'strobe-clock', value: { ...value, deltaMs: ctx.rng.pick([-30_000, 30_000]), periodMs, durationMs } };
  });
  return {
    nemesis: new ClockNemesis(db, opts.maxOffsetMs),
    generator: seq(
      sleep(opts.intervalNs), faultOf(true), sleep(opts.intervalNs), { f: 'reset-clock' },
      cycle([sleep(opts.intervalNs), faultOf(false), sleep(opts.intervalNs), { f: 'reset-clock' }]),
    ),
    finalGenerator: first({ f: 'reset-clock' }),
  };
}

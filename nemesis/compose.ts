/**
 * Several nemesis packages as one: a nemesis that routes each op to the package handling its
 * `f`, their schedules side by side on the nemesis thread, and their healing final steps one
 * after another.
 */
import { any, nemesis as onNemesis, phases, type Generator } from '../core/generator/index.js';
import type { Op } from '../core/op.js';
import type { Nemesis, NemesisPackage, RunContext } from '../core/plugins.js';

/** One nemesis over `parts`: setup in order, ops routed by `f`, teardown of all, network first. */
class Composed implements Nemesis {
  readonly name: string;
  readonly fs: readonly string[];
  private readonly byF = new Map<string, Nemesis>();

  constructor(private readonly parts: readonly Nemesis[]) {
    this.name = parts.map((p) => p.name).join('+') || 'none';
    for (const p of parts) {
      for (const f of p.fs) {
        const other = this.byF.get(f);
        if (other !== undefined) throw new Error(`nemeses ${other.name} and ${p.name} both handle ${JSON.stringify(f)}`);
        this.byF.set(f, p);
      }
    }
    this.fs = [...this.byF.keys()];
  }

  async setup(ctx: RunContext): Promise<void> {
    for (const p of this.parts) await p.setup(ctx);
  }

  async invoke(ctx: RunContext, op: Op): Promise<{ value: unknown; error?: string }> {
    const p = this.byF.get(op.f);
    if (p === undefined) return { value: op.value, error: `no nemesis handles ${JSON.stringify(op.f)} (${this.fs.join(', ')})` };
    return p.invoke(ctx, op);
  }

  /** Tears every part down in {@link healOrder} (network first), even when some fail; then throws naming the failures. */
  async teardown(ctx: RunContext): Promise<void> {
    const errors: string[] = [];
    for (const { nemesis: p } of healOrder(this.parts.map((nemesis) => ({ nemesis })))) {
      try {
        await p.teardown(ctx);
      } catch (e) {
        errors.push(`${p.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (errors.length) throw new Error(`nemesis teardown failed: ${errors.join('; ')}`);
  }
}

/** Rank of a nemesis's heal: the network first, then resumes and clocks, restarts last. */
const HEAL_RANK: Readonly<Record<string, number>> = { partition: 0, loss: 0, packet: 0, pause: 1, clock: 2, kill: 3, 'power-loss': 3, 'corrupt-file': 3 };

/**
 * `packages` in the order their final heals run: a restarted process must reach its peers (a
 * HerdDB server cut from the ZooKeeper majority exits while starting), so network faults heal
 * before processes restart; equal ranks keep their order. Pure.
 */
export function healOrder<T extends { nemesis: { name: string } }>(packages: readonly T[]): T[] {
  return [...packages].sort((a, b) => (HEAL_RANK[a.nemesis.name] ?? 1) - (HEAL_RANK[b.nemesis.name] ?? 1));
}

/**
 * One package from `packages`: the composed nemesis; a generator running every package's
 * schedule side by side (`any`) on the nemesis thread; a final generator running each
 * package's final step in turn ({@link healOrder}: network first, restarts last), each waiting
 * for the previous to complete (so every fault is healed). No packages → a nemesis that handles nothing and empty schedules.
 * @throws Error when two packages handle the same `f`
 */
export function composeNemeses(packages: readonly NemesisPackage[]): NemesisPackage {
  const finals = healOrder(packages).map((p) => p.finalGenerator).filter((g): g is Generator => g !== undefined);
  return {
    nemesis: new Composed(packages.map((p) => p.nemesis)),
    generator: onNemesis(any(...packages.map((p) => p.generator))),
    ...(finals.length ? { finalGenerator: onNemesis(phases(...finals)) } : {}),
  };
}

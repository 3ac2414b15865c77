/**
 * Turning a kill or pause op's value into nodes: `{ targets, seed }`, or a bare target kind or
 * node list (targets.ts). `primaries` asks the DB when it can say who leads.
 */
import { Rng } from '../core/generator/index.js';
import { hasPrimaries, type DB, type RunContext } from '../core/plugins.js';
import { isTargetKind, selectTargets, TARGET_KINDS, type TargetSpec } from './targets.js';

/** The target spec and seed inside an op value. Pure. @throws Error quoting a bad spec */
export function targetSpecOf(value: unknown): { spec: TargetSpec; seed?: number } {
  const v = value as { targets?: unknown; seed?: unknown } | null;
  const raw = v !== null && typeof v === 'object' && !Array.isArray(v) ? v.targets : value;
  const seed = v !== null && typeof v === 'object' && Number.isSafeInteger((v as { seed?: unknown }).seed) ? (v as { seed: number }).seed : undefined;
  if (isTargetKind(raw)) return seed === undefined ? { spec: raw } : { spec: raw, seed };
  if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) return seed === undefined ? { spec: raw } : { spec: raw, seed };
  throw new Error(`unknown targets ${JSON.stringify(raw)} (known: ${TARGET_KINDS.join(', ')}, or a list of nodes)`);
}

/**
 * The nodes an op's value selects, in node order. Random kinds use the value's seed, else
 * `fallback`. `primaries` asks `db`.
 * @throws Error for a bad spec, an unknown node, or `primaries` when `db` cannot say who leads
 */
export async function chooseTargets(value: unknown, ctx: RunContext, db: DB, fallback: Rng): Promise<string[]> {
  const { spec, seed } = targetSpecOf(value);
  if (spec === 'primaries' && !hasPrimaries(db)) throw new Error(primariesUnsupported(db.name));
  const primaries = spec === 'primaries' && hasPrimaries(db) ? await db.primaries(ctx) : [];
  return selectTargets(spec, ctx.nodes, seed === undefined ? fallback : Rng.fromSeed(seed), primaries);
}

/** The error text for the `primaries` kind on a system that cannot say who leads. Pure. */
export function primariesUnsupported(system: string): string {
  return `targets "primaries" need a system that can say which nodes lead; ${system} cannot`;
}

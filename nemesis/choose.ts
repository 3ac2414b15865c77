/**
 * Turning a kill or pause op's value into nodes: `{ targets, seed }`, or a bare target kind or
 * node list (targets.ts). `primaries` asks the DB when it can say who leads.
 */
import { Rng } from '../harness/generator/index.js';
import { hasPrimaries, type DB, type RunContext } from '../harness/plugins.js';
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
 * `fallback`. `primaries` asks `db` (none when it cannot tell).
 * @throws Error for a bad spec or an unknown node
 */
export async function chooseTargets(value: unknown, ctx: RunContext, db: DB, fallback: Rng): Promise<string[]> {
  const { spec, seed } = targetSpecOf(value);
  const primaries = spec === 'primaries' && hasPrimaries(db) ? await db.primaries(ctx) : [];
  return selectTargets(spec, ctx.nodes, seed === undefined ? fallback : Rng.fromSeed(seed), primaries);
}

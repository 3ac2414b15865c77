/**
 * Consistency models and the anomalies each one forbids (after Adya, Cerone et al. and Elle's
 * table). A model forbids what it lists, what the weaker models it implies forbid, and every
 * special case of those (a G0 is a G1c, a G1c a G1, a G-single a G-nonadjacent, a lost update a
 * G2-item, an aborted read via an incompatible order a G1a, …).
 */
import { impliedTypes } from './cycle-types.js';

/** The models `--consistency-models` accepts, weakest first. */
export const CONSISTENCY_MODELS = [
  'read-uncommitted',
  'read-committed',
  'repeatable-read',
  'snapshot-isolation',
  'serializable',
  'strong-session-snapshot-isolation',
  'strong-session-serializable',
  'strong-snapshot-isolation',
  'strict-serializable',
] as const;

/** One of {@link CONSISTENCY_MODELS}. */
export type ConsistencyModel = (typeof CONSISTENCY_MODELS)[number];

/** What Elle calls some of them. */
export const MODEL_ALIASES: Readonly<Record<string, ConsistencyModel>> = {
  'strong-serializable': 'strict-serializable',
  'strict-1SR': 'strict-serializable',
  'PL-1': 'read-uncommitted',
  'PL-2': 'read-committed',
  'PL-2.99': 'repeatable-read',
  'PL-SI': 'snapshot-isolation',
  'PL-3': 'serializable',
  'PL-SS': 'strict-serializable',
};

interface ModelDef {
  implies: readonly ConsistencyModel[];
  forbids: readonly string[];
}

const MODELS: Readonly<Record<ConsistencyModel, ModelDef>> = {
  'read-uncommitted': { implies: [], forbids: ['G0', 'cyclic-versions'] },
  'read-committed': {
    implies: ['read-uncommitted'],
    forbids: ['G1', 'dirty-update', 'duplicate-elements', 'incompatible-order', 'future-read', 'garbage-read'],
  },
  // `internal` includes non-repeatable reads inside one transaction, which read committed allows.
  'repeatable-read': { implies: ['read-committed'], forbids: ['G2-item', 'lost-update', 'internal'] },
  // G-single is a special case of G-nonadjacent; Cerone & Gotsman: SI allows only cycles with two adjacent rw edges.
  'snapshot-isolation': { implies: ['read-committed'], forbids: ['G-nonadjacent', 'lost-update', 'internal'] },
  serializable: { implies: ['repeatable-read', 'snapshot-isolation'], forbids: [] },
  'strong-session-snapshot-isolation': { implies: ['snapshot-isolation'], forbids: ['G1-process', 'G-nonadjacent-process'] },
  'strong-session-serializable': { implies: ['serializable', 'strong-session-snapshot-isolation'], forbids: ['G2-item-process'] },
  'strong-snapshot-isolation': { implies: ['strong-session-snapshot-isolation'], forbids: ['G1-realtime', 'G-nonadjacent-realtime'] },
  'strict-serializable': { implies: ['strong-session-serializable', 'strong-snapshot-isolation'], forbids: ['G2-item-realtime'] },
};

/** Non-cycle implications (special case → more general), added to the cycle ones. */
const EXTRA_IMPLIES: Readonly<Record<string, readonly string[]>> = {
  G1a: ['G1'],
  G1b: ['G1'],
  G1c: ['G1'],
  'G1c-process': ['G1-process'],
  'G1c-realtime': ['G1-realtime'],
  G1: ['G1-process'],
  'G1-process': ['G1-realtime'],
  'incompatible-order': ['G1a'],
  'dirty-update': ['G1a'],
  'future-read': ['G1c'],
  'lost-update': ['G2-item'],
};

/** `model` and every weaker model it implies. Pure. */
export function modelClosure(model: ConsistencyModel): Set<ConsistencyModel> {
  const out = new Set<ConsistencyModel>();
  const todo: ConsistencyModel[] = [model];
  while (todo.length > 0) {
    const m = todo.pop() as ConsistencyModel;
    if (out.has(m)) continue;
    out.add(m);
    todo.push(...MODELS[m].implies);
  }
  return out;
}

/** True when `model` forbids anomaly type `anomaly`. Pure. */
export function forbids(model: ConsistencyModel, anomaly: string): boolean {
  const general = impliedTypes([anomaly], EXTRA_IMPLIES);
  for (const m of modelClosure(model)) for (const f of MODELS[m].forbids) if (general.has(f)) return true;
  return false;
}

/** Which models the found anomaly types rule out and which they do not. */
export interface ModelJudgement {
  /** The weakest models ruled out (their weaker models all hold). */
  not: ConsistencyModel[];
  /** The other models ruled out. */
  alsoNot: ConsistencyModel[];
  /** Models the anomalies found do not rule out. */
  possible: ConsistencyModel[];
}

/** Judges every known model against the anomaly types found. Pure. */
export function judgeModels(anomalies: readonly string[]): ModelJudgement {
  const out = new Set<ConsistencyModel>();
  for (const m of CONSISTENCY_MODELS) if (anomalies.some((a) => forbids(m, a))) out.add(m);
  const not = [...out].filter((m) => ![...modelClosure(m)].some((w) => w !== m && out.has(w)));
  return { not, alsoNot: [...out].filter((m) => !not.includes(m)), possible: CONSISTENCY_MODELS.filter((m) => !out.has(m)) };
}

/** The canonical name of `name` (an alias or a model), or undefined. Pure. */
export function canonicalModel(name: string): ConsistencyModel | undefined {
  if ((CONSISTENCY_MODELS as readonly string[]).includes(name)) return name as ConsistencyModel;
  return MODEL_ALIASES[name];
}

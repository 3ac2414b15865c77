/**
 * Cycle anomalies of a transaction graph: its strongly connected components, and in each one a
 * short cycle of every type not already implied by a worse one found there (Elle's order:
 * G0, G1c, G-single, G-nonadjacent, G2-item, then their -process and -realtime variants).
 */
import type { AnomalySink } from './anomalies.js';
import { findCycle, type SearchBudget } from './cycle-search.js';
import { classifyCycle, CYCLE_SPECS, impliedTypes, type CycleSpec } from './cycle-types.js';
import { explainCycle, type CycleCase, type DataExplainer } from './explain.js';
import type { Graph } from './graph.js';
import { ALL } from './rels.js';
import { cyclicCandidates, SccWorkspace, stronglyConnected } from './scc.js';
import type { TxnTable } from './txns.js';

/** A cycle search that ran out of budget: the type may be there, unseen. */
export interface IncompleteSearch {
  type: string;
  sccSize: number;
}

/** What the cycle search looked at. */
export interface CycleStats {
  /** Strongly connected components with two or more transactions. */
  sccs: number;
  largestScc: number;
  incomplete: IncompleteSearch[];
}

/** Default limits per search (one type in one component). */
export const DEFAULT_BUDGET: SearchBudget = { pivots: 64, states: 2_000_000 };

/**
 * Finds, classifies and explains the cycles of `g` into `sink`: every type of `specs` (default:
 * all of them, in Elle's order). The stream checker asks for G0 and G1c (and their variants) only.
 */
export function findCycles(
  txns: TxnTable,
  g: Graph,
  why: DataExplainer,
  sink: AnomalySink<CycleCase>,
  budget: SearchBudget = DEFAULT_BUDGET,
  specs: readonly CycleSpec[] = CYCLE_SPECS,
): CycleStats {
  const candidates = cyclicCandidates(g);
  if (candidates.length === 0) return { sccs: 0, largestScc: 0, incomplete: [] };
  const ws = new SccWorkspace(g.n);
  const comps = stronglyConnected(g, ws, candidates, ALL);
  const stats: CycleStats = { sccs: comps.length, largestScc: 0, incomplete: [] };
  if (comps.length === 0) return stats;
  const member = new Int32Array(g.n).fill(-1);
  const sub = new Int32Array(g.n).fill(-1);
  const nextSub = { value: 0 };
  comps.forEach((c, i) => {
    for (const v of c) member[v] = i;
  });
  comps.forEach((comp, i) => {
    stats.largestScc = Math.max(stats.largestScc, comp.length);
    const found = new Set<string>();
    for (const spec of specs) {
      if (impliedTypes(found).has(spec.name)) continue;
      const r = findCycle(g, ws, comp, member, i, sub, nextSub, spec, budget);
      if (r === 'budget') {
        stats.incomplete.push({ type: spec.name, sccSize: comp.length });
        continue;
      }
      if (r === null) continue;
      const type = classifyCycle(r.rels);
      found.add(type);
      sink.add(type, () => explainCycle(txns, r, type, why));
    }
  });
  return stats;
}

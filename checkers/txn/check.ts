/**
 * The transactional checker: from a history of `txn` ops (list-append or rw-register micro-ops)
 * to a verdict naming every anomaly found (cycles and not), the asked-for consistency models they
 * violate, and which models are ruled out and which are not.
 */
import type { History } from '../../core/op.js';
import type { Verdict } from '../../core/verdict.js';
import { appendExplainer } from './append-explain.js';
import { indexAppends } from './append-index.js';
import { checkInternal } from './append-internal.js';
import { checkReads } from './append-reads.js';
import { buildVersions } from './append-versions.js';
import { AnomalySink, type AnomalyCase } from './anomalies.js';
import { CYCLE_TYPES } from './cycle-types.js';
import type { SearchBudget } from './cycle-search.js';
import { DEFAULT_BUDGET, findCycles, type CycleStats } from './cycles.js';
import type { CycleCase, DataExplainer } from './explain.js';
import { EdgeBuilder } from './graph.js';
import { canonicalModel, forbids, judgeModels, type ConsistencyModel } from './models.js';
import { addProcessEdges, addRealtimeEdges } from './order-edges.js';
import { analyseRegisters } from './register.js';
import { collectTxns, FAIL, OK, type TxnTable } from './txns.js';

/** The two data models. */
export const TXN_MODELS = ['list-append', 'rw-register'] as const;
/** One of {@link TXN_MODELS}. */
export type TxnModel = (typeof TXN_MODELS)[number];

/** Options of {@link checkTxn}. */
export interface TxnCheckOptions {
  model: TxnModel;
  /** Models the history is checked against (default: strict-serializable). */
  consistencyModels?: readonly string[];
  /** Cases kept per anomaly type (default 5); every case is counted. */
  limit?: number;
  /** Limits per cycle search (one type in one component). */
  budget?: SearchBudget;
}

/** The verdict of {@link checkTxn}. */
export interface TxnVerdict extends Verdict {
  model: TxnModel;
  consistencyModels: ConsistencyModel[];
  /** Anomaly types found, cycles first. */
  anomalyTypes: string[];
  /** Cases found per anomaly type. */
  counts: Record<string, number>;
  /** Up to `limit` non-cycle cases per type. */
  anomalies: Record<string, AnomalyCase[]>;
  /** Up to `limit` explained cycles per type. */
  cycles: Record<string, CycleCase[]>;
  /** Asked-for models the anomalies violate. */
  violated: ConsistencyModel[];
  /** Weakest models ruled out, the other ruled-out ones, and those not ruled out. */
  not: ConsistencyModel[];
  alsoNot: ConsistencyModel[];
  possible: ConsistencyModel[];
  txns: { ok: number; info: number; fail: number };
  graph: { edges: number } & CycleStats;
  warnings: string[];
}

/**
 * Checks a transactional history. Pure.
 * @throws TxnInputError for a malformed micro-op; Error for an unknown consistency model
 */
export function checkTxn(history: History, opts: TxnCheckOptions): TxnVerdict {
  const asked = (opts.consistencyModels ?? ['strict-serializable']).map((m) => {
    const c = canonicalModel(m);
    if (!c) throw new Error(`unknown consistency model ${JSON.stringify(m)}`);
    return c;
  });
  const limit = opts.limit ?? 5;
  const txns = collectTxns(history);
  const edges = new EdgeBuilder(8 * txns.n); // about 7.6 per txn in Jepsen-shaped histories
  const sink = new AnomalySink<AnomalyCase>(limit);
  const warnings: string[] = [];
  let why: DataExplainer;
  if (opts.model === 'list-append') {
    const ix = indexAppends(txns);
    buildVersions(ix, edges, sink);
    checkReads(ix, edges, sink);
    checkInternal(txns, sink, ix.repeats);
    why = appendExplainer(ix);
    if (ix.duplicateAppends > 0) warnings.push(`${ix.duplicateAppends} appends of a value already appended to the same key were ignored (values must be unique per key)`);
  } else {
    why = analyseRegisters(txns, edges, sink, warnings);
  }
  addProcessEdges(txns, edges);
  addRealtimeEdges(txns, history.length, edges);
  const graph = edges.build(txns.n);
  const cycleSink = new AnomalySink<CycleCase>(limit);
  const stats = findCycles(txns, graph, why, cycleSink, opts.budget ?? DEFAULT_BUDGET);
  return verdictOf(opts.model, asked, txns, sink, cycleSink, { edges: graph.to.length, ...stats }, warnings);
}

function verdictOf(
  model: TxnModel,
  asked: ConsistencyModel[],
  txns: TxnTable,
  sink: AnomalySink<AnomalyCase>,
  cycleSink: AnomalySink<CycleCase>,
  graph: TxnVerdict['graph'],
  warnings: string[],
): TxnVerdict {
  const cycleTypes = CYCLE_TYPES.filter((t) => cycleSink.has(t));
  const otherTypes = [...sink.counts.keys()].sort();
  const anomalyTypes = [...cycleTypes, ...otherTypes];
  const counts: Record<string, number> = {};
  for (const t of cycleTypes) counts[t] = cycleSink.counts.get(t) as number;
  for (const t of otherTypes) counts[t] = sink.counts.get(t) as number;
  const judged = judgeModels(anomalyTypes);
  const violated = asked.filter((m) => anomalyTypes.some((a) => forbids(m, a)));
  const tally = { ok: 0, info: 0, fail: 0 };
  for (let t = 0; t < txns.n; t++) {
    const s = txns.status[t];
    if (s === OK) tally.ok++;
    else if (s === FAIL) tally.fail++;
    else tally.info++;
  }
  const blind = graph.incomplete.filter((i) => asked.some((m) => forbids(m, i.type)));
  let valid: TxnVerdict['valid'] = violated.length > 0 ? false : tally.ok === 0 || blind.length > 0 ? 'unknown' : true;
  if (valid === 'unknown' && tally.ok === 0) warnings.push('no committed transaction: nothing to check');
  if (blind.length > 0) warnings.push(`cycle search ran out of budget for ${[...new Set(blind.map((b) => b.type))].join(', ')} (largest component ${graph.largestScc} transactions)`);
  if (valid === true && txns.n === 0) valid = 'unknown';
  const summary =
    anomalyTypes.length === 0
      ? `${tally.ok} committed transactions, no anomalies`
      : `${anomalyTypes.map((t) => `${counts[t]} ${t}`).join(', ')}${violated.length > 0 ? `; violates ${violated.join(', ')}` : `; allowed by ${asked.join(', ')}`}`;
  return {
    valid,
    summary,
    model,
    consistencyModels: asked,
    anomalyTypes,
    counts,
    anomalies: Object.fromEntries(sink.cases),
    cycles: Object.fromEntries(CYCLE_TYPES.filter((t) => cycleSink.cases.has(t)).map((t) => [t, cycleSink.cases.get(t) as CycleCase[]])),
    violated,
    ...judged,
    txns: tally,
    graph,
    warnings,
  };
}

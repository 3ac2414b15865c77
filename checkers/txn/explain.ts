/**
 * Explaining a cycle step by step in words: each edge says which transaction came first and
 * why (what was appended or written, what was read, which process, which op completed before
 * which began), and the last sentence names the anomaly.
 */
import type { TxnRef } from './anomalies.js';
import type { FoundCycle } from './cycle-search.js';
import { txnName, txnRef } from './refs.js';
import { PROCESS, REALTIME, REL_NAMES } from './rels.js';
import type { TxnTable } from './txns.js';

/** `T812`: the short name of transaction `t` in the "so A < B" clauses. */
const short = (txns: TxnTable, t: number): string => `T${txns.op[t].index}`;

/** Why one data edge holds: the key and value behind it, and a clause saying so. */
export interface EdgeWhy {
  key?: unknown;
  value?: unknown;
  /** E.g. `T3 (process 1) appended 4 to key 17 and T9 (process 2) read key 17 as [1 4]`. */
  text: string;
}

/** Explains a ww, wr or rw edge a → b of one model (list-append or rw-register). */
export type DataExplainer = (a: number, b: number, rel: number) => EdgeWhy;

/** One step of a cycle. */
export interface CycleStep {
  from: TxnRef;
  to: TxnRef;
  /** `ww`, `wr`, `rw`, `process` or `realtime`. */
  rel: string;
  key?: unknown;
  value?: unknown;
  text: string;
}

/** A reported cycle: its type, its transactions, its steps and the whole story in words. */
export interface CycleCase {
  type: string;
  txns: TxnRef[];
  steps: CycleStep[];
  explanation: string;
}

/** What each cycle type shows, for the closing sentence. */
const MEANING: Readonly<Record<string, string>> = {
  G0: 'a write cycle (G0): no order of these transactions explains the order of their writes',
  G1c: 'a circular information flow (G1c): each transaction saw or overwrote the one before',
  'G-single': 'a cycle with exactly one anti-dependency (G-single, read skew): not snapshot isolated, not serializable',
  'G-nonadjacent': 'a cycle whose anti-dependencies are never adjacent (G-nonadjacent): not snapshot isolated, not serializable',
  'G2-item': 'a cycle of anti-dependencies (G2-item, e.g. write skew): not serializable',
};

/** Explains `cycle` of type `type`. Pure. */
export function explainCycle(txns: TxnTable, cycle: FoundCycle, type: string, data: DataExplainer): CycleCase {
  const n = cycle.nodes.length;
  const steps: CycleStep[] = [];
  for (let i = 0; i < n; i++) {
    const a = cycle.nodes[i];
    const b = cycle.nodes[(i + 1) % n];
    const rel = cycle.rels[i];
    const why = rel === PROCESS ? processWhy(txns, a, b) : rel === REALTIME ? realtimeWhy(txns, a, b) : data(a, b, rel);
    const step: CycleStep = { from: txnRef(txns, a), to: txnRef(txns, b), rel: REL_NAMES[rel], text: `${why.text}, so ${short(txns, a)} < ${short(txns, b)} (${REL_NAMES[rel]})` };
    if (why.key !== undefined) step.key = why.key;
    if (why.value !== undefined) step.value = why.value;
    steps.push(step);
  }
  const base = type.replace(/-(process|realtime)$/, '');
  const variant = type.endsWith('-realtime') ? ' (closed by real-time order)' : type.endsWith('-process') ? ' (closed by process order)' : '';
  const close = `${short(txns, cycle.nodes[0])} < ${short(txns, cycle.nodes[0])}: ${MEANING[base] ?? type}${variant}`;
  return {
    type,
    txns: cycle.nodes.map((t) => txnRef(txns, t)),
    steps,
    explanation: `${steps.map((s) => s.text).join('; ')}; so ${close}.`,
  };
}

function processWhy(txns: TxnTable, a: number, b: number): EdgeWhy {
  return { text: `${txnName(txns, a)} and ${txnName(txns, b)} ran on the same process, ${txnName(txns, a)} first` };
}

function realtimeWhy(txns: TxnTable, a: number, b: number): EdgeWhy {
  return { text: `${txnName(txns, a)} completed before ${txnName(txns, b)} was invoked` };
}

/**
 * The transactional anomalies card's data: for each case a transactional checker kept (cycles
 * and other anomalies, see checkers/txn/), its transactions (named as the explanations name
 * them, keyed for the timeline by their invocation), the edges of a cycle with their relation,
 * key and value, and its explanation in words. Values are turned into short text here; the
 * viewer only ever sets them as text. Pure; bounded in size whatever the verdicts hold.
 */
import { canonicalModel, forbids } from '../checkers/txn/index.js';
import { show } from '../checkers/txn/refs.js';
import type { History } from '../core/op.js';
import type { Verdict } from '../core/verdict.js';
import { invocationIndexes } from './op-index.js';

/** Most cases in a report. */
export const MAX_TXN_CASES = 60;
/** Most transactions kept per case (a longer cycle is listed but not drawn). */
export const MAX_CASE_TXNS = 24;
/** Characters kept of a value or key, and of an explanation. */
export const MAX_VALUE_CHARS = 40;
export const MAX_EXPLANATION_CHARS = 4000;

/** A transaction of a case. */
export interface TxnNodeView {
  /** `T812`: the name the explanations use (the op index of its completion). */
  label: string;
  process: string;
  /** `ok`, `info` or `fail`. */
  type: string;
  /** History index of the op's invocation (the timeline's key for the op). */
  index: number;
}

/** An edge of a cycle: transaction `from` precedes `to` (positions in the case's `txns`). */
export interface TxnEdgeView {
  from: number;
  to: number;
  /** `ww`, `wr`, `rw`, `process` or `realtime`. */
  rel: string;
  key: string | null;
  value: string | null;
  /** The step in words ("T3 … appended 4 to key 17 …, so T3 < T9 (wr)"). */
  text: string;
}

/** One case: a cycle (with edges) or another anomaly (without). */
export interface TxnCaseView {
  checker: string;
  type: string;
  cycle: boolean;
  /** True when an asked-for consistency model forbids the type (else only reported). */
  counted: boolean;
  txns: TxnNodeView[];
  /** Transactions of the case past {@link MAX_CASE_TXNS}, not listed. */
  moreTxns: number;
  edges: TxnEdgeView[];
  /** The explanation's closing sentence after the steps (drawn cycles), or the whole explanation. */
  explanation: string;
  key: string | null;
  value: string | null;
}

/** Per checker and type: cases found and drawn. */
export interface TxnTypeCount {
  checker: string;
  type: string;
  cycle: boolean;
  counted: boolean;
  total: number;
  drawn: number;
}

/** The consistency models a checker was asked about and what it concluded. */
export interface TxnModelsView {
  checker: string;
  asked: string[];
  violated: string[];
  not: string[];
  possible: string[];
}

/** Everything the card shows. */
export interface TxnViews {
  cases: TxnCaseView[];
  kinds: TxnTypeCount[];
  /** Cases found but not drawn (past the checker's own cap or {@link MAX_TXN_CASES}). */
  omitted: number;
  models: TxnModelsView[];
}

const obj = (x: unknown): Record<string, unknown> | null => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : null);
const strs = (x: unknown): string[] => (Array.isArray(x) ? x.map((s) => clipText(String(s), MAX_VALUE_CHARS)) : []);

/** Cuts `s` to `max` characters with an ellipsis. Pure. */
export function clipText(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** A key or value as short text (lists as `[1 2 3]`, strings quoted), or null when absent. Pure. */
export function valueText(v: unknown): string | null {
  return v === undefined ? null : clipText(show(v), MAX_VALUE_CHARS);
}

/** True when `v` looks like a transactional checker's verdict. */
export function isTxnVerdict(v: Verdict): boolean {
  return obj(v.cycles) !== null && obj(v.anomalies) !== null && Array.isArray(v.anomalyTypes);
}

/** A transaction reference of a verdict (`{index, process, type}`), or null. */
function ref(x: unknown): { index: number; process: string; type: string } | null {
  const r = obj(x);
  return r !== null && typeof r.index === 'number' ? { index: r.index, process: String(r.process ?? '?'), type: String(r.type ?? '?') } : null;
}

/** The types `asked` forbids; every type counts when the verdict names no model it knows. */
function countedBy(asked: string[], valid: unknown): (type: string) => boolean {
  const models = asked.map(canonicalModel).filter((m) => m !== undefined);
  if (models.length === 0) return () => valid === false;
  return (type) => models.some((m) => forbids(m, type));
}

/** One case of `list` under type `type`, with completion indexes still (mapped later). */
function caseOf(checker: string, type: string, cycle: boolean, counted: boolean, raw: Record<string, unknown>): TxnCaseView | null {
  const all = (Array.isArray(raw.txns) ? raw.txns : []).map(ref).filter((r) => r !== null);
  if (all.length === 0) return null;
  const txns = all.slice(0, MAX_CASE_TXNS).map((r) => ({ label: `T${r.index}`, process: r.process, type: r.type, index: r.index }));
  const at = new Map(txns.map((t, k) => [t.index, k]));
  const edges: TxnEdgeView[] = [];
  const steps = cycle && Array.isArray(raw.steps) ? raw.steps.map(obj).filter((s) => s !== null) : [];
  for (const s of steps) {
    const from = at.get(ref(s.from)?.index ?? -1);
    const to = at.get(ref(s.to)?.index ?? -1);
    if (from === undefined || to === undefined) continue;
    edges.push({ from, to, rel: String(s.rel ?? '?'), key: valueText(s.key), value: valueText(s.value), text: clipText(String(s.text ?? ''), 600) });
  }
  const drawn = all.length <= MAX_CASE_TXNS;
  let explanation = typeof raw.explanation === 'string' ? raw.explanation : '';
  const story = steps.map((s) => String(s.text ?? '')).join('; ');
  // drawn cycles list their steps one by one: keep only the closing sentence
  if (drawn && steps.length > 0 && explanation.startsWith(`${story}; `)) explanation = explanation.slice(story.length + 2);
  return {
    checker,
    type,
    cycle,
    counted,
    txns,
    moreTxns: all.length - txns.length,
    edges: drawn ? edges : [],
    explanation: clipText(explanation, MAX_EXPLANATION_CHARS),
    key: valueText(raw.key),
    value: valueText(raw.value),
  };
}

/**
 * The card's data from a run's verdicts (by checker name), or null when no transactional
 * checker kept a case. Pure; one pass over `history` to key transactions by invocation.
 */
export function txnViews(history: History, checkers: Readonly<Record<string, Verdict>>): TxnViews | null {
  const cases: TxnCaseView[] = [];
  const kinds: TxnTypeCount[] = [];
  const models: TxnModelsView[] = [];
  for (const [checker, v] of Object.entries(checkers)) {
    if (v === null || typeof v !== 'object' || !isTxnVerdict(v)) continue;
    const asked = strs(v.consistencyModels);
    const counted = countedBy(asked, v.valid);
    models.push({ checker, asked, violated: strs(v.violated), not: strs(v.not), possible: strs(v.possible) });
    const counts = obj(v.counts) ?? {};
    for (const [field, cycle] of [['cycles', true], ['anomalies', false]] as const) {
      for (const [type, list] of Object.entries(obj(v[field]) ?? {})) {
        let drawn = 0;
        for (const raw of Array.isArray(list) ? list : []) {
          const r = obj(raw);
          const c = r === null || cases.length >= MAX_TXN_CASES ? null : caseOf(checker, clipText(type, MAX_VALUE_CHARS), cycle, counted(type), r);
          if (c === null) continue;
          cases.push(c);
          drawn++;
        }
        const total = typeof counts[type] === 'number' ? Math.max(counts[type] as number, drawn) : drawn;
        kinds.push({ checker, type: clipText(type, MAX_VALUE_CHARS), cycle, counted: counted(type), total, drawn });
      }
    }
  }
  if (cases.length === 0) return null;
  const inv = invocationIndexes(history, cases.flatMap((c) => c.txns.map((t) => t.index)));
  for (const c of cases) for (const t of c.txns) t.index = inv.get(t.index) ?? t.index;
  kinds.sort((x, y) => Number(y.counted) - Number(x.counted) || Number(y.cycle) - Number(x.cycle));
  return { cases, kinds, omitted: kinds.reduce((n, k) => n + k.total - k.drawn, 0), models };
}

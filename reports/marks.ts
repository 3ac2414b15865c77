/**
 * The ops the checkers point at, as timeline marks: the op a linearizability search could not
 * place and the longest linearizable path before it, bank reads with a wrong total, a set's
 * lost elements (their adds and the final reads that lacked them), the ops of each stream
 * anomaly drawn, and the transactions of each transactional cycle or anomaly. Every mark is keyed by the op's invocation index (the timeline's key). Pure,
 * bounded ({@link MAX_MARKS}).
 */
import type { History } from '../core/op.js';
import type { Verdict } from '../core/verdict.js';
import type { CheckerView } from './evidence.js';
import { invocationIndexes } from './op-index.js';
import type { StreamViews } from './stream-views.js';
import type { TimelineMark } from './timeline.js';
import { MAX_CASE_TXNS } from './txn-views.js';

/** Most marks in a report. */
export const MAX_MARKS = 400;
/** Most marks per checker and kind. */
const PER_KIND = 100;

const obj = (x: unknown): Record<string, unknown> | null => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : null);

function linearizableMarks(c: CheckerView, out: TimelineMark[]): void {
  if (c.evidence.kind !== 'linearizable') return;
  for (const f of c.evidence.failures) {
    const key = f.key === null ? '' : ` (key ${JSON.stringify(f.key)})`;
    const group = `${c.name}:${JSON.stringify(f.key)}`;
    f.prefixes.forEach((p, k) => {
      if (k === 0) p.ops.forEach((o, seq) => out.push({ index: o.index, label: `${c.name}: linearized #${p.omitted + seq + 1}${key}: ${o.text}`, checker: c.name, kind: 'path', seq, group }));
      if (typeof p.blocking?.index === 'number') out.push({ index: p.blocking.index, label: `${c.name}: could not place ${p.blocking.text}${key} in state ${p.state}`, checker: c.name, kind: 'blocking', group, state: p.state });
    });
  }
}

function bankMarks(name: string, v: Verdict, out: TimelineMark[]): void {
  if (!Array.isArray(v.bad) || typeof v.total !== 'number') return;
  for (const b of (v.bad as unknown[]).slice(0, PER_KIND)) {
    const r = obj(b);
    if (r === null || typeof r.invokeIndex !== 'number') continue;
    const problems = Array.isArray(r.problems) ? r.problems.join(', ') : 'bad read';
    const where = `${typeof r.node === 'string' ? ` on ${r.node}` : ''}${typeof r.timeS === 'number' ? ` at ${r.timeS.toFixed(2)} s` : ''}`;
    out.push({ index: r.invokeIndex, label: `${name}: read${where} summed to ${String(r.sum)} (expected ${v.total}): ${problems}`, checker: name, kind: 'bad-read' });
  }
}

function setMarks(name: string, v: Verdict, history: History, out: TimelineMark[]): void {
  const lost = obj(v.lost);
  if (lost === null || !Array.isArray(lost.elements) || lost.elements.length === 0) return;
  const wanted = new Set(lost.elements.slice(0, PER_KIND).map((e) => JSON.stringify(e)));
  for (const op of history) {
    if (op.type !== 'invoke' || op.f !== 'add' || op.process === 'nemesis') continue;
    if (wanted.has(JSON.stringify(op.value))) out.push({ index: op.index, label: `${name}: lost element ${JSON.stringify(op.value)} (its add)`, checker: name, kind: 'lost' });
  }
  if (Array.isArray(v.reads)) {
    for (const r of v.reads as unknown[]) {
      const read = obj(r);
      if (read !== null && typeof read.index === 'number' && typeof read.missing === 'number' && read.missing > 0) {
        const where = typeof read.node === 'string' ? ` on ${read.node}` : '';
        out.push({ index: read.index, label: `${name}: final read by p${String(read.process)}${where} lacks ${read.missing} acknowledged element(s)`, checker: name, kind: 'lost' });
      }
    }
  }
}

/** Transactional checker cases (cycles and other anomalies): each transaction involved, at its invocation. */
function txnMarks(name: string, v: Verdict, history: History, out: TimelineMark[]): void {
  if (obj(v.cycles) === null || obj(v.anomalies) === null || !Array.isArray(v.anomalyTypes)) return;
  const cases: { type: string; text: string; txns: number[] }[] = [];
  for (const field of ['cycles', 'anomalies'] as const) {
    for (const [type, list] of Object.entries(obj(v[field])!)) {
      if (!Array.isArray(list)) continue;
      for (const c of list.slice(0, 10)) {
        const cs = obj(c);
        if (cs === null || !Array.isArray(cs.txns)) continue;
        const txns = cs.txns.map((t) => obj(t)?.index).filter((i): i is number => typeof i === 'number');
        const text = typeof cs.explanation === 'string' ? cs.explanation.split('\n')[0] : type;
        cases.push({ type, text: text.length > 140 ? `${text.slice(0, 139)}…` : text, txns });
      }
    }
  }
  const inv = invocationIndexes(history, cases.flatMap((c) => c.txns));
  cases.forEach((c, k) => {
    for (const i of c.txns.slice(0, MAX_CASE_TXNS)) out.push({ index: inv.get(i) ?? i, label: `${name}: ${c.type}: ${c.text}`, checker: name, kind: 'txn', group: `${name}:txn:${k}` });
  });
}

function streamMarks(streams: StreamViews | null, out: TimelineMark[]): void {
  for (const v of streams?.views ?? []) {
    if (!v.counted) continue;
    for (const i of v.ops.slice(0, 6)) out.push({ index: i, label: `${v.checker}: ${v.kind} on key ${v.key}: ${v.note}`, checker: v.checker, kind: 'stream' });
  }
}

/**
 * The marks of every checker, at most {@link MAX_MARKS} (the first of each op kept, blocking
 * ops and paths first). Pure; one pass over the history when a set lost elements.
 */
export function evidenceMarks(views: readonly CheckerView[], verdicts: Readonly<Record<string, Verdict>> = {}, history: History = [], streams: StreamViews | null = null): TimelineMark[] {
  const marks: TimelineMark[] = [];
  for (const c of views) linearizableMarks(c, marks);
  for (const [name, v] of Object.entries(verdicts)) {
    if (v === null || typeof v !== 'object') continue;
    bankMarks(name, v, marks);
    setMarks(name, v, history, marks);
    txnMarks(name, v, history, marks);
  }
  streamMarks(streams, marks);
  const seen = new Set<string>();
  return marks.filter((m) => {
    const id = `${m.kind}:${m.group ?? ''}:${m.index}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  }).slice(0, MAX_MARKS);
}

/**
 * The ledger checker: what BookKeeper's fencing promises for a log made of a chain of ledgers
 * (workloads/ledger.ts, issue 7 item 5). It complements the generic stream checker
 * (checkers/stream: lost, duplicate, inconsistent offsets, aborted reads, order), which the
 * ledger workload runs beside it; this one checks only what needs ledgers and fences:
 *
 * - `lost-after-fence`: an acknowledged entry lies past the last entry a fence sealed its
 *   ledger at (recovery dropped an acknowledged entry).
 * - `fence-disagreement`: two fences of one ledger sealed it at different last entries.
 * - `fenced-entry-read`: a read returned an entry past the sealed last entry of its ledger.
 * - `fenced-write-acked`: a writer's add to a ledger was acknowledged although it was invoked
 *   after that ledger was known to be closed (an ok fence of it or a later ledger, or an
 *   acknowledged add or a read in a later ledger of the log, completed first).
 * - `fenced-write-visible`: a read returned, in some ledger, a value whose send was invoked
 *   after that ledger was known to be closed.
 * - `read-beyond-lac`: a read returned a value no writer had acknowledged: never sent to that
 *   key, sent only after the read completed, or whose send definitely failed.
 *
 * Each anomaly names the key, offsets, values and the history indexes of the ops involved.
 * Pure; linear in history size (plus sorting the ledgers of each key).
 */
import type { History } from '../core/op.js';
import { ledgerFacts, ledgerOf, LEDGER_STRIDE, type FenceFact, type SendFact } from './ledger-history.js';
import type { Validity, Verdict } from '../core/verdict.js';

/** Every anomaly class of the ledger checker; all count as errors. */
export const LEDGER_CLASSES = ['lost-after-fence', 'fence-disagreement', 'fenced-entry-read', 'fenced-write-acked', 'fenced-write-visible', 'read-beyond-lac'] as const;

/** One anomaly class. */
export type LedgerClass = (typeof LEDGER_CLASSES)[number];

/** One anomaly: its class, key, offset, value, the ops involved (history indexes) and why. */
export interface LedgerAnomaly {
  class: LedgerClass;
  key: string;
  offset?: number;
  value?: number;
  /** History indexes: `send` [invoke, complete?], `read` [invoke, complete], `fence` / `closedBy` the completion. */
  ops: Record<string, number | number[]>;
  /** One line for people. */
  why: string;
}

/** The ledger checker's verdict. */
export interface LedgerVerdict extends Verdict {
  valid: Validity;
  counts: Record<LedgerClass, number>;
  /** Up to `maxExamples` anomalies per class that occurred. */
  anomalies: Partial<Record<LedgerClass, LedgerAnomaly[]>>;
  stats: { keys: number; sends: number; acked: number; reads: number; fences: number; sealedLedgers: number; malformed: number };
  explanation: string;
}

/** Options of {@link checkLedger}. */
export interface LedgerCheckOptions {
  /** Examples kept per class (counts stay exact). Default 8. */
  maxExamples?: number;
}

/**
 * Per key: for each ledger, the earliest history index (an op's completion) by which it was
 * known closed: an ok fence of it or a later ledger, an acknowledged add or a read in a later
 * ledger. Linear in the facts plus the number of ledgers.
 */
function closures(facts: ReturnType<typeof ledgerFacts>): Map<string, number[]> {
  // evidence[key][b] = earliest completion proving every ledger ≤ b closed
  const evidence = new Map<string, Map<number, number>>();
  const note = (key: string, bound: number, at: number): void => {
    if (bound < 0) return;
    let m = evidence.get(key);
    if (m === undefined) evidence.set(key, (m = new Map()));
    const cur = m.get(bound);
    if (cur === undefined || at < cur) m.set(bound, at);
  };
  for (const f of facts.fences) note(f.key, f.ledger, f.complete);
  for (const s of facts.sends) if (s.type === 'ok' && s.offset !== undefined && s.complete !== undefined) note(s.key, ledgerOf(s.offset) - 1, s.complete);
  for (const r of facts.reads) note(r.key, ledgerOf(r.offset) - 1, r.complete);
  const out = new Map<string, number[]>();
  for (const [key, m] of evidence) {
    const top = Math.max(...m.keys());
    const at: number[] = new Array<number>(top + 1).fill(Infinity);
    for (let b = top, best = Infinity; b >= 0; b--) {
      best = Math.min(best, m.get(b) ?? Infinity);
      at[b] = best;
    }
    out.set(key, at);
  }
  return out;
}

/**
 * Checks a ledger workload history for the classes in the module documentation. Valid unless
 * one occurred; `unknown` when nothing was acknowledged and nothing read (nothing to judge).
 * Pure.
 */
export function checkLedger(history: History, opts: LedgerCheckOptions = {}): LedgerVerdict {
  const maxExamples = opts.maxExamples ?? 8;
  const facts = ledgerFacts(history);
  const counts = Object.fromEntries(LEDGER_CLASSES.map((c) => [c, 0])) as Record<LedgerClass, number>;
  const anomalies: Partial<Record<LedgerClass, LedgerAnomaly[]>> = {};
  const report = (a: LedgerAnomaly): void => {
    counts[a.class]++;
    const list = (anomalies[a.class] ??= []);
    if (list.length < maxExamples) list.push(a);
  };
  const sendOps = (s: SendFact): number[] => (s.complete === undefined ? [s.invoke] : [s.invoke, s.complete]);

  // Seals: key/ledger → the first ok fence's last entry.
  const seals = new Map<string, FenceFact>();
  for (const f of facts.fences) {
    const id = `${f.key}\0${f.ledger}`;
    const first = seals.get(id);
    if (first === undefined) seals.set(id, f);
    else if (first.last !== f.last) {
      report({ class: 'fence-disagreement', key: f.key, ops: { fence: [first.complete, f.complete] }, why: `ledger ${f.ledger} of ${f.key} sealed at last offset ${String(first.last)} by op ${first.complete} but at ${String(f.last)} by op ${f.complete}` });
    }
  }
  const sealOf = (key: string, offset: number): FenceFact | undefined => seals.get(`${key}\0${ledgerOf(offset)}`);
  const past = (f: FenceFact, offset: number): boolean => f.last === null || offset > f.last;
  const closed = closures(facts);
  const closedAt = (key: string, ledger: number): number => closed.get(key)?.[ledger] ?? Infinity;

  // Sends by key and value (values are unique per key).
  const byValue = new Map<string, SendFact>();
  for (const s of facts.sends) byValue.set(`${s.key}\0${s.value}`, s);

  for (const s of facts.sends) {
    if (s.type !== 'ok' || s.offset === undefined) continue;
    const seal = sealOf(s.key, s.offset);
    if (seal !== undefined && past(seal, s.offset)) {
      report({ class: 'lost-after-fence', key: s.key, offset: s.offset, value: s.value, ops: { send: sendOps(s), fence: seal.complete }, why: `acknowledged at offset ${s.offset}, but the fence (op ${seal.complete}) sealed ledger ${ledgerOf(s.offset)} at ${String(seal.last)}` });
    }
    const c = closedAt(s.key, ledgerOf(s.offset));
    if (c < s.invoke) {
      report({ class: 'fenced-write-acked', key: s.key, offset: s.offset, value: s.value, ops: { send: sendOps(s), closedBy: c }, why: `add to ledger ${ledgerOf(s.offset)} invoked at op ${s.invoke} after op ${c} showed the ledger closed, yet acknowledged` });
    }
  }

  for (const r of facts.reads) {
    const seal = sealOf(r.key, r.offset);
    if (seal !== undefined && past(seal, r.offset)) {
      report({ class: 'fenced-entry-read', key: r.key, offset: r.offset, value: r.value, ops: { read: [r.invoke, r.complete], fence: seal.complete }, why: `read at offset ${r.offset}, past the last entry ${String(seal.last)} the fence (op ${seal.complete}) sealed ledger ${ledgerOf(r.offset)} at` });
    }
    const s = byValue.get(`${r.key}\0${r.value}`);
    if (s === undefined) {
      report({ class: 'read-beyond-lac', key: r.key, offset: r.offset, value: r.value, ops: { read: [r.invoke, r.complete] }, why: `value ${r.value} was never sent to ${r.key}` });
      continue;
    }
    if (s.invoke > r.complete) {
      report({ class: 'read-beyond-lac', key: r.key, offset: r.offset, value: r.value, ops: { read: [r.invoke, r.complete], send: sendOps(s) }, why: `read by op ${r.complete} before its send was invoked (op ${s.invoke})` });
    } else if (s.type === 'fail') {
      report({ class: 'read-beyond-lac', key: r.key, offset: r.offset, value: r.value, ops: { read: [r.invoke, r.complete], send: sendOps(s) }, why: `read although its send definitely failed (op ${String(s.complete)})` });
    }
    const c = closedAt(r.key, ledgerOf(r.offset));
    if (c < s.invoke) {
      report({ class: 'fenced-write-visible', key: r.key, offset: r.offset, value: r.value, ops: { read: [r.invoke, r.complete], send: sendOps(s), closedBy: c }, why: `found in ledger ${ledgerOf(r.offset)}, but sent (op ${s.invoke}) after op ${c} showed that ledger closed` });
    }
  }

  const total = LEDGER_CLASSES.reduce((n, c) => n + counts[c], 0);
  const acked = facts.sends.filter((s) => s.type === 'ok').length;
  const keys = new Set([...facts.sends.map((s) => s.key), ...facts.reads.map((r) => r.key)]).size;
  const valid: Validity = total > 0 ? false : acked === 0 && facts.reads.length === 0 ? 'unknown' : true;
  const found = LEDGER_CLASSES.filter((c) => counts[c] > 0).map((c) => `${counts[c]} ${c}`);
  return {
    valid,
    ...(found.length > 0 ? { summary: found.join(', ') } : {}),
    counts,
    anomalies,
    stats: { keys, sends: facts.sends.length, acked, reads: facts.reads.length, fences: facts.fences.length, sealedLedgers: seals.size, malformed: facts.malformed },
    explanation:
      valid === true
        ? `${acked} acknowledged entries on ${keys} logs, ${facts.fences.length} fences, ${facts.reads.length} records read: no acknowledged entry lost to a fence, no read past what was acknowledged or sealed, no write of a fenced writer acknowledged or visible.`
        : valid === 'unknown'
          ? 'nothing was acknowledged and nothing read: no evidence either way.'
          : `found ${found.join(', ')} (offsets are ledger × ${LEDGER_STRIDE} + entry).`,
  };
}

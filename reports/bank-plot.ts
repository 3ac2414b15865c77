/**
 * The bank's total over time, as Jepsen's bank checker plots it: for every `ok` read of all
 * accounts, its completion time and the sum of its balances, against the total every read
 * must show. Pure, linear in the history, bounded ({@link MAX_BANK_POINTS}; wrong sums are
 * always kept).
 */
import type { History, Op } from '../core/op.js';
import type { Verdict } from '../core/verdict.js';

/** Most reads drawn. */
export const MAX_BANK_POINTS = 4000;

/** What the viewer plots. */
export interface BankPlot {
  /** The checker whose verdict named the total. */
  checker: string;
  /** The total every read must show. */
  total: number;
  /** Completion time of each drawn read, s since test start. */
  t: number[];
  /** Sum of its numeric balances. */
  sum: number[];
  /** Invocation index of each drawn read (for "show in timeline"). */
  i: number[];
  /** `ok` reads in the history, and of those the ones whose sum is not the total. */
  reads: number;
  wrong: number;
}

function sumOf(v: unknown): number | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  let sum = 0;
  for (const x of Object.values(v as Record<string, unknown>)) if (typeof x === 'number' && Number.isFinite(x)) sum += x;
  return sum;
}

/** The bank plot of a run whose checkers include a bank checker (a verdict with a numeric `total` and a `bad` list), else null. Pure. */
export function bankPlot(history: History, verdicts: Readonly<Record<string, Verdict>>): BankPlot | null {
  const entry = Object.entries(verdicts).find(([, v]) => v !== null && typeof v === 'object' && typeof v.total === 'number' && Array.isArray(v.bad) && typeof v.accounts === 'number');
  if (entry === undefined) return null;
  const [checker, verdict] = entry;
  const total = verdict.total as number;
  const open = new Map<Op['process'], number>();
  const all: { t: number; sum: number; i: number }[] = [];
  for (const op of history) {
    if (op.process === 'nemesis' || op.f !== 'read') continue;
    if (op.type === 'invoke') {
      open.set(op.process, op.index);
      continue;
    }
    const inv = open.get(op.process);
    open.delete(op.process);
    const sum = op.type === 'ok' ? sumOf(op.value) : undefined;
    if (inv !== undefined && sum !== undefined) all.push({ t: Math.round(op.time / 1e3) / 1e6, sum, i: inv });
  }
  const wrong = all.filter((r) => r.sum !== total).length;
  const quota = Math.max(0, MAX_BANK_POINTS - Math.min(wrong, MAX_BANK_POINTS));
  const right = all.length - wrong;
  let j = 0;
  const kept = all.filter((r) => r.sum !== total || Math.floor(((j + 1) * quota) / right) > Math.floor((j++ * quota) / right));
  const out: BankPlot = { checker, total, t: [], sum: [], i: [], reads: all.length, wrong };
  for (const r of kept.slice(0, MAX_BANK_POINTS)) {
    out.t.push(r.t);
    out.sum.push(r.sum);
    out.i.push(r.i);
  }
  return out;
}

/**
 * Per-op-kind statistics: how many client ops of each `f` were invoked and how they completed.
 * A run in which some kind of op never succeeded tells us little about that kind, so the
 * verdict is then `unknown`. Pure.
 */
import type { History } from '../core/op.js';
import type { Validity, Verdict } from '../core/verdict.js';

/** Counts of one op kind (or of all of them). `open` = invoked, never completed. */
export interface OpCounts {
  invoke: number;
  ok: number;
  fail: number;
  info: number;
  open: number;
}

/** The verdict of {@link checkStats}. */
export interface StatsVerdict extends Verdict {
  valid: Validity;
  /** Client ops, all kinds together. */
  total: OpCounts;
  /** Client ops by `f`, in order of first invocation. */
  byF: Record<string, OpCounts>;
  /** Nemesis ops by `f` (invocations only). */
  nemesis: Record<string, number>;
  /** Why `unknown`: the kinds that never completed `ok`. */
  reason?: string;
}

function zero(): OpCounts {
  return { invoke: 0, ok: 0, fail: 0, info: 0, open: 0 };
}

/**
 * Counts client ops by `f` and completion type, and nemesis ops by `f`. Valid unless some
 * kind of client op was invoked but never completed `ok` (then `unknown`); an empty history
 * is `unknown` too. Pure; linear in the history.
 */
export function checkStats(history: History): StatsVerdict {
  const total = zero();
  const byF: Record<string, OpCounts> = {};
  const nemesis: Record<string, number> = {};
  for (const op of history) {
    if (op.process === 'nemesis') {
      if (op.type === 'invoke') nemesis[op.f] = (nemesis[op.f] ?? 0) + 1;
      continue;
    }
    const c = (byF[op.f] ??= zero());
    c[op.type]++;
    total[op.type]++;
  }
  for (const c of [total, ...Object.values(byF)]) c.open = c.invoke - c.ok - c.fail - c.info;
  const never = Object.entries(byF).filter(([, c]) => c.invoke > 0 && c.ok === 0).map(([f]) => f);
  const verdict: StatsVerdict = { valid: total.invoke === 0 || never.length > 0 ? 'unknown' : true, total, byF, nemesis };
  if (total.invoke === 0) verdict.reason = 'no client op was invoked';
  else if (never.length > 0) verdict.reason = `no ${never.join(', ')} op completed ok`;
  return verdict;
}

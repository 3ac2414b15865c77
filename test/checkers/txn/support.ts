/**
 * Building transactional histories by hand for the txn checker's tests.
 */
import type { History, Op, OpType } from '../../../core/op.js';

/** A transaction to put in a history: its micro-ops as completed, process and outcome. */
export interface T {
  p?: number;
  type?: Exclude<OpType, 'invoke'>;
  mops: unknown[][];
}

/** The invocation value: reads with nil results. */
function invokeValue(mops: unknown[][]): unknown[][] {
  return mops.map((m) => (m[0] === 'r' ? [m[0], m[1], null] : m));
}

/** All transactions invoked first, then all completed in order: no real-time order among them. */
export function concurrent(...txns: T[]): History {
  const h: Op[] = [];
  const push = (o: Omit<Op, 'index' | 'time'>): void => void h.push({ ...o, index: h.length, time: h.length });
  txns.forEach((t, i) => push({ process: t.p ?? i, type: 'invoke', f: 'txn', value: invokeValue(t.mops) }));
  txns.forEach((t, i) => push({ process: t.p ?? i, type: t.type ?? 'ok', f: 'txn', value: t.mops }));
  return h;
}

/** Each transaction invoked and completed before the next one starts. */
export function serial(...txns: T[]): History {
  const h: Op[] = [];
  const push = (o: Omit<Op, 'index' | 'time'>): void => void h.push({ ...o, index: h.length, time: h.length });
  txns.forEach((t, i) => {
    push({ process: t.p ?? i, type: 'invoke', f: 'txn', value: invokeValue(t.mops) });
    push({ process: t.p ?? i, type: t.type ?? 'ok', f: 'txn', value: t.mops });
  });
  return h;
}

/** Concatenates histories, renumbering indices and times. (Not named `then`: a module exporting `then` is a thenable.) */
export function chain(...hs: History[]): History {
  return hs.flat().map((o, i) => ({ ...o, index: i, time: i }));
}

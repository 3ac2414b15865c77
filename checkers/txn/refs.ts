/**
 * Naming transactions in anomalies and explanations.
 */
import type { TxnRef } from './anomalies.js';
import { FAIL, OK, type TxnTable } from './txns.js';

/** The {@link TxnRef} of transaction `t`. Pure. */
export function txnRef(txns: TxnTable, t: number): TxnRef {
  const op = txns.op[t];
  const s = txns.status[t];
  return { index: op.index, process: op.process, type: s === OK ? 'ok' : s === FAIL ? 'fail' : 'info' };
}

/** `T812 (process 3)`: how explanations name transaction `t` (by its op index). Pure. */
export function txnName(txns: TxnTable, t: number): string {
  const op = txns.op[t];
  return `T${op.index} (process ${String(op.process)})`;
}

/** A value as explanations show it: JSON, lists as `[1 2 3]` shortened in the middle. Pure. */
export function show(v: unknown, max = 8): string {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) {
    const items = v.length > max ? [...v.slice(0, 2).map((x) => show(x)), '…', ...v.slice(-(max - 3)).map((x) => show(x))] : v.map((x) => show(x));
    return `[${items.join(' ')}]`;
  }
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

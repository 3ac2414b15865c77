/**
 * rw-register, inside one committed transaction: its external reads (the first micro-op on a
 * key being a read), what it last wrote to each key it read, and its internal anomalies: a read
 * that disagrees with the transaction's own earlier read or write of the key (`internal`), or
 * that returns a value the transaction only writes later (`future-read`).
 */
import type { AnomalyCase, AnomalySink } from './anomalies.js';
import { show, txnName, txnRef } from './refs.js';
import type { TxnTable } from './txns.js';

/** A read of a key the transaction had not touched yet. */
export interface ExternalRead {
  key: unknown;
  /** What was read (null: nil). */
  value: unknown;
  /** The transaction's last write to the key after this read, when it wrote one. */
  wrote?: unknown;
}

/** Checks transaction `t` (committed) and returns its external reads. */
export function checkRegisterTxn(txns: TxnTable, t: number, sink: AnomalySink<AnomalyCase>): ExternalRead[] {
  const mops = txns.mops[t];
  const out: ExternalRead[] = [];
  if (mops.length === 1) {
    if (mops[0][0] === 'r') out.push({ key: mops[0][1], value: mops[0][2] ?? null });
    return out;
  }
  const state = new Map<unknown, { value: unknown; read?: ExternalRead }>();
  for (let i = 0; i < mops.length; i++) {
    const [f, k, raw] = mops[i];
    const v = raw ?? null;
    const s = state.get(k);
    if (f === 'w') {
      if (s) s.value = v;
      else state.set(k, { value: v });
      if (s?.read) s.read.wrote = v;
      continue;
    }
    for (let j = i + 1; j < mops.length; j++) {
      if (v !== null && mops[j][0] === 'w' && mops[j][1] === k && mops[j][2] === v && !(s && s.value === v)) {
        sink.add('future-read', () => ({ type: 'future-read', txns: [txnRef(txns, t)], key: k, value: v, explanation: `${txnName(txns, t)} read key ${show(k)} = ${show(v)}, a value the same transaction only wrote later` }));
        break;
      }
    }
    if (!s) {
      const r: ExternalRead = { key: k, value: v };
      out.push(r);
      state.set(k, { value: v, read: r });
      continue;
    }
    if (s.value !== v) {
      const want = s.value;
      sink.add('internal', () => ({
        type: 'internal',
        txns: [txnRef(txns, t)],
        key: k,
        read: v,
        expected: want,
        explanation: `${txnName(txns, t)} read key ${show(k)} = ${show(v)}, but what it read or wrote before in the same transaction means it should have read ${show(want)}`,
      }));
    }
    s.value = v;
  }
  return out;
}

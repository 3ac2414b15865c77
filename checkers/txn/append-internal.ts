/**
 * List-append, inside one transaction: a read must show what the transaction read before plus
 * what it appended since (`internal`), and must not already hold a value the transaction only
 * appends later (`future-read`).
 */
import type { AnomalyCase, AnomalySink } from './anomalies.js';
import { show, txnName, txnRef } from './refs.js';
import { repeatsKey } from './append-index.js';
import { OK, type Mop, type TxnTable } from './txns.js';

/**
 * Checks every committed transaction that touches a key more than once (`repeats[t] === 1`,
 * from the list-append index; computed here when not given).
 */
export function checkInternal(txns: TxnTable, sink: AnomalySink<AnomalyCase>, repeats?: Uint8Array): void {
  for (let t = 0; t < txns.n; t++) {
    if (txns.status[t] !== OK) continue;
    if (repeats !== undefined && repeats[t] === 0) continue;
    const mops = txns.mops[t];
    if (repeats === undefined && (mops.length < 2 || !repeatsKey(mops))) continue;
    checkTxn(txns, t, mops, sink);
  }
}

interface KeyState {
  /** The whole list, when the transaction read it. */
  known: unknown[] | null;
  /** What it appended since (or since the start). */
  suffix: unknown[];
}

function checkTxn(txns: TxnTable, t: number, mops: readonly Mop[], sink: AnomalySink<AnomalyCase>): void {
  const state = new Map<unknown, KeyState>();
  for (let i = 0; i < mops.length; i++) {
    const [f, k, v] = mops[i];
    let s = state.get(k);
    if (!s) state.set(k, (s = { known: null, suffix: [] }));
    if (f === 'append') {
      s.suffix.push(v);
      continue;
    }
    const list = (v ?? []) as unknown[];
    futureReads(txns, t, mops, i, list, sink);
    const expected = s.known === null ? null : [...s.known, ...s.suffix];
    const bad = expected !== null ? !sameList(list, expected) : !endsWith(list, s.suffix);
    if (bad) {
      const want = expected ?? ['…', ...s.suffix];
      sink.add('internal', () => ({
        type: 'internal',
        txns: [txnRef(txns, t)],
        key: k,
        read: list,
        expected: want,
        explanation: `${txnName(txns, t)} read key ${show(k)} as ${show(list)}, but what it read and appended before in the same transaction means it should have read ${show(want)}`,
      }));
    }
    s.known = list;
    s.suffix = [];
  }
}

function futureReads(txns: TxnTable, t: number, mops: readonly Mop[], at: number, list: readonly unknown[], sink: AnomalySink<AnomalyCase>): void {
  const k = mops[at][1];
  for (let j = at + 1; j < mops.length; j++) {
    if (mops[j][0] !== 'append' || mops[j][1] !== k || !list.includes(mops[j][2])) continue;
    const v = mops[j][2];
    sink.add('future-read', () => ({
      type: 'future-read',
      txns: [txnRef(txns, t)],
      key: k,
      value: v,
      read: list,
      explanation: `${txnName(txns, t)} read key ${show(k)} as ${show(list)}, which holds ${show(v)}, a value the same transaction only appended later`,
    }));
  }
}

function sameList(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function endsWith(a: readonly unknown[], suffix: readonly unknown[]): boolean {
  if (suffix.length > a.length) return false;
  const off = a.length - suffix.length;
  for (let i = 0; i < suffix.length; i++) if (a[off + i] !== suffix[i]) return false;
  return true;
}

/**
 * rw-register: what can soundly be inferred from `['w', k, v]` and `['r', k, v|nil]` micro-ops
 * (values unique per key). Version order per key from two facts only, as Elle with `:wfr-keys?`:
 * the initial state (nil) comes before every written value, and a transaction that read x and
 * then wrote y installed y after x. From those: ww (writer of x → writer of y), wr (writer of v
 * → reader of v) and rw (reader of x → writer of y) edges; plus aborted, intermediate, garbage,
 * internal and future reads, lost updates and cyclic version orders.
 */
import type { AnomalyCase, AnomalySink } from './anomalies.js';
import type { EdgeBuilder } from './graph.js';
import { registerExplainer, type RegisterIndex } from './register-explain.js';
import { checkRegisterTxn, type ExternalRead } from './register-txn.js';
import { cyclicVersions } from './register-versions.js';
import { show, txnName, txnRef } from './refs.js';
import { RW, WR, WW } from './rels.js';
import type { DataExplainer } from './explain.js';
import { FAIL, OK, TxnInputError, type TxnTable } from './txns.js';

const NIL = Symbol('nil');

/** Analyses a rw-register history into `edges` and `sink`; returns the edge explainer. */
export function analyseRegisters(txns: TxnTable, edges: EdgeBuilder, sink: AnomalySink<AnomalyCase>, warnings: string[]): DataExplainer {
  const writers = new Map<unknown, Map<unknown, { t: number; last: boolean }>>();
  let dup = 0;
  for (let t = 0; t < txns.n; t++) {
    const mops = txns.mops[t];
    for (let i = 0; i < mops.length; i++) {
      const m = mops[i];
      if (!Array.isArray(m) || m.length !== 3) throw new TxnInputError(txns.op[t], `micro-op ${i} is not [f k v]: ${JSON.stringify(m)}`);
      if (typeof m[1] !== 'number' && typeof m[1] !== 'string') throw new TxnInputError(txns.op[t], `micro-op ${i}: key ${JSON.stringify(m[1])} is not a number or string`);
      if (m[0] === 'r') continue;
      if (m[0] !== 'w') throw new TxnInputError(txns.op[t], `micro-op ${i}: unknown function ${JSON.stringify(m[0])} (rw-register knows w and r)`);
      let w = writers.get(m[1]);
      if (!w) writers.set(m[1], (w = new Map()));
      if (w.has(m[2])) {
        dup++;
        continue;
      }
      let last = true;
      for (let j = i + 1; j < mops.length; j++) if (mops[j][0] === 'w' && mops[j][1] === m[1]) last = false;
      w.set(m[2], { t, last });
    }
  }
  if (dup > 0) warnings.push(`${dup} writes of a value already written to the same key were ignored (values must be unique per key)`);
  const writerOf = (k: unknown, v: unknown): { t: number; last: boolean } | undefined => writers.get(k)?.get(v);
  // Per key: value read (NIL for nil) → external readers; version edges x → y.
  const readers = new Map<unknown, Map<unknown, number[]>>();
  const follows = new Map<unknown, [unknown, unknown][]>();
  const updates = new Map<unknown, Map<unknown, number[]>>();
  for (let t = 0; t < txns.n; t++) {
    if (txns.status[t] !== OK) continue;
    for (const r of checkRegisterTxn(txns, t, sink)) {
      readExternal(txns, t, r, writerOf, edges, sink);
      let byVal = readers.get(r.key);
      if (!byVal) readers.set(r.key, (byVal = new Map()));
      const v = r.value ?? NIL;
      const list = byVal.get(v);
      if (list) list.push(t);
      else byVal.set(v, [t]);
      if (r.wrote !== undefined) {
        let f = follows.get(r.key);
        if (!f) follows.set(r.key, (f = []));
        f.push([v, r.wrote]);
        let u = updates.get(r.key);
        if (!u) updates.set(r.key, (u = new Map()));
        const same = u.get(v);
        if (same) same.push(t);
        else u.set(v, [t]);
      }
    }
  }
  for (const [k, byVal] of updates) {
    for (const [v, ts] of byVal) if (ts.length > 1) lostUpdate(txns, k, v === NIL ? null : v, ts, sink);
  }
  for (const [k, w] of writers) {
    const ws = [...w.entries()].filter(([, x]) => txns.status[x.t] !== FAIL);
    const edgesK: [unknown, unknown][] = ws.map(([y]) => [NIL, y]);
    for (const [x, y] of follows.get(k) ?? []) if (w.get(y) && txns.status[(w.get(y) as { t: number }).t] !== FAIL) edgesK.push([x, y]);
    for (const [x, y] of edgesK) {
      const wy = (w.get(y) as { t: number }).t;
      if (x !== NIL) {
        const wx = w.get(x);
        if (wx && txns.status[wx.t] !== FAIL) edges.add(wx.t, wy, WW);
      }
      for (const r of readers.get(k)?.get(x) ?? []) edges.add(r, wy, RW);
    }
    const cyc = cyclicVersions(edgesK.filter(([x]) => x !== NIL));
    if (cyc) {
      sink.add('cyclic-versions', () => ({
        type: 'cyclic-versions',
        txns: cyc.map((v) => txnRef(txns, (w.get(v) as { t: number }).t)),
        key: k,
        read: cyc,
        explanation: `transactions read key ${show(k)} and then overwrote it such that its versions ${cyc.map((v) => show(v)).join(' < ')} < ${show(cyc[0])} form a cycle`,
      }));
    }
  }
  const ix: RegisterIndex = { txns, writerOf, nil: NIL };
  return registerExplainer(ix);
}

function readExternal(
  txns: TxnTable,
  t: number,
  r: ExternalRead,
  writerOf: (k: unknown, v: unknown) => { t: number; last: boolean } | undefined,
  edges: EdgeBuilder,
  sink: AnomalySink<AnomalyCase>,
): void {
  if (r.value === null || r.value === undefined) return;
  const w = writerOf(r.key, r.value);
  const base = { key: r.key, value: r.value };
  const reader = txnName(txns, t);
  if (!w) {
    sink.add('garbage-read', () => ({ type: 'garbage-read', txns: [txnRef(txns, t)], ...base, explanation: `${reader} read key ${show(r.key)} = ${show(r.value)}, a value nobody wrote` }));
    return;
  }
  if (w.t === t) return;
  if (txns.status[w.t] === FAIL) {
    sink.add('G1a', () => ({ type: 'G1a', txns: [txnRef(txns, t), txnRef(txns, w.t)], ...base, explanation: `${reader} read key ${show(r.key)} = ${show(r.value)}, written by ${txnName(txns, w.t)}, which failed (aborted read)` }));
    return;
  }
  if (!w.last) {
    sink.add('G1b', () => ({ type: 'G1b', txns: [txnRef(txns, t), txnRef(txns, w.t)], ...base, explanation: `${reader} read key ${show(r.key)} = ${show(r.value)}, which ${txnName(txns, w.t)} overwrote later in the same transaction (intermediate read)` }));
  }
  edges.add(w.t, t, WR);
}

function lostUpdate(txns: TxnTable, k: unknown, v: unknown, ts: readonly number[], sink: AnomalySink<AnomalyCase>): void {
  sink.add('lost-update', () => ({
    type: 'lost-update',
    txns: ts.slice(0, 8).map((t) => txnRef(txns, t)),
    key: k,
    value: v,
    explanation: `${ts.length} transactions (${ts.slice(0, 4).map((t) => txnName(txns, t)).join(', ')}${ts.length > 4 ? ', …' : ''}) all read key ${show(k)} = ${show(v)} and then wrote it: each update was made without seeing the others`,
  }));
}

/**
 * List-append, reads: every committed read is checked against its key's version order
 * (incompatible-order, aborted, intermediate and garbage reads) and gives the write-read edge
 * from the writer of its last element and the read-write edge to the writer of the next one.
 * Reads followed by an append to the same key are grouped to find lost updates. Committed
 * appends no read shows come after every read of their key (./append-unseen.ts).
 */
import { readList, type AppendIndex } from './append-index.js';
import type { AnomalyCase, AnomalySink } from './anomalies.js';
import type { EdgeBuilder } from './graph.js';
import { show, txnName, txnRef } from './refs.js';
import { addUnseenEdges, unseenKeys } from './append-unseen.js';
import { IntVec } from './int-vec.js';
import { RW, WR } from './rels.js';
import { FAIL } from './txns.js';

/** Checks every read of `ix` and adds wr and rw edges. */
export function checkReads(ix: AppendIndex, edges: EdgeBuilder, sink: AnomalySink<AnomalyCase>): void {
  const { txns, versions, versionStart, appTxn, appLast } = ix;
  const nk = ix.keys.length;
  const firstFail = new Int32Array(nk).fill(-1);
  const firstGarbage = new Int32Array(nk).fill(-1);
  for (let k = 0; k < nk; k++) {
    for (let p = versionStart[k]; p < versionStart[k + 1]; p++) {
      const a = versions[p];
      if (a < 0 && firstGarbage[k] < 0) firstGarbage[k] = p - versionStart[k];
      if (a >= 0 && txns.status[appTxn[a]] === FAIL && firstFail[k] < 0) firstFail[k] = p - versionStart[k];
    }
  }
  const updates = { key: new IntVec(), len: new IntVec(), txn: new IntVec() };
  const unseen = unseenKeys(ix);
  const fullReads = new IntVec();
  for (let r = 0; r < ix.readTxn.length; r++) {
    const t = ix.readTxn[r];
    const k = ix.readKey[r];
    const list = readList(ix, r);
    const n = ix.readLen[r];
    const base = versionStart[k];
    if (r !== ix.longest[k] && !isPrefix(ix, k, list, n)) {
      incompatible(ix, r, sink);
      continue;
    }
    if (firstGarbage[k] >= 0 && n > firstGarbage[k]) garbage(ix, r, list[firstGarbage[k]], sink);
    if (firstFail[k] >= 0 && n > firstFail[k]) aborted(ix, r, list[firstFail[k]], versions[base + firstFail[k]], sink);
    if (unseen[k] === 1 && n === versionStart[k + 1] - base) {
      fullReads.push(k);
      fullReads.push(t);
    }
    let lastWriter = -1;
    if (n > 0) {
      const a = versions[base + n - 1];
      if (a >= 0) lastWriter = appTxn[a];
      if (a >= 0 && appTxn[a] !== t) {
        if (txns.status[appTxn[a]] !== FAIL) edges.add(appTxn[a], t, WR);
        if (appLast[a] === 0) intermediate(ix, r, list[n - 1], a, sink);
      }
    }
    for (let p = base + n; p < versionStart[k + 1]; p++) {
      const a = versions[p];
      if (a < 0 || txns.status[appTxn[a]] === FAIL) continue;
      // Reading a transaction's intermediate state is reported as G1b, not also as a cycle.
      if (appTxn[a] !== lastWriter) edges.add(t, appTxn[a], RW);
      break;
    }
    if (ix.repeats[t] === 1 && readsThenAppends(ix, r)) {
      updates.key.push(k);
      updates.len.push(n);
      updates.txn.push(t);
    }
  }
  addUnseenEdges(ix, fullReads.view(), edges);
  lostUpdates(ix, updates.key.view(), updates.len.view(), updates.txn.view(), sink);
}

/** Groups the read-then-append transactions by (key, version read): two or more is a lost update. */
function lostUpdates(ix: AppendIndex, keys: Int32Array, lens: Int32Array, txns: Int32Array, sink: AnomalySink<AnomalyCase>): void {
  const order = new Int32Array(keys.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => keys[a] - keys[b] || lens[a] - lens[b] || a - b);
  for (let i = 0; i < order.length; ) {
    let j = i + 1;
    while (j < order.length && keys[order[j]] === keys[order[i]] && lens[order[j]] === lens[order[i]]) j++;
    if (j - i > 1) lost(ix, keys[order[i]], lens[order[i]], Array.from(order.subarray(i, j), (x) => txns[x]), sink);
    i = j;
  }
}

/** True when the first `n` elements of `list` are a prefix of key `k`'s version order. */
function isPrefix(ix: AppendIndex, k: number, list: readonly unknown[], n: number): boolean {
  const base = ix.versionStart[k];
  if (n > ix.versionStart[k + 1] - base) return false;
  const longest = readList(ix, ix.longest[k]);
  for (let i = 0; i < n; i++) if (list[i] !== longest[i]) return false;
  return true;
}

/** True when read `r` is its transaction's first micro-op on its key and an append to it follows. */
function readsThenAppends(ix: AppendIndex, r: number): boolean {
  const mops = ix.txns.mops[ix.readTxn[r]];
  const at = ix.readMop[r];
  const key = mops[at][1];
  for (let i = 0; i < at; i++) if (mops[i][1] === key) return false;
  for (let i = at + 1; i < mops.length; i++) if (mops[i][0] === 'append' && mops[i][1] === key) return true;
  return false;
}

function incompatible(ix: AppendIndex, r: number, sink: AnomalySink<AnomalyCase>): void {
  const { txns } = ix;
  const k = ix.readKey[r];
  const other = ix.longest[k];
  const list = readList(ix, r);
  const longest = readList(ix, other);
  sink.add('incompatible-order', () => ({
    type: 'incompatible-order',
    txns: [txnRef(txns, ix.readTxn[r]), txnRef(txns, ix.readTxn[other])],
    key: ix.keys[k],
    read: list,
    expected: longest,
    explanation: `${txnName(txns, ix.readTxn[r])} read key ${show(ix.keys[k])} as ${show(list)} and ${txnName(txns, ix.readTxn[other])} read it as ${show(longest)}: neither is a prefix of the other, so no single order of appends explains both`,
  }));
  // What the odd read holds still counts: values nobody appended, or appended by failed txns,
  // and a last element another transaction appended more after (an intermediate read).
  for (const v of list) {
    const a = ix.writers[k].get(v);
    if (a < 0) garbage(ix, r, v, sink);
    else if (txns.status[ix.appTxn[a]] === FAIL) aborted(ix, r, v, a, sink);
  }
  const tail = list.length > 0 ? ix.writers[k].get(list[list.length - 1]) : -1;
  if (tail >= 0 && ix.appTxn[tail] !== ix.readTxn[r] && ix.appLast[tail] === 0) intermediate(ix, r, list[list.length - 1], tail, sink);
}

function garbage(ix: AppendIndex, r: number, value: unknown, sink: AnomalySink<AnomalyCase>): void {
  const { txns } = ix;
  const k = ix.readKey[r];
  sink.add('garbage-read', () => ({
    type: 'garbage-read',
    txns: [txnRef(txns, ix.readTxn[r])],
    key: ix.keys[k],
    value,
    read: readList(ix, r),
    explanation: `${txnName(txns, ix.readTxn[r])} read key ${show(ix.keys[k])} as ${show(readList(ix, r))}, but nobody appended ${show(value)} to it`,
  }));
}

function aborted(ix: AppendIndex, r: number, value: unknown, a: number, sink: AnomalySink<AnomalyCase>): void {
  const { txns } = ix;
  const k = ix.readKey[r];
  sink.add('G1a', () => ({
    type: 'G1a',
    txns: [txnRef(txns, ix.readTxn[r]), txnRef(txns, ix.appTxn[a])],
    key: ix.keys[k],
    value,
    read: readList(ix, r),
    explanation: `${txnName(txns, ix.readTxn[r])} read key ${show(ix.keys[k])} as ${show(readList(ix, r))}, which holds ${show(value)}, appended by ${txnName(txns, ix.appTxn[a])}, which failed (aborted read)`,
  }));
}

function intermediate(ix: AppendIndex, r: number, value: unknown, a: number, sink: AnomalySink<AnomalyCase>): void {
  const { txns } = ix;
  const k = ix.readKey[r];
  sink.add('G1b', () => ({
    type: 'G1b',
    txns: [txnRef(txns, ix.readTxn[r]), txnRef(txns, ix.appTxn[a])],
    key: ix.keys[k],
    value,
    read: readList(ix, r),
    explanation: `${txnName(txns, ix.readTxn[r])} read key ${show(ix.keys[k])} as ${show(readList(ix, r))}, ending in ${show(value)}, but ${txnName(txns, ix.appTxn[a])} appended more to that key after ${show(value)} (intermediate read)`,
  }));
}

function lost(ix: AppendIndex, k: number, n: number, ts: readonly number[], sink: AnomalySink<AnomalyCase>): void {
  const { txns } = ix;
  const seen = n === 0 ? [] : readList(ix, ix.longest[k]).slice(0, n);
  sink.add('lost-update', () => ({
    type: 'lost-update',
    txns: ts.slice(0, 8).map((t) => txnRef(txns, t)),
    key: ix.keys[k],
    read: seen,
    explanation: `${ts.length} transactions (${ts.slice(0, 4).map((t) => txnName(txns, t)).join(', ')}${ts.length > 4 ? ', …' : ''}) all read key ${show(ix.keys[k])} as ${show(seen)} and then appended to it: each update was made without seeing the others`,
  }));
}

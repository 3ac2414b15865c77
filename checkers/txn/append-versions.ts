/**
 * List-append, version orders: per key, the longest committed read gives the order in which
 * the appends were installed. Finds duplicate elements and dirty updates in it, and adds the
 * write-write edges between successive committed appends.
 */
import { readList, type AppendIndex } from './append-index.js';
import type { AnomalyCase, AnomalySink } from './anomalies.js';
import type { EdgeBuilder } from './graph.js';
import { show, txnName, txnRef } from './refs.js';
import { WW } from './rels.js';
import { FAIL } from './txns.js';

/**
 * Fills `ix.versions`, `ix.versionStart` and `ix.appPos`; reports `duplicate-elements` (a value
 * twice in one version order), `dirty-update` (a failed transaction's append followed by a
 * committed one) and `incompatible-order` when a transaction's appends to a key show up in
 * another order than it made them (or a later one without an earlier one); adds ww edges.
 * Mutates `ix`.
 */
export function buildVersions(ix: AppendIndex, edges: EdgeBuilder, sink: AnomalySink<AnomalyCase>): void {
  const nk = ix.keys.length;
  let total = 0;
  for (let k = 0; k < nk; k++) {
    ix.versionStart[k] = total;
    if (ix.longest[k] >= 0) total += ix.readLen[ix.longest[k]];
  }
  ix.versionStart[nk] = total;
  const versions = new Int32Array(total);
  const { txns, appTxn, appPos } = ix;
  for (let k = 0; k < nk; k++) {
    if (ix.longest[k] < 0) continue;
    const list = readList(ix, ix.longest[k]);
    const base = ix.versionStart[k];
    const w = ix.writers[k];
    let prevTxn = -1;
    let failedAt = -1;
    const len = ix.readLen[ix.longest[k]];
    for (let i = 0; i < len; i++) {
      const a = w.get(list[i]);
      versions[base + i] = a;
      if (a < 0) continue;
      if (appPos[a] >= 0) {
        const r = ix.longest[k];
        sink.add('duplicate-elements', () => ({
          type: 'duplicate-elements',
          txns: [txnRef(txns, ix.readTxn[r])],
          key: ix.keys[k],
          value: list[i],
          read: list,
          explanation: `${txnName(txns, ix.readTxn[r])} read key ${show(ix.keys[k])} as ${show(list)}, which holds ${show(list[i])} more than once`,
        }));
        continue;
      }
      appPos[a] = i;
      const t = appTxn[a];
      const before = ix.repeats[t] === 1 ? earlierOwnAppend(ix, a) : -1;
      if (before >= 0 && appPos[before] < 0) ownOrder(ix, k, list, a, before, sink);
      if (txns.status[t] === FAIL) {
        if (failedAt < 0) failedAt = i;
        continue;
      }
      if (failedAt >= 0) {
        const bad = versions[base + failedAt];
        sink.add('dirty-update', () => ({
          type: 'dirty-update',
          txns: [txnRef(txns, appTxn[bad]), txnRef(txns, t)],
          key: ix.keys[k],
          value: list[i],
          explanation: `${txnName(txns, t)} appended ${show(list[i])} to key ${show(ix.keys[k])} after ${show(list[failedAt])}, which ${txnName(txns, appTxn[bad])} appended and which failed`,
        }));
        failedAt = -1;
      }
      if (prevTxn >= 0) edges.add(prevTxn, t, WW);
      prevTxn = t;
    }
  }
  ix.versions = versions;
}

/** The append the same transaction made to the same key just before append `a` (-1: none). */
function earlierOwnAppend(ix: AppendIndex, a: number): number {
  const mops = ix.txns.mops[ix.appTxn[a]];
  const k = mops[ix.appMop[a]][1];
  for (let j = ix.appMop[a] - 1; j >= 0; j--) {
    if (mops[j][0] === 'append' && mops[j][1] === k) {
      const kid = ix.keyIds.get(k);
      const b = ix.writers[kid].get(mops[j][2]);
      return b >= 0 && ix.appTxn[b] === ix.appTxn[a] ? b : -1;
    }
  }
  return -1;
}

function ownOrder(ix: AppendIndex, k: number, list: readonly unknown[], a: number, before: number, sink: AnomalySink<AnomalyCase>): void {
  const { txns } = ix;
  const t = ix.appTxn[a];
  const r = ix.longest[k];
  const v = txns.mops[t][ix.appMop[a]][2];
  const u = txns.mops[t][ix.appMop[before]][2];
  sink.add('incompatible-order', () => ({
    type: 'incompatible-order',
    txns: [txnRef(txns, t), txnRef(txns, ix.readTxn[r])],
    key: ix.keys[k],
    read: list,
    explanation: `${txnName(txns, t)} appended ${show(u)} and then ${show(v)} to key ${show(ix.keys[k])}, but ${txnName(txns, ix.readTxn[r])} read it as ${show(list)}, with ${show(v)} and not ${show(u)} before it`,
  }));
}

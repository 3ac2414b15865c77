/**
 * List-append: committed appends that no read shows. Lists only grow, so such an append was
 * installed after everything any read saw of its key: the transactions that read the whole
 * known list did not see it (rw), and it came after the last append they saw (ww). Appends of
 * `info` transactions that nobody saw may never have happened and give no edge.
 */
import type { AppendIndex } from './append-index.js';
import type { EdgeBuilder } from './graph.js';
import { RW, WW } from './rels.js';
import { FAIL, OK } from './txns.js';

/** Per key id: 1 when it has a committed append no read shows. Call after the version orders. */
export function unseenKeys(ix: AppendIndex): Uint8Array {
  const out = new Uint8Array(ix.keys.length);
  for (let a = 0; a < ix.appTxn.length; a++) {
    if (ix.appPos[a] >= 0 || ix.txns.status[ix.appTxn[a]] !== OK) continue;
    out[appKey(ix, a)] = 1;
  }
  return out;
}

/** The key id of append `a`. */
export function appKey(ix: AppendIndex, a: number): number {
  return ix.keyIds.get(ix.txns.mops[ix.appTxn[a]][ix.appMop[a]][1]);
}

/**
 * Adds the edges of unseen appends. `fullReads` holds, flat, (key id, reading txn) for every
 * read that showed a key's whole version order.
 */
export function addUnseenEdges(ix: AppendIndex, fullReads: Int32Array, edges: EdgeBuilder): void {
  const readers = new Map<number, number[]>();
  for (let i = 0; i < fullReads.length; i += 2) {
    const l = readers.get(fullReads[i]);
    if (l) l.push(fullReads[i + 1]);
    else readers.set(fullReads[i], [fullReads[i + 1]]);
  }
  for (let a = 0; a < ix.appTxn.length; a++) {
    if (ix.appPos[a] >= 0 || ix.txns.status[ix.appTxn[a]] !== OK) continue;
    const k = appKey(ix, a);
    const u = ix.appTxn[a];
    for (const r of readers.get(k) ?? []) edges.add(r, u, RW);
    const last = lastCommitted(ix, k);
    if (last >= 0) edges.add(ix.appTxn[last], u, WW);
  }
}

/** The last committed append in key `k`'s version order (-1: none). */
export function lastCommitted(ix: AppendIndex, k: number): number {
  for (let p = ix.versionStart[k + 1] - 1; p >= ix.versionStart[k]; p--) {
    const a = ix.versions[p];
    if (a >= 0 && ix.txns.status[ix.appTxn[a]] !== FAIL) return a;
  }
  return -1;
}

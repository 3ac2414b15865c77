/**
 * List-append: why a ww, wr or rw edge holds, found again from the index for the few edges of
 * the cycles that get reported.
 */
import { readList, type AppendIndex } from './append-index.js';
import type { DataExplainer, EdgeWhy } from './explain.js';
import { show, txnName } from './refs.js';
import { RW, WR, WW } from './rels.js';
import { appKey, lastCommitted } from './append-unseen.js';
import { FAIL } from './txns.js';

/** The {@link DataExplainer} of a list-append history. */
export function appendExplainer(ix: AppendIndex): DataExplainer {
  return (a, b, rel) => (rel === WW ? ww(ix, a, b) : rel === WR ? wr(ix, a, b) : rel === RW ? rw(ix, a, b) : { text: `${txnName(ix.txns, a)} precedes ${txnName(ix.txns, b)}` });
}

/** The next committed append after position `pos` of key `k`'s version order (-1: none). */
function nextCommitted(ix: AppendIndex, k: number, pos: number, skipTxn: number): number {
  for (let p = ix.versionStart[k] + pos; p < ix.versionStart[k + 1]; p++) {
    const x = ix.versions[p];
    if (x < 0 || ix.txns.status[ix.appTxn[x]] === FAIL || ix.appTxn[x] === skipTxn) continue;
    return x;
  }
  return -1;
}

function ww(ix: AppendIndex, a: number, b: number): EdgeWhy {
  const { txns } = ix;
  for (const m of txns.mops[a]) {
    if (m[0] !== 'append') continue;
    const k = ix.keyIds.get(m[1]) as number;
    const x = ix.writers[k].get(m[2]);
    if (x < 0 || ix.appTxn[x] !== a || ix.appPos[x] < 0) continue;
    const y = nextCommitted(ix, k, ix.appPos[x] + 1, a);
    if (y >= 0 && ix.appTxn[y] === b) {
      const v2 = txns.mops[b][ix.appMop[y]][2];
      return { key: m[1], value: v2, text: `${txnName(txns, a)} appended ${show(m[2])} to key ${show(m[1])} and ${txnName(txns, b)} appended ${show(v2)} after it` };
    }
  }
  const u = unseenBy(ix, b, (k) => {
    const last = lastCommitted(ix, k);
    return last >= 0 && ix.appTxn[last] === a;
  });
  if (u) return { key: u.key, value: u.value, text: `${txnName(txns, a)} made the last append to key ${show(u.key)} that any read saw, and ${txnName(txns, b)} appended ${show(u.value)}, which no read saw, so later` };
  return { text: `${txnName(txns, a)} appended to a key before ${txnName(txns, b)} did` };
}

function wr(ix: AppendIndex, a: number, b: number): EdgeWhy {
  const { txns } = ix;
  for (let r = firstRead(ix, b); r < ix.readTxn.length && ix.readTxn[r] === b; r++) {
    const n = ix.readLen[r];
    if (n === 0) continue;
    const k = ix.readKey[r];
    const list = readList(ix, r);
    const x = ix.writers[k].get(list[n - 1]);
    if (x >= 0 && ix.appTxn[x] === a) {
      return { key: ix.keys[k], value: list[n - 1], text: `${txnName(txns, a)} appended ${show(list[n - 1])} to key ${show(ix.keys[k])} and ${txnName(txns, b)} read key ${show(ix.keys[k])} as ${show(list)}` };
    }
  }
  return { text: `${txnName(txns, b)} read what ${txnName(txns, a)} wrote` };
}

function rw(ix: AppendIndex, a: number, b: number): EdgeWhy {
  const { txns } = ix;
  for (let r = firstRead(ix, a); r < ix.readTxn.length && ix.readTxn[r] === a; r++) {
    const k = ix.readKey[r];
    const list = readList(ix, r);
    const y = nextCommitted(ix, k, ix.readLen[r], -1);
    if (y >= 0 && ix.appTxn[y] === b) {
      const v = txns.mops[b][ix.appMop[y]][2];
      return { key: ix.keys[k], value: v, text: `${txnName(txns, a)} read key ${show(ix.keys[k])} as ${show(list)}, without ${show(v)}, which ${txnName(txns, b)} appended next` };
    }
  }
  for (let r = firstRead(ix, a); r < ix.readTxn.length && ix.readTxn[r] === a; r++) {
    const k = ix.readKey[r];
    const list = readList(ix, r);
    if (ix.readLen[r] !== ix.versionStart[k + 1] - ix.versionStart[k]) continue;
    const u = unseenBy(ix, b, (key) => key === k);
    if (u) return { key: u.key, value: u.value, text: `${txnName(txns, a)} read key ${show(u.key)} as ${show(list)}, all any read saw of it, without ${show(u.value)}, which ${txnName(txns, b)} appended and no read saw, so later` };
  }
  return { text: `${txnName(txns, a)} did not see a write of ${txnName(txns, b)}` };
}

/** The first read id of transaction `t` (read ids are in transaction order). */
function firstRead(ix: AppendIndex, t: number): number {
  let lo = 0;
  let hi = ix.readTxn.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ix.readTxn[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A committed append of transaction `t` that no read shows, on a key `want` accepts. */
function unseenBy(ix: AppendIndex, t: number, want: (k: number) => boolean): { key: unknown; value: unknown } | undefined {
  for (const m of ix.txns.mops[t]) {
    if (m[0] !== 'append') continue;
    const k = ix.keyIds.get(m[1]);
    const a = k < 0 ? -1 : ix.writers[k].get(m[2]);
    if (a >= 0 && ix.appTxn[a] === t && ix.appPos[a] < 0 && appKey(ix, a) === k && want(k)) return { key: m[1], value: m[2] };
  }
  return undefined;
}

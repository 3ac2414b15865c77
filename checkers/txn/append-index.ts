/**
 * List-append, first pass: who appended what (per key, value → append), which reads there are,
 * and per key the version order: the longest committed read of that key.
 */
import { OK, TxnInputError, type TxnTable } from './txns.js';
import { IntVec } from './int-vec.js';
import { DenseMap } from './value-index.js';

/** Everything the list-append inference knows about a history. */
export interface AppendIndex {
  txns: TxnTable;
  /** Key → key id, and back. */
  keyIds: DenseMap;
  keys: unknown[];
  /** Per key id: appended value → append id (the first append of that value; -1: none). */
  writers: DenseMap[];
  /** Per append id: transaction, micro-op position, 1 when it is the txn's last append to its key. */
  appTxn: Int32Array;
  appMop: Int32Array;
  appLast: Uint8Array;
  /** Per append id: position in its key's version order; -1 when no read shows it. */
  appPos: Int32Array;
  /** Per read id (reads of `ok` transactions only): transaction, micro-op position, key id. */
  readTxn: Int32Array;
  readMop: Int32Array;
  readKey: Int32Array;
  /**
   * Per read id: how much of the list is an observed version. A read after the transaction's
   * own appends to the key shows the version it read plus those appends at the end; they are
   * left out (they are not installed yet). Otherwise the whole list.
   */
  readLen: Int32Array;
  /** Per key id: the read id of the longest read (by `readLen`; -1: never read). */
  longest: Int32Array;
  /** Per key id: where its version order starts in `versions`; `versionStart[k+1]` ends it. */
  versionStart: Int32Array;
  /** Version orders, key after key, as append ids (-1: a value nobody appended). */
  versions: Int32Array;
  /** Appends of a value already appended to that key (values must be unique per key). */
  duplicateAppends: number;
  /**
   * Per transaction: 1 when two of its micro-ops touch the same key. Only those can read their
   * own appends, append twice to a key or read then append, so every per-transaction rescan
   * (last appends, observed lengths, lost-update candidates, internal reads) skips the others.
   */
  repeats: Uint8Array;
}

/** The read list of read `r` (`nil` reads as empty). */
export function readList(ix: AppendIndex, r: number): readonly unknown[] {
  const v = ix.txns.mops[ix.readTxn[r]][ix.readMop[r]][2];
  return (v ?? []) as readonly unknown[];
}

/**
 * Builds the {@link AppendIndex}. Pure.
 * @throws TxnInputError for a micro-op that is not `['append', k, v]` or `['r', k, list|nil]`
 */
export function indexAppends(txns: TxnTable): AppendIndex {
  const keyIds = new DenseMap();
  const keys: unknown[] = [];
  const writers: DenseMap[] = [];
  // Sized so that a mix of about as many appends as reads never grows them: each growth
  // allocates again, and large fresh buffers make V8 mark the whole heap (the history) sooner.
  let mopCount = 0;
  for (let t = 0; t < txns.n; t++) mopCount += txns.mops[t].length;
  const cap = Math.ceil(mopCount * 0.625);
  const appTxn = new IntVec(cap);
  const appMop = new IntVec(cap);
  const readTxn = new IntVec(cap);
  const readMop = new IntVec(cap);
  const readKey = new IntVec(cap);
  const readLen = new IntVec(cap);
  const longestLen: number[] = [];
  const longest: number[] = [];
  const repeats = new Uint8Array(txns.n);
  let duplicateAppends = 0;
  for (let t = 0; t < txns.n; t++) {
    const mops = txns.mops[t];
    const ok = txns.status[t] === OK;
    const rep = mops.length > 1 && repeatsKey(mops) ? 1 : 0;
    repeats[t] = rep;
    for (let i = 0; i < mops.length; i++) {
      const m = mops[i];
      if (!Array.isArray(m) || m.length !== 3) throw new TxnInputError(txns.op[t], `micro-op ${i} is not [f k v]: ${JSON.stringify(m)}`);
      const k = m[1];
      if (typeof k !== 'number' && typeof k !== 'string') throw new TxnInputError(txns.op[t], `micro-op ${i}: key ${JSON.stringify(k)} is not a number or string`);
      let kid = keyIds.get(k);
      if (kid < 0) {
        kid = keys.length;
        keyIds.set(k, kid);
        keys.push(k);
        writers.push(new DenseMap());
        longest.push(-1);
        longestLen.push(-1);
      }
      if (m[0] === 'append') {
        const w = writers[kid];
        if (w.get(m[2]) >= 0) {
          duplicateAppends++;
          continue;
        }
        w.set(m[2], appTxn.length);
        appTxn.push(t);
        appMop.push(i);
      } else if (m[0] === 'r') {
        if (!ok) continue;
        const v = m[2];
        if (v !== null && v !== undefined && !Array.isArray(v)) throw new TxnInputError(txns.op[t], `micro-op ${i}: read of key ${JSON.stringify(k)} is not a list or nil: ${JSON.stringify(v)}`);
        const len = rep === 0 ? (v ?? []).length : observedLength(mops, i, (v ?? []) as unknown[]);
        if (len > longestLen[kid]) {
          longestLen[kid] = len;
          longest[kid] = readTxn.length;
        }
        readTxn.push(t);
        readMop.push(i);
        readKey.push(kid);
        readLen.push(len);
      } else {
        throw new TxnInputError(txns.op[t], `micro-op ${i}: unknown function ${JSON.stringify(m[0])} (list-append knows append and r)`);
      }
    }
  }
  const ix: AppendIndex = {
    txns,
    keyIds,
    keys,
    writers,
    appTxn: appTxn.view(),
    appMop: appMop.view(),
    appLast: lastFlags(txns, appTxn.view(), appMop.view(), repeats),
    appPos: new Int32Array(appTxn.length).fill(-1),
    readTxn: readTxn.view(),
    readMop: readMop.view(),
    readKey: readKey.view(),
    readLen: readLen.view(),
    longest: Int32Array.from(longest),
    versionStart: new Int32Array(keys.length + 1),
    versions: new Int32Array(0),
    duplicateAppends,
    repeats,
  };
  return ix;
}

/** True when two of `mops` (micro-ops, checked to be arrays) touch the same key. Pure. */
export function repeatsKey(mops: readonly (readonly unknown[])[]): boolean {
  if (mops.length > 16) return new Set(mops.map((m) => (Array.isArray(m) ? m[1] : m))).size < mops.length;
  for (let i = 1; i < mops.length; i++) {
    const m = mops[i];
    if (!Array.isArray(m)) continue;
    for (let j = 0; j < i; j++) if (Array.isArray(mops[j]) && mops[j][1] === m[1]) return true;
  }
  return false;
}

/** 1 for each append that is its transaction's last append to that key. */
function lastFlags(txns: TxnTable, appTxn: Int32Array, appMop: Int32Array, repeats: Uint8Array): Uint8Array {
  const out = new Uint8Array(appTxn.length);
  for (let a = 0; a < appTxn.length; a++) {
    if (repeats[appTxn[a]] === 0) {
      out[a] = 1;
      continue;
    }
    const mops = txns.mops[appTxn[a]];
    const k = mops[appMop[a]][1];
    let last = 1;
    for (let j = appMop[a] + 1; j < mops.length; j++) {
      if (mops[j][0] === 'append' && mops[j][1] === k) {
        last = 0;
        break;
      }
    }
    out[a] = last;
  }
  return out;
}

/**
 * The observed part of read `at`'s `list`: without the transaction's own earlier appends to the
 * key when the list ends with them (in order) and holds them nowhere else, else the whole list.
 */
function observedLength(mops: readonly (readonly unknown[])[], at: number, list: readonly unknown[]): number {
  const k = mops[at][1];
  let own = 0;
  for (let j = 0; j < at; j++) if (mops[j][0] === 'append' && mops[j][1] === k) own++;
  if (own === 0 || own > list.length) return list.length;
  const cut = list.length - own;
  let p = cut;
  for (let j = 0; j < at; j++) {
    if (mops[j][0] !== 'append' || mops[j][1] !== k) continue;
    // Not at the end in order, or also in the part before: the whole list is the evidence.
    if (list[p++] !== mops[j][2] || list.indexOf(mops[j][2]) < cut) return list.length;
  }
  return cut;
}

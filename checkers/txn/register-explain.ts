/**
 * rw-register: why a ww, wr or rw edge holds, found again from the two transactions'
 * micro-ops for the few edges of reported cycles.
 */
import type { DataExplainer, EdgeWhy } from './explain.js';
import { show, txnName } from './refs.js';
import { RW, WR, WW } from './rels.js';
import type { Mop, TxnTable } from './txns.js';

/** What the explainer needs. */
export interface RegisterIndex {
  txns: TxnTable;
  writerOf: (k: unknown, v: unknown) => { t: number } | undefined;
  nil: symbol;
}

/** The {@link DataExplainer} of a rw-register history. */
export function registerExplainer(ix: RegisterIndex): DataExplainer {
  return (a, b, rel) => {
    const why = rel === WW ? ww(ix, a, b) : rel === WR ? wr(ix, a, b) : rel === RW ? rw(ix, a, b) : undefined;
    return why ?? { text: `${txnName(ix.txns, a)} precedes ${txnName(ix.txns, b)}` };
  };
}

/** The first micro-op of each key, when it is a read: key → value read (null: nil). */
function externalReads(mops: readonly Mop[]): Map<unknown, unknown> {
  const seen = new Set<unknown>();
  const out = new Map<unknown, unknown>();
  for (const [f, k, v] of mops) {
    if (seen.has(k)) continue;
    seen.add(k);
    if (f === 'r') out.set(k, v ?? null);
  }
  return out;
}

function writes(mops: readonly Mop[], k: unknown): unknown[] {
  return mops.filter((m) => m[0] === 'w' && m[1] === k).map((m) => m[2]);
}

function ww(ix: RegisterIndex, a: number, b: number): EdgeWhy | undefined {
  const { txns } = ix;
  for (const [k, x] of externalReads(txns.mops[b])) {
    const ys = writes(txns.mops[b], k);
    if (x !== null && ys.length > 0 && ix.writerOf(k, x)?.t === a) {
      const y = ys[ys.length - 1];
      return { key: k, value: y, text: `${txnName(txns, a)} wrote key ${show(k)} = ${show(x)} and ${txnName(txns, b)} read that, then wrote ${show(y)}` };
    }
  }
  return undefined;
}

function wr(ix: RegisterIndex, a: number, b: number): EdgeWhy | undefined {
  const { txns } = ix;
  for (const [k, v] of externalReads(txns.mops[b])) {
    if (v !== null && ix.writerOf(k, v)?.t === a) return { key: k, value: v, text: `${txnName(txns, a)} wrote key ${show(k)} = ${show(v)} and ${txnName(txns, b)} read it` };
  }
  return undefined;
}

function rw(ix: RegisterIndex, a: number, b: number): EdgeWhy | undefined {
  const { txns } = ix;
  const bReads = externalReads(txns.mops[b]);
  for (const [k, x] of externalReads(txns.mops[a])) {
    const ys = writes(txns.mops[b], k);
    if (ys.length === 0) continue;
    const y = ys[ys.length - 1];
    if (x === null) return { key: k, value: y, text: `${txnName(txns, a)} read key ${show(k)} as nil (its initial state), which ${txnName(txns, b)} overwrote with ${show(y)}` };
    if (bReads.get(k) === x) return { key: k, value: y, text: `${txnName(txns, a)} read key ${show(k)} = ${show(x)}, which ${txnName(txns, b)} read too and then overwrote with ${show(y)}` };
  }
  return undefined;
}

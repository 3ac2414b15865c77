/**
 * The `memory` system's transactional store for the `append` (list-append) and `wr`
 * (rw-register) workloads: a key → value map where a whole transaction is applied at once, so
 * it is strict-serializable — unless a read is served stale: then it answers from the key's
 * version before the last write (or before the last few), as a lagging replica would, and an
 * append to a key read stale builds on that stale list (a lost update). A transaction always
 * reads its own writes, and reads a key at one version. The txn checker must catch that
 * (G-single, lost updates, incompatible orders). Op contract:
 * `workloads/txn.ts`.
 */
import type { Op } from '../../core/op.js';
import type { Completion } from '../../core/plugins.js';

/** Versions kept per key for stale reads. */
const VERSIONS_KEPT = 4;

type Value = number | number[];

function isMicroOp(m: unknown): m is [string, number, unknown] {
  return Array.isArray(m) && m.length === 3 && typeof m[0] === 'string' && typeof m[1] === 'number';
}

/** The store; mutable, one per run. */
export class MemoryTxnStore {
  /** Key → versions, oldest first (the last is current). */
  private readonly versions = new Map<number, Value[]>();

  /**
   * Applies a `txn` op atomically. `stale` is asked once per read: true = answer from an older
   * version. A malformed op fails (nothing applied).
   */
  apply(op: Op, stale: () => number): Completion {
    if (op.f !== 'txn' || !Array.isArray(op.value) || !op.value.every(isMicroOp)) {
      return { type: 'fail', value: op.value, error: `memory txn: bad op ${JSON.stringify(op.f)} ${JSON.stringify(op.value)}` };
    }
    const out: unknown[] = [];
    // The transaction's own writes, seen by its later reads, installed as one version per key at the end.
    const mine = new Map<number, Value>();
    /** Lag chosen for each key read (one per key per transaction: repeated reads agree). */
    const lags = new Map<number, number>();
    for (const [f, k, v] of op.value as [string, number, unknown][]) {
      if (f === 'r') {
        const own = mine.get(k);
        if (own === undefined && !lags.has(k)) lags.set(k, stale());
        out.push([f, k, own !== undefined ? (Array.isArray(own) ? [...own] : own) : this.read(k, lags.get(k) ?? 0)]);
      } else if (f === 'append' && typeof v === 'number') {
        const cur = mine.get(k) ?? this.read(k, lags.get(k) ?? 0);
        mine.set(k, [...(Array.isArray(cur) ? cur : []), v]);
        out.push([f, k, v]);
      } else if (f === 'w' && typeof v === 'number') {
        mine.set(k, v);
        out.push([f, k, v]);
      } else {
        return { type: 'fail', value: op.value, error: `memory txn: bad micro-op ${JSON.stringify([f, k, v])}` };
      }
    }
    for (const [k, v] of mine) this.push(k, v);
    return { type: 'ok', value: out };
  }

  private current(k: number): Value | null {
    const vs = this.versions.get(k);
    return vs === undefined ? null : vs[vs.length - 1];
  }

  /** The value `lag` versions back (0 = current); null before the first. */
  private read(k: number, lag: number): Value | null {
    const vs = this.versions.get(k) ?? [];
    const i = vs.length - 1 - lag;
    const v = i < 0 ? null : vs[i];
    return Array.isArray(v) ? [...v] : v;
  }

  private push(k: number, v: Value): void {
    let vs = this.versions.get(k);
    if (vs === undefined) this.versions.set(k, (vs = []));
    vs.push(v);
    if (vs.length > VERSIONS_KEPT) vs.shift();
  }
}

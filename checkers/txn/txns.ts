/**
 * Transactions from a history: each `txn` invocation paired with its completion, numbered in
 * invocation order, kept in typed arrays (status, process, where it started and ended) plus the
 * op whose value holds its micro-ops.
 */
import type { History, Op } from '../../core/op.js';

/** Committed (`ok`). */
export const OK = 0;
/** Unknown (`info`, or never completed): may have committed. */
export const INFO = 1;
/** Did not commit (`fail`). */
export const FAIL = 2;

/** The `f` of a transaction op. */
export const TXN_F = 'txn';

/** A micro-op as recorded: `[f, key, value]`. */
export type Mop = readonly [string, unknown, unknown];

/** The transactions of a history, by id (0-based, invocation order). */
export interface TxnTable {
  n: number;
  /** {@link OK}, {@link INFO} or {@link FAIL}. */
  status: Uint8Array;
  /** Client process number (-1 when not a number). */
  process: Int32Array;
  /** Position in the history of the invocation (= completion for a lone completion). */
  invokeAt: Int32Array;
  /** Position of the completion; -1 when it never completed. */
  completeAt: Int32Array;
  /** The op whose value lists the micro-ops: the completion, or the invocation when absent. */
  op: Op[];
  /** The micro-ops of each transaction (the op's value as an array; [] when not one). */
  mops: (readonly Mop[])[];
}

/**
 * Pairs the `txn` ops of `history` (other `f`s and nemesis ops are ignored). An `ok`
 * completion supplies the micro-ops with what was read; `info` and `fail` ones supply theirs
 * when their value is an array, else the invocation's. A completion with no open invocation
 * counts as a transaction that started and ended at that point. Pure.
 */
export function collectTxns(history: History): TxnTable {
  const len = history.length;
  const openDense: number[] = []; // process number → open txn + 1 (0: none)
  const openOther = new Map<unknown, number>();
  const status = new Uint8Array(len);
  const proc = new Int32Array(len);
  const inv = new Int32Array(len);
  const comp = new Int32Array(len);
  const ops: Op[] = [];
  for (let i = 0; i < len; i++) {
    const e = history[i];
    if (e.f !== TXN_F) continue;
    const p = e.process;
    const dense = typeof p === 'number' && p >= 0 && p < 1 << 24;
    if (!dense && p === 'nemesis') continue;
    if (e.type === 'invoke') {
      const t = ops.length;
      if (dense) openDense[p] = t + 1;
      else openOther.set(p, t);
      status[t] = INFO;
      proc[t] = typeof p === 'number' ? p : -1;
      inv[t] = i;
      comp[t] = -1;
      ops.push(e);
      continue;
    }
    let t = dense ? (openDense[p] ?? 0) - 1 : (openOther.get(p) ?? -1);
    if (t < 0) {
      t = ops.length;
      proc[t] = typeof p === 'number' ? p : -1;
      inv[t] = i;
      ops.push(e);
    } else if (dense) openDense[p] = 0;
    else openOther.delete(p);
    comp[t] = i;
    status[t] = e.type === 'ok' ? OK : e.type === 'fail' ? FAIL : INFO;
    if (e.type === 'ok' || Array.isArray(e.value)) ops[t] = e;
  }
  const n = ops.length;
  const mops: (readonly Mop[])[] = new Array(n);
  for (let t = 0; t < n; t++) {
    const v = ops[t].value;
    mops[t] = Array.isArray(v) ? (v as Mop[]) : [];
  }
  // views, not copies: a copy would allocate again what was just filled
  return { n, status: status.subarray(0, n), process: proc.subarray(0, n), invokeAt: inv.subarray(0, n), completeAt: comp.subarray(0, n), op: ops, mops };
}

/** A micro-op that is not of the expected shape, with the op it came from. */
export class TxnInputError extends Error {
  override name = 'TxnInputError';
  constructor(
    readonly op: Op,
    readonly problem: string,
  ) {
    super(`op ${op.index} (process ${String(op.process)}): ${problem}`);
  }
}

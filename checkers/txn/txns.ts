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
  const open = new Map<unknown, number>();
  const status: number[] = [];
  const proc: number[] = [];
  const inv: number[] = [];
  const comp: number[] = [];
  const ops: Op[] = [];
  for (let i = 0; i < history.length; i++) {
    const e = history[i];
    if (e.f !== TXN_F || e.process === 'nemesis') continue;
    if (e.type === 'invoke') {
      open.set(e.process, ops.length);
      status.push(INFO);
      proc.push(typeof e.process === 'number' ? e.process : -1);
      inv.push(i);
      comp.push(-1);
      ops.push(e);
      continue;
    }
    let t = open.get(e.process);
    if (t === undefined) {
      t = ops.length;
      proc.push(typeof e.process === 'number' ? e.process : -1);
      inv.push(i);
      ops.push(e);
      status.push(INFO);
      comp.push(-1);
    } else open.delete(e.process);
    comp[t] = i;
    status[t] = e.type === 'ok' ? OK : e.type === 'fail' ? FAIL : INFO;
    if (e.type === 'ok' || Array.isArray(e.value)) ops[t] = e;
  }
  const mops = ops.map((o) => (Array.isArray(o.value) ? (o.value as Mop[]) : []));
  return {
    n: ops.length,
    status: Uint8Array.from(status),
    process: Int32Array.from(proc),
    invokeAt: Int32Array.from(inv),
    completeAt: Int32Array.from(comp),
    op: ops,
    mops,
  };
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

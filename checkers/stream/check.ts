/**
 * The stream / log order checker (docs/checkers.md § "Stream / log order") over the op contract
 * of ./ops.ts: rebuilds every key's log from all sends and reads, then checks values, offsets
 * and each process's reads. Pure; linear in history size; memory bounded by distinct values.
 */
import type { History } from '../../core/op.js';
import type { Validity, Verdict } from '../../core/verdict.js';
import { AnomalyLog, type StreamAnomaly } from './anomalies.js';
import { explainStream, summarizeStream } from './explain.js';
import { forEachStreamOp } from './history.js';
import { LogBuilder, SendStatus, countSuspects } from './log.js';
import { STREAM_CLASSES, resolveStreamOptions, type StreamClass, type StreamOptions, type StreamPromise } from './options.js';
import { offsetRanks, type OffsetRanks } from './ranks.js';
import { ReadChecker } from './reads.js';
import { checkTxnCycles } from './txn-cycles.js';
import { checkValues, type UnseenPoint } from './values.js';

/** Totals of what the checker saw. */
export interface StreamStats {
  /** Client ops of the stream kinds (send, poll, txn, assign, subscribe, crash). */
  ops: number;
  keys: number;
  /** Distinct values sent. */
  sent: number;
  /** Of those: acknowledged with an offset, unknown (info), failed. */
  acked: number;
  unknown: number;
  failed: number;
  /** Distinct values some read saw. */
  read: number;
  /** Records read in all (a value read by two polls counts twice). */
  records: number;
  /** Micro-ops that could not be read (malformed). */
  malformed: number;
  /** Transactions (`txn` ops) and edges of their dependency graph (G0 / G1c search). */
  txns: number;
  txnEdges: number;
}

/** The stream checker's verdict. JSON-serialisable; examples capped, counts exact. */
export interface StreamVerdict extends Verdict {
  valid: Validity;
  /** The configuration the check ran with. */
  config: { promise: StreamPromise; orderingKeys: boolean };
  /** Classes counted as errors, and classes only reported. */
  counted: StreamClass[];
  reportedOnly: StreamClass[];
  /** Exact count per class (every class, zeros included). */
  counts: Record<StreamClass, number>;
  /** Up to `maxExamples` anomalies per class that occurred. */
  anomalies: Partial<Record<StreamClass, StreamAnomaly[]>>;
  /** Acknowledged values not yet read, over time (lost ones included). */
  unseenOverTime: UnseenPoint[];
  stats: StreamStats;
  /** Why `unknown`, when it is. */
  reason?: string;
  /** One paragraph for people. */
  explanation: string;
  /** One line: the classes found (see {@link Verdict.summary}). */
  summary?: string;
}

const STREAM_FS = new Set(['send', 'poll', 'txn', 'assign', 'subscribe', 'crash']);

/**
 * Checks a stream history. Valid unless a class counted as an error occurred; `unknown` when
 * micro-ops could not be read, or values were acknowledged but no `ok` read returned anything.
 * Pure; linear.
 * @throws UsageError for bad options
 */
export function checkStream(history: History, options: StreamOptions = {}): StreamVerdict {
  const opts = resolveStreamOptions(options);
  const anomalies = new AnomalyLog(opts.maxExamples);
  const stats: StreamStats = { ops: 0, keys: 0, sent: 0, acked: 0, unknown: 0, failed: 0, read: 0, records: 0, malformed: 0, txns: 0, txnEdges: 0 };
  // pass 1: the logs (and nonmonotonic-send)
  const builder = new LogBuilder(anomalies);
  forEachStreamOp(history, (op) => {
    if (STREAM_FS.has(op.f)) stats.ops++;
    stats.malformed += op.malformed;
    builder.add(op);
  });
  const logs = builder.logs;
  countSuspects(logs);
  const ranks = new Map<string, OffsetRanks>();
  for (const [key, log] of logs) ranks.set(key, offsetRanks(log.byOffset.keys()));
  // pass 2: the reads against the complete logs
  const reads = new ReadChecker({ logs, ranks, orderingKeys: opts.orderingKeys }, anomalies);
  forEachStreamOp(history, (op) => reads.add(op));
  let end = 0;
  for (const op of history) if (op.time > end) end = op.time;
  const unseenOverTime = checkValues(logs, anomalies, end, opts.unseenPoints);
  // pass 3: G0 / G1c among the transactions, through the txn checker's graph and cycle search
  const cycles = checkTxnCycles(history, logs, anomalies, opts.maxExamples);
  stats.txns = cycles.txns;
  stats.txnEdges = cycles.edges;

  stats.keys = logs.size;
  let okRecords = false;
  for (const log of logs.values()) {
    for (const v of log.values.values()) {
      if (v.status !== SendStatus.None) stats.sent++;
      if (v.status === SendStatus.Acked) stats.acked++;
      else if (v.status === SendStatus.Unknown) stats.unknown++;
      else if (v.status === SendStatus.Failed) stats.failed++;
      if (v.reads > 0) stats.read++;
      stats.records += v.reads;
      if (v.okRead) okRecords = true;
    }
  }

  const counts = Object.fromEntries(STREAM_CLASSES.map((c) => [c, anomalies.count(c)])) as Record<StreamClass, number>;
  const counted = STREAM_CLASSES.filter((c) => opts.errors.has(c));
  const reportedOnly = STREAM_CLASSES.filter((c) => !opts.errors.has(c));
  const errors = counted.some((c) => counts[c] > 0);
  let valid: Validity = errors ? false : true;
  let reason: string | undefined;
  const blind = cycles.incomplete.filter((c) => opts.errors.has(c));
  if (!errors && blind.length > 0) {
    valid = 'unknown';
    reason = `the cycle search among ${stats.txns} transactions ran out of budget for ${blind.join(', ')}`;
  } else if (!errors && stats.malformed > 0) {
    valid = 'unknown';
    reason = `${stats.malformed} micro-op(s) could not be read (see ops.ts for their shapes)`;
  } else if (!errors && stats.acked > 0 && !okRecords) {
    valid = 'unknown';
    reason = 'values were acknowledged but no ok read returned any record, so nothing was verified';
  }
  const examples: Partial<Record<StreamClass, StreamAnomaly[]>> = {};
  for (const c of STREAM_CLASSES) {
    const list = anomalies.examples.get(c);
    if (list !== undefined) examples[c] = list;
  }
  const verdict: StreamVerdict = {
    valid,
    config: { promise: opts.promise, orderingKeys: opts.orderingKeys },
    counted,
    reportedOnly,
    counts,
    anomalies: examples,
    unseenOverTime,
    stats,
    ...(reason === undefined ? {} : { reason }),
    explanation: '',
  };
  verdict.explanation = explainStream(verdict);
  verdict.summary = summarizeStream(verdict);
  return verdict;
}

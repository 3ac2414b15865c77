/**
 * The stream checker's second pass over the reads, once every key's log is known:
 * aborted-read, precommitted-read, internal skip / nonmonotonic inside one read, poll-skip /
 * nonmonotonic-poll across one process's reads of a key it holds (tracking `assign`,
 * `subscribe` and crashes; `group-*` for keys held by `subscribe`), and, in ordering-key mode,
 * ordering-key order. Pure apart from filling the anomaly log; linear.
 */
import type { ProcessId } from '../../core/op.js';
import type { AnomalyLog } from './anomalies.js';
import type { PollRec, StreamOp } from './history.js';
import { SendStatus, type KeyLog, type Logs } from './log.js';
import type { StreamClass } from './options.js';
import type { OffsetRanks } from './ranks.js';

/** How a process holds a key. */
const NONE = 0;
const ASSIGN = 1;
const SUBSCRIBE = 2;

/** One process's position on one key. */
interface Position {
  held: number;
  /** Offset of the last record read while held; NaN = start unknown (fresh subscribe). */
  last: number;
  lastValue: number;
  lastIndex: number;
  /** True until the process read the key at all: an assign then starts at the first offset. */
  fresh: boolean;
  /** Ordering-key mode: send offset of the last value read whose send offset is known. */
  lastSendOffset: number;
  lastSendValue: number;
}

/** What the read pass needs: logs, ranks per key, options. */
export interface ReadPassInput {
  readonly logs: Logs;
  readonly ranks: ReadonlyMap<string, OffsetRanks>;
  readonly orderingKeys: boolean;
}

function positionOf(per: Map<string, Position>, key: string): Position {
  let p = per.get(key);
  if (p === undefined) {
    p = { held: NONE, last: NaN, lastValue: NaN, lastIndex: -1, fresh: true, lastSendOffset: NaN, lastSendValue: NaN };
    per.set(key, p);
  }
  return p;
}

function reassign(per: Map<string, Position>, op: StreamOp): void {
  const mode = op.f === 'assign' ? ASSIGN : SUBSCRIBE;
  const now = new Set(op.keys ?? []);
  for (const [key, p] of per) if (!now.has(key)) p.held = NONE;
  for (const key of now) {
    const p = positionOf(per, key);
    if (mode === SUBSCRIBE && p.held !== SUBSCRIBE) {
      // the group decides where a newly subscribed key starts
      p.last = NaN;
      p.fresh = false;
      p.lastSendOffset = NaN;
    }
    p.held = mode;
  }
}

/** The read checks, op by op; see {@link ReadChecker.add}. */
export class ReadChecker {
  private readonly positions = new Map<ProcessId, Map<string, Position>>();
  private readonly flagged = new Set<string>(); // aborted / precommitted reads, once per value

  constructor(
    private readonly input: ReadPassInput,
    private readonly anomalies: AnomalyLog,
  ) {}

  /** Checks one op (ops in completion order). */
  add(op: StreamOp): void {
    const isHold = op.f === 'assign' || op.f === 'subscribe';
    if (op.polls.length === 0 && !isHold) return;
    let per = this.positions.get(op.process);
    if (per === undefined) this.positions.set(op.process, (per = new Map()));
    if (isHold) {
      if (op.type === 'ok') reassign(per, op);
      return;
    }
    const { logs, ranks: allRanks, orderingKeys } = this.input;
    const anomalies = this.anomalies;
    for (const poll of op.polls) {
      for (const r of poll) {
        const log = logs.get(r.key);
        const ranks = allRanks.get(r.key);
        if (log === undefined || ranks === undefined) continue;
        badValues(op, r, log, this.flagged, anomalies);
        internal(op, r, ranks, anomalies);
        const p = positionOf(per, r.key);
        if (p.held === NONE) continue; // records of a key it does not hold: not its position
        across(op, r, p, ranks, anomalies);
        if (orderingKeys) appendOrder(op, r, p, log, anomalies);
        const last = r.recs[r.recs.length - 1];
        p.last = last[0];
        p.lastValue = last[1];
        p.lastIndex = op.index;
        p.fresh = false;
      }
    }
  }
}

/**
 * Runs the read checks over `ops` (completion order) into `anomalies`. Pure apart from that;
 * linear in the number of records read.
 */
export function checkReads(ops: Iterable<StreamOp>, input: ReadPassInput, anomalies: AnomalyLog): void {
  const c = new ReadChecker(input, anomalies);
  for (const op of ops) c.add(op);
}

function badValues(op: StreamOp, r: PollRec, log: KeyLog, flagged: Set<string>, anomalies: AnomalyLog): void {
  // fast path: only an op that sends can read its own send, only an ok read of a suspect is aborted
  if (op.sends.length === 0 && (op.type !== 'ok' || log.suspects === 0)) return;
  const recs = r.recs;
  for (let i = 0; i < recs.length; i++) {
    const v = log.values.get(recs[i][1]);
    if (v === undefined) continue;
    if (v.sendIndex === op.index) {
      const id = `p${r.key}\u0000${v.value}`;
      if (flagged.has(id)) continue;
      flagged.add(id);
      anomalies.add('precommitted-read', () => ({
        key: r.key,
        offsets: [recs[i][0]],
        values: [v.value],
        ops: [op.index],
        process: op.process,
        note: `op ${op.index} (process ${op.process}) read ${v.value} at offset ${recs[i][0]} of ${r.key} while it was itself sending it`,
      }));
    } else if (op.type === 'ok' && (v.status === SendStatus.Failed || v.status === SendStatus.None)) {
      const id = `a${r.key}\u0000${v.value}`;
      if (flagged.has(id)) continue;
      flagged.add(id);
      const failed = v.status === SendStatus.Failed;
      anomalies.add('aborted-read', () => ({
        key: r.key,
        offsets: [recs[i][0]],
        values: [v.value],
        ops: failed ? [v.sendIndex, op.index] : [op.index],
        process: op.process,
        note: failed
          ? `op ${op.index} read ${v.value} at offset ${recs[i][0]} of ${r.key}, but its send (op ${v.sendIndex}) failed`
          : `op ${op.index} read ${v.value} at offset ${recs[i][0]} of ${r.key}, a value nobody sent`,
      }));
    }
  }
}

function internal(op: StreamOp, r: PollRec, ranks: OffsetRanks, anomalies: AnomalyLog): void {
  const recs = r.recs;
  for (let i = 1; i < recs.length; i++) {
    const a = recs[i - 1][0];
    const b = recs[i][0];
    if (b <= a) report(anomalies, 'internal-nonmonotonic', op, r.key, a, b, recs[i - 1][1], recs[i][1], [op.index], 'in one read,');
    else {
      const skipped = ranks.between(a, b);
      if (skipped > 0) report(anomalies, 'internal-skip', op, r.key, a, b, recs[i - 1][1], recs[i][1], [op.index], `in one read, skipping ${skipped} known record(s):`);
    }
  }
}

function across(op: StreamOp, r: PollRec, p: Position, ranks: OffsetRanks, anomalies: AnomalyLog): void {
  const first = r.recs[0][0];
  const firstValue = r.recs[0][1];
  const group = p.held === SUBSCRIBE;
  const ops = p.lastIndex === -1 ? [op.index] : [p.lastIndex, op.index];
  if (!Number.isNaN(p.last)) {
    if (first <= p.last) {
      report(anomalies, group ? 'group-nonmonotonic-poll' : 'nonmonotonic-poll', op, r.key, p.last, first, p.lastValue, firstValue, ops, 'across polls,');
    } else {
      const skipped = ranks.between(p.last, first);
      if (skipped > 0) report(anomalies, group ? 'group-poll-skip' : 'poll-skip', op, r.key, p.last, first, p.lastValue, firstValue, ops, `across polls, skipping ${skipped} known record(s):`);
    }
  } else if (p.fresh && p.held === ASSIGN) {
    const skipped = ranks.below(first);
    if (skipped > 0) {
      anomalies.add('poll-skip', () => ({
        key: r.key,
        offsets: [first],
        values: [firstValue],
        ops: [op.index],
        process: op.process,
        note: `process ${op.process} was assigned ${r.key} and its first read started at offset ${first}, skipping ${skipped} known record(s) before it`,
      }));
    }
  }
}

function appendOrder(op: StreamOp, r: PollRec, p: Position, log: KeyLog, anomalies: AnomalyLog): void {
  for (let i = 0; i < r.recs.length; i++) {
    const v = log.values.get(r.recs[i][1]);
    if (v === undefined || Number.isNaN(v.sendOffset)) continue;
    if (!Number.isNaN(p.lastSendOffset) && v.sendOffset < p.lastSendOffset) {
      const prevValue = p.lastSendValue;
      const prevOffset = p.lastSendOffset;
      anomalies.add('ordering-key-order', () => ({
        key: r.key,
        offsets: [prevOffset, v.sendOffset],
        values: [prevValue, v.value],
        ops: [op.index],
        process: op.process,
        note: `process ${op.process} read ${prevValue} (appended at ${prevOffset}) before ${v.value} (appended earlier, at ${v.sendOffset}) of ordering key ${r.key}`,
      }));
    }
    p.lastSendOffset = v.sendOffset;
    p.lastSendValue = v.value;
  }
}

function report(
  anomalies: AnomalyLog,
  kind: StreamClass,
  op: StreamOp,
  key: string,
  a: number,
  b: number,
  va: number,
  vb: number,
  ops: number[],
  how: string,
): void {
  anomalies.add(kind, () => ({
    key,
    offsets: [a, b],
    values: [va, vb],
    ops,
    process: op.process,
    note: `process ${op.process} read ${key} ${how} offset ${a} (value ${va}) then offset ${b} (value ${vb})`,
  }));
}

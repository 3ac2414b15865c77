/**
 * The per-key log the stream checker reconstructs from every send and every read (even of
 * failed or unknown ops): offset → value(s), and per value its send status, offsets and first
 * read. Built in one pass over the ops; memory bounded by the number of distinct values.
 * Also checks `nonmonotonic-send` on the way (it needs only per-process order). Pure.
 */
import type { ProcessId } from '../../core/op.js';
import type { AnomalyLog } from './anomalies.js';
import type { StreamOp } from './history.js';

/**
 * How a value's send ended: `None` no send of it in the history; `Acked` acknowledged with an
 * offset (ok op, or a completed micro-op of an info op); `Unknown` an info op without an offset
 * for it; `Failed` the op failed, so definitely not sent.
 */
export const SendStatus = { None: 0, Acked: 1, Unknown: 2, Failed: 3 } as const;

/** One of {@link SendStatus}. */
export type SendStatus = (typeof SendStatus)[keyof typeof SendStatus];

/** What the checker knows of one value of one key. */
export interface ValueInfo {
  readonly value: number;
  status: SendStatus;
  /** The acknowledged offset, NaN when none. */
  sendOffset: number;
  /** History index of the sending op, -1 when none. */
  sendIndex: number;
  sendProcess: ProcessId | undefined;
  /** Completion time of the sending op, ns. */
  sendTime: number;
  /** First offset it was seen at (send or read), NaN when none, and the op that saw it there. */
  offset: number;
  offsetIndex: number;
  /** Further distinct offsets and the ops that saw it there (duplicates). */
  extra: number[] | undefined;
  /** Reads (records in any op) of it; first read's time (ns, Infinity when none) and index. */
  reads: number;
  firstReadTime: number;
  firstReadIndex: number;
  /** Whether an `ok` op read it. */
  okRead: boolean;
}

/** One key's log. */
export class KeyLog {
  readonly values = new Map<number, ValueInfo>();
  /** Offset → the first value seen there. */
  readonly byOffset = new Map<number, number>();
  /** Offsets holding more than one value → every value seen there. */
  readonly conflicts = new Map<number, number[]>();
  /** Highest offset an `ok` read reached; -Infinity when none. */
  maxOkRead = -Infinity;
  /** Values whose send failed or was never seen (an ok read of one is an aborted read); set by {@link countSuspects}. */
  suspects = 0;

  constructor(readonly key: string) {}

  /** The info of `value`, created empty when new. */
  info(value: number): ValueInfo {
    let v = this.values.get(value);
    if (v === undefined) {
      v = {
        value,
        status: SendStatus.None,
        sendOffset: NaN,
        sendIndex: -1,
        sendProcess: undefined,
        sendTime: 0,
        offset: NaN,
        offsetIndex: -1,
        extra: undefined,
        reads: 0,
        firstReadTime: Infinity,
        firstReadIndex: -1,
        okRead: false,
      };
      this.values.set(value, v);
    }
    return v;
  }

  /** Records that op `index` saw `v` at `offset`. */
  place(v: ValueInfo, offset: number, index: number): void {
    if (Number.isNaN(v.offset)) {
      v.offset = offset;
      v.offsetIndex = index;
    } else if (v.offset !== offset) {
      const extra = v.extra ?? (v.extra = []);
      let known = false;
      for (let i = 0; i < extra.length; i += 2) if (extra[i] === offset) known = true;
      if (!known) extra.push(offset, index);
    }
    const first = this.byOffset.get(offset);
    if (first === undefined) this.byOffset.set(offset, v.value);
    else if (first !== v.value) {
      const c = this.conflicts.get(offset);
      if (c === undefined) this.conflicts.set(offset, [first, v.value]);
      else if (!c.includes(v.value)) c.push(v.value);
    }
  }

  /** The history index of an op that saw `value` at `offset`, -1 when none. */
  indexAt(value: number, offset: number): number {
    const v = this.values.get(value);
    if (v === undefined) return -1;
    if (v.offset === offset) return v.offsetIndex;
    const extra = v.extra ?? [];
    for (let i = 0; i < extra.length; i += 2) if (extra[i] === offset) return extra[i + 1];
    return -1;
  }
}

/** Sets each log's {@link KeyLog.suspects} once the logs are complete. */
export function countSuspects(logs: Logs): void {
  for (const log of logs.values()) {
    let n = 0;
    for (const v of log.values.values()) if (v.status === SendStatus.Failed || v.status === SendStatus.None) n++;
    log.suspects = n;
  }
}

/** All keys' logs. */
export type Logs = Map<string, KeyLog>;

/** The log of `key`, created when new. */
export function logOf(logs: Logs, key: string): KeyLog {
  let l = logs.get(key);
  if (l === undefined) {
    l = new KeyLog(key);
    logs.set(key, l);
  }
  return l;
}

/** Builds the logs op by op; see {@link LogBuilder.add}. */
export class LogBuilder {
  readonly logs: Logs = new Map();
  private readonly lastSend = new Map<ProcessId, Map<string, { offset: number; value: number; index: number }>>();

  constructor(private readonly anomalies: AnomalyLog) {}

  /** Adds one op's sends and reads (ops in completion order); reports `nonmonotonic-send`. */
  add(op: StreamOp): void {
    for (const s of op.sends) this.send(op, s.key, s.value, s.offset);
    for (const poll of op.polls) {
      for (const r of poll) {
        const log = logOf(this.logs, r.key);
        const recs = r.recs;
        for (let i = 0; i < recs.length; i++) {
          const offset = recs[i][0];
          const v = log.info(recs[i][1]);
          log.place(v, offset, op.index);
          v.reads++;
          if (v.firstReadIndex === -1 || op.time < v.firstReadTime) {
            if (v.firstReadIndex === -1) v.firstReadIndex = op.index;
            if (op.time < v.firstReadTime) v.firstReadTime = op.time;
          }
          if (op.type === 'ok') {
            v.okRead = true;
            if (offset > log.maxOkRead) log.maxOkRead = offset;
          }
        }
      }
    }
  }

  private send(op: StreamOp, key: string, value: number, offset: number | undefined): void {
    const log = logOf(this.logs, key);
    const v = log.info(value);
    if (v.sendIndex !== -1) return; // a value sent twice is the client's bug; keep the first
    v.sendIndex = op.index;
    v.sendProcess = op.process;
    v.sendTime = op.time;
    if (op.type === 'fail') {
      v.status = SendStatus.Failed;
      return;
    }
    if (offset === undefined) {
      v.status = SendStatus.Unknown;
      return;
    }
    v.status = SendStatus.Acked;
    v.sendOffset = offset;
    log.place(v, offset, op.index);
    let per = this.lastSend.get(op.process);
    if (per === undefined) this.lastSend.set(op.process, (per = new Map()));
    const prev = per.get(key);
    if (prev !== undefined && offset <= prev.offset) {
      this.anomalies.add('nonmonotonic-send', () => ({
        key,
        offsets: [prev.offset, offset],
        values: [prev.value, value],
        ops: [prev.index, op.index],
        process: op.process,
        note: `process ${op.process} sent ${prev.value} to ${key} at offset ${prev.offset}, then ${value} at offset ${offset}`,
      }));
    }
    per.set(key, { offset, value, index: op.index });
  }
}

/**
 * Builds every key's log from `ops` (completion order) and reports `nonmonotonic-send` into
 * `anomalies`. Pure apart from filling `anomalies`; linear.
 */
export function buildLogs(ops: Iterable<StreamOp>, anomalies: AnomalyLog): Logs {
  const b = new LogBuilder(anomalies);
  for (const op of ops) b.add(op);
  return b.logs;
}

/**
 * Reading stream ops (./ops.ts) out of a history: each client op as one {@link StreamOp}
 * (invocation paired with its completion, `info` when it never completed), with its sends and
 * polls parsed. Malformed micro-ops are counted, not thrown. Pure; linear.
 */
import type { History, Op, ProcessId } from '../../harness/op.js';

/** One send micro-op as the checker sees it. */
export interface SendRec {
  readonly key: string;
  readonly value: number;
  /** The offset the system acknowledged, when the micro-op completed. */
  readonly offset?: number;
}

/** One poll micro-op's records for one key, in the order received. */
export interface PollRec {
  readonly key: string;
  readonly offsets: readonly number[];
  readonly values: readonly number[];
}

/** A client op of a stream workload, invocation and completion together. */
export interface StreamOp {
  readonly f: string;
  /** `ok`, `fail` or `info` (also for an invocation that never completed). */
  readonly type: 'ok' | 'fail' | 'info';
  readonly process: ProcessId;
  /** History index of the completion (of the invocation when there is none). */
  readonly index: number;
  /** History index of the invocation. */
  readonly invokeIndex: number;
  /** Completion time, ns (invocation time when there is none). */
  readonly time: number;
  /** Sends and polls in micro-op order (only for `send`, `poll`, `txn`). */
  readonly sends: readonly SendRec[];
  readonly polls: readonly (readonly PollRec[])[];
  /** For `assign` / `subscribe`: the keys. */
  readonly keys?: readonly string[];
  /** Micro-ops that could not be read (bad shapes). */
  readonly malformed: number;
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

function parsePoll(res: unknown): { recs: PollRec[]; bad: number } {
  const recs: PollRec[] = [];
  if (res === null || typeof res !== 'object' || Array.isArray(res)) return { recs, bad: 1 };
  let bad = 0;
  for (const [key, list] of Object.entries(res as Record<string, unknown>)) {
    if (!Array.isArray(list)) {
      bad++;
      continue;
    }
    const offsets: number[] = [];
    const values: number[] = [];
    for (const r of list) {
      if (Array.isArray(r) && r.length === 2 && isInt(r[0]) && isInt(r[1])) {
        offsets.push(r[0]);
        values.push(r[1]);
      } else bad++;
    }
    if (offsets.length > 0) recs.push({ key, offsets, values });
  }
  return { recs, bad };
}

function parseMops(value: unknown): { sends: SendRec[]; polls: PollRec[][]; bad: number } {
  const sends: SendRec[] = [];
  const polls: PollRec[][] = [];
  let bad = 0;
  if (!Array.isArray(value)) return { sends, polls, bad: 1 };
  for (const m of value) {
    if (!Array.isArray(m)) {
      bad++;
      continue;
    }
    if (m[0] === 'send' && typeof m[1] === 'string') {
      const x = m[2];
      if (isInt(x)) sends.push({ key: m[1], value: x });
      else if (Array.isArray(x) && x.length === 2 && isInt(x[0]) && isInt(x[1])) sends.push({ key: m[1], value: x[1], offset: x[0] });
      else bad++;
    } else if (m[0] === 'poll') {
      if (m.length < 2 || m[1] === undefined || m[1] === null) continue; // not (yet) returned
      const p = parsePoll(m[1]);
      bad += p.bad;
      polls.push(p.recs);
    } else bad++;
  }
  return { sends, polls, bad };
}

function makeOp(inv: Op, done: Op | undefined): StreamOp {
  const type = done === undefined ? 'info' : (done.type as 'ok' | 'fail' | 'info');
  const base = {
    f: inv.f,
    type,
    process: inv.process,
    index: done?.index ?? inv.index,
    invokeIndex: inv.index,
    time: done?.time ?? inv.time,
  };
  if (inv.f === 'assign' || inv.f === 'subscribe') {
    const v = done !== undefined && Array.isArray(done.value) ? done.value : inv.value;
    const ok = Array.isArray(v) && v.every((k) => typeof k === 'string');
    return { ...base, sends: [], polls: [], keys: ok ? (v as string[]) : [], malformed: ok ? 0 : 1 };
  }
  if (inv.f !== 'send' && inv.f !== 'poll' && inv.f !== 'txn') return { ...base, sends: [], polls: [], malformed: 0 };
  // Completions repeat the invoke's micro-ops with results filled in; fall back to the invoke.
  const fromDone = done !== undefined && Array.isArray(done.value) ? parseMops(done.value) : undefined;
  const p = fromDone ?? parseMops(inv.value);
  return { ...base, sends: p.sends, polls: p.polls, malformed: p.bad };
}

/**
 * The client ops of `history` in completion order (ops that never completed last, in
 * invocation order), each paired with its invocation. Nemesis ops and stray completions are
 * skipped. Pure; linear.
 */
export function streamOps(history: History): StreamOp[] {
  const open = new Map<ProcessId, Op>();
  const out: StreamOp[] = [];
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    if (op.type === 'invoke') {
      const prev = open.get(op.process);
      if (prev !== undefined) out.push(makeOp(prev, undefined));
      open.set(op.process, op);
      continue;
    }
    const inv = open.get(op.process);
    if (inv === undefined) continue;
    open.delete(op.process);
    out.push(makeOp(inv, op));
  }
  const rest = [...open.values()].sort((a, b) => a.index - b.index);
  for (const inv of rest) out.push(makeOp(inv, undefined));
  return out;
}

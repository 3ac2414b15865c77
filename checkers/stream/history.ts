/**
 * Reading stream ops (./ops.ts) out of a history: each client op as one {@link StreamOp}
 * (invocation paired with its completion, `info` when it never completed), with its sends and
 * polls parsed; records stay the history's own arrays. Malformed micro-ops are counted, not
 * thrown. Pure; linear.
 */
import type { History, Op, ProcessId } from '../../harness/op.js';

/** One send micro-op as the checker sees it. */
export interface SendRec {
  readonly key: string;
  readonly value: number;
  /** The offset the system acknowledged, when the micro-op completed. */
  readonly offset?: number;
}

/** A record as read: `[offset, value]`. */
export type Rec = readonly [number, number];

/** One poll micro-op's records for one key, in the order received (well-formed ones only). */
export interface PollRec {
  readonly key: string;
  readonly recs: readonly Rec[];
}

/** A client op of a stream workload, invocation and completion together. */
export interface StreamOp {
  readonly f: string;
  /** `ok`, `fail` or `info` (also for an invocation that never completed). */
  readonly type: 'ok' | 'fail' | 'info';
  readonly process: ProcessId;
  /** History index of the completion (of the invocation when there is none). */
  readonly index: number;
  /** Completion time, ns (invocation time when there is none). */
  readonly time: number;
  /** Sends and polls in micro-op order (only for `send`, `poll`, `txn`). */
  readonly sends: readonly SendRec[];
  readonly polls: readonly (readonly PollRec[])[];
  /** For `assign` / `subscribe`: the keys. */
  readonly keys: readonly string[] | undefined;
  /** Micro-ops or records that could not be read (bad shapes). */
  readonly malformed: number;
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isRec = (r: unknown): r is Rec => Array.isArray(r) && r.length === 2 && isInt(r[0]) && isInt(r[1]);
const NONE: readonly never[] = Object.freeze([]);

/** Parsed micro-ops; records are the history's own arrays unless some had to be dropped. */
class Parsed {
  sends: SendRec[] | readonly never[] = NONE;
  polls: PollRec[][] | readonly never[] = NONE;
  bad = 0;
}

function parsePoll(res: unknown, out: Parsed): PollRec[] {
  const recs: PollRec[] = [];
  if (res === null || typeof res !== 'object' || Array.isArray(res)) {
    out.bad++;
    return recs;
  }
  for (const key in res as Record<string, unknown>) {
    const list = (res as Record<string, unknown>)[key];
    if (!Array.isArray(list)) {
      out.bad++;
      continue;
    }
    let ok = true;
    for (let i = 0; i < list.length; i++) if (!isRec(list[i])) ok = false;
    const good = ok ? (list as Rec[]) : list.filter(isRec);
    out.bad += list.length - good.length;
    if (good.length > 0) recs.push({ key, recs: good });
  }
  return recs;
}

function parseMops(value: unknown): Parsed {
  const out = new Parsed();
  if (!Array.isArray(value)) {
    out.bad = 1;
    return out;
  }
  for (const m of value) {
    if (!Array.isArray(m)) {
      out.bad++;
      continue;
    }
    if (m[0] === 'send' && typeof m[1] === 'string') {
      const x = m[2];
      const s: SendRec | undefined = isInt(x) ? { key: m[1], value: x } : isRec(x) ? { key: m[1], value: x[1], offset: x[0] } : undefined;
      if (s === undefined) out.bad++;
      else (out.sends === NONE ? (out.sends = []) : (out.sends as SendRec[])).push(s);
    } else if (m[0] === 'poll') {
      if (m.length < 2 || m[1] === undefined || m[1] === null) continue; // not (yet) returned
      const p = parsePoll(m[1], out);
      (out.polls === NONE ? (out.polls = []) : (out.polls as PollRec[][])).push(p);
    } else out.bad++;
  }
  return out;
}

function makeOp(inv: Op, done: Op | undefined): StreamOp {
  const type = done === undefined ? 'info' : (done.type as 'ok' | 'fail' | 'info');
  const index = done === undefined ? inv.index : done.index;
  const time = done === undefined ? inv.time : done.time;
  if (inv.f === 'assign' || inv.f === 'subscribe') {
    const v = done !== undefined && Array.isArray(done.value) ? done.value : inv.value;
    const ok = Array.isArray(v) && v.every((k) => typeof k === 'string');
    return { f: inv.f, type, process: inv.process, index, time, sends: NONE, polls: NONE, keys: ok ? (v as string[]) : NONE, malformed: ok ? 0 : 1 };
  }
  if (inv.f !== 'send' && inv.f !== 'poll' && inv.f !== 'txn') return { f: inv.f, type, process: inv.process, index, time, sends: NONE, polls: NONE, keys: undefined, malformed: 0 };
  // Completions repeat the invoke's micro-ops with results filled in; fall back to the invoke.
  const p = parseMops(done !== undefined && Array.isArray(done.value) ? done.value : inv.value);
  return { f: inv.f, type, process: inv.process, index, time, sends: p.sends, polls: p.polls, keys: undefined, malformed: p.bad };
}

/**
 * Calls `visit` with each client op of `history` in completion order (ops that never
 * completed last, in invocation order), invocation paired with completion. Nemesis ops and
 * stray completions are skipped. Records are the history's own arrays (not copied). Linear;
 * `visit` may be called again in a second pass, so it is cheap to run twice.
 */
export function forEachStreamOp(history: History, visit: (op: StreamOp) => void): void {
  const open = new Map<ProcessId, Op>();
  for (let i = 0; i < history.length; i++) {
    const op = history[i];
    if (op.process === 'nemesis') continue;
    if (op.type === 'invoke') {
      const prev = open.get(op.process);
      if (prev !== undefined) visit(makeOp(prev, undefined));
      open.set(op.process, op);
      continue;
    }
    const inv = open.get(op.process);
    if (inv === undefined) continue;
    open.delete(op.process);
    visit(makeOp(inv, op));
  }
  const rest = [...open.values()].sort((a, b) => a.index - b.index);
  for (const inv of rest) visit(makeOp(inv, undefined));
}

/** The client ops of `history` as {@link forEachStreamOp} visits them, in an array. Linear. */
export function streamOps(history: History): StreamOp[] {
  const out: StreamOp[] = [];
  forEachStreamOp(history, (op) => out.push(op));
  return out;
}

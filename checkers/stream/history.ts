/**
 * Reading stream ops (./ops.ts) out of a history: each client op as one {@link StreamOp}
 * (invocation paired with its completion, `info` when it never completed), with its sends and
 * polls parsed; records stay the history's own arrays. Malformed micro-ops are counted, not
 * thrown. Pure; linear.
 */
import type { History, Op, ProcessId } from '../../core/op.js';

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
  /** For `assign` / `subscribe`: the keys (else undefined). */
  readonly keys: readonly string[] | undefined;
  /** Micro-ops or records that could not be read (bad shapes). */
  readonly malformed: number;
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);
const isRec = (r: unknown): r is Rec => Array.isArray(r) && r.length === 2 && isInt(r[0]) && isInt(r[1]);

interface MutableSend {
  key: string;
  value: number;
  offset: number | undefined;
}
interface MutablePoll {
  key: string;
  recs: readonly Rec[];
}

/**
 * The one op object a pass visits, refilled for every op from pools (so a pass over millions
 * of ops allocates next to nothing). Visitors must not keep it, or its arrays, past the call.
 */
class OpCursor implements StreamOp {
  f = '';
  type: 'ok' | 'fail' | 'info' = 'info';
  process: ProcessId = 0;
  index = 0;
  time = 0;
  readonly sends: MutableSend[] = [];
  readonly polls: MutablePoll[][] = [];
  keys: readonly string[] | undefined = undefined;
  malformed = 0;
  private readonly sendPool: MutableSend[] = [];
  private readonly pollPool: MutablePoll[] = [];
  private readonly groupPool: MutablePoll[][] = [];
  private pollsUsed = 0;

  fill(inv: Op, done: Op | undefined): this {
    this.f = inv.f;
    this.type = done === undefined ? 'info' : (done.type as 'ok' | 'fail' | 'info');
    this.process = inv.process;
    this.index = done === undefined ? inv.index : done.index;
    this.time = done === undefined ? inv.time : done.time;
    this.sends.length = 0;
    this.polls.length = 0;
    this.pollsUsed = 0;
    this.keys = undefined;
    this.malformed = 0;
    if (inv.f === 'assign' || inv.f === 'subscribe') {
      const v = done !== undefined && Array.isArray(done.value) ? done.value : inv.value;
      const ok = Array.isArray(v) && v.every((k) => typeof k === 'string');
      this.keys = ok ? (v as string[]) : [];
      this.malformed = ok ? 0 : 1;
    } else if (inv.f === 'send' || inv.f === 'poll' || inv.f === 'txn') {
      // Completions repeat the invoke's micro-ops with results filled in; fall back to the invoke.
      this.parseMops(done !== undefined && Array.isArray(done.value) ? done.value : inv.value);
    }
    return this;
  }

  private addSend(key: string, value: number, offset: number | undefined): void {
    let s = this.sendPool[this.sends.length];
    if (s === undefined) this.sendPool.push((s = { key, value, offset }));
    else {
      s.key = key;
      s.value = value;
      s.offset = offset;
    }
    this.sends.push(s);
  }

  private addPoll(group: MutablePoll[], key: string, recs: readonly Rec[]): void {
    let p = this.pollPool[this.pollsUsed];
    if (p === undefined) this.pollPool.push((p = { key, recs }));
    else {
      p.key = key;
      p.recs = recs;
    }
    this.pollsUsed++;
    group.push(p);
  }

  private parseMops(value: unknown): void {
    if (!Array.isArray(value)) {
      this.malformed++;
      return;
    }
    for (const m of value) {
      if (!Array.isArray(m)) {
        this.malformed++;
        continue;
      }
      if (m[0] === 'send' && typeof m[1] === 'string') {
        const x = m[2];
        if (isInt(x)) this.addSend(m[1], x, undefined);
        else if (isRec(x)) this.addSend(m[1], x[1], x[0]);
        else this.malformed++;
      } else if (m[0] === 'poll') {
        if (m.length < 2 || m[1] === undefined || m[1] === null) continue; // not (yet) returned
        let group = this.groupPool[this.polls.length];
        if (group === undefined) this.groupPool.push((group = []));
        group.length = 0;
        this.polls.push(group);
        this.parsePoll(m[1], group);
      } else this.malformed++;
    }
  }

  private parsePoll(res: unknown, group: MutablePoll[]): void {
    if (res === null || typeof res !== 'object' || Array.isArray(res)) {
      this.malformed++;
      return;
    }
    for (const key in res as Record<string, unknown>) {
      const list = (res as Record<string, unknown>)[key];
      if (!Array.isArray(list)) {
        this.malformed++;
        continue;
      }
      let ok = true;
      for (let i = 0; i < list.length; i++) if (!isRec(list[i])) ok = false;
      const good = ok ? (list as Rec[]) : list.filter(isRec);
      this.malformed += list.length - good.length;
      if (good.length > 0) this.addPoll(group, key, good);
    }
  }
}

/**
 * Calls `visit` with each client op of `history` in completion order (ops that never
 * completed last, in invocation order), invocation paired with completion. Nemesis ops and
 * stray completions are skipped. Records are the history's own arrays (not copied), and
 * `visit` gets the same op object every time, refilled: it must not keep the op or its arrays
 * past the call. Linear, and allocates next to nothing, so it is cheap to run twice.
 */
export function forEachStreamOp(history: History, visit: (op: StreamOp) => void): void {
  const cursor = new OpCursor();
  const makeOp = (inv: Op, done: Op | undefined): StreamOp => cursor.fill(inv, done);
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

/**
 * The ops a report's timeline draws: client ops paired invoke → completion, as compact columns,
 * sampled down to a bound: ops named by a checker's evidence are always kept, the others are
 * evenly spaced in history order (so the picture keeps the run's real mix of outcomes). Pure,
 * linear in the history.
 */
import type { History, Op, ProcessId } from '../core/op.js';
import { formatValue } from '../checkers/linearizable/values.js';

/**
 * Outcome codes in {@link TimelineSample.t}. `refused` is a `fail` the workload expects by
 * design (a cas whose compare did not match, a transfer without funds): it says something about
 * the data, not the system's health, and is drawn in its own colour.
 */
export const OUTCOME_CODE = { ok: 0, fail: 1, info: 2, open: 3, refused: 4 } as const;

/**
 * Errors of expected refusals: workloads/register.ts `CAS_MISMATCH` and workloads/bank.ts
 * `INSUFFICIENT_FUNDS` (a test keeps these in step).
 */
export const EXPECTED_REFUSALS: readonly string[] = ['value did not match', 'insufficient funds'];

/** True when `comp` is a `fail` the workload expects (see {@link OUTCOME_CODE}). Pure. */
export function isExpectedRefusal(inv: Op, comp: Op | undefined): boolean {
  if (comp?.type !== 'fail') return false;
  if (comp.error === undefined) return inv.f === 'cas';
  return EXPECTED_REFUSALS.includes(comp.error);
}

/** What a mark points at, for grouping and colour in the viewer. */
export type MarkKind = 'blocking' | 'path' | 'bad-read' | 'lost' | 'stream' | 'txn' | 'other';

/** An op a checker pointed at (e.g. the one that could not be linearized). */
export interface TimelineMark {
  /** History index of the op's invocation. */
  index: number;
  label: string;
  /** Which checker named it. */
  checker?: string;
  kind?: MarkKind;
  /** For `path` marks: the op's place in the linearization (0-based). */
  seq?: number;
  /** Marks of one path and its blocking op share a group (one per checker and failing key). */
  group?: string;
  /** For `blocking` marks: the model state the op could not be placed in, e.g. `register = 4`. */
  state?: string;
  /** Invocation time, ms since test start (filled in by {@link sampleTimeline}). */
  time?: number;
  /** Row of the op's process in {@link TimelineSample.processes}. */
  row?: number;
}

/** The drawn ops as parallel arrays (one entry per op), plus what was left out. */
export interface TimelineSample {
  /** Client processes of the drawn ops, numbers ascending. */
  processes: ProcessId[];
  /** Row of each process (same order as `processes`). */
  rowOf: number[];
  /** Label of each row: `p3`, or `p3 +4` for a row shared by 5 successive processes. */
  rows: string[];
  /** Names of the `f`s; `f[k]` indexes this. */
  fs: string[];
  /** Process (index into `processes`). */
  p: number[];
  /** Invocation time, ms since test start (µs precision). */
  s: number[];
  /** Completion time, ms; -1 when the op never completed. */
  e: number[];
  /** Outcome code ({@link OUTCOME_CODE}). */
  t: number[];
  f: number[];
  /** History index of the invocation. */
  i: number[];
  /** Short text: key, value, result, error. */
  v: string[];
  /** Node that served the op (index into `nodes`), -1 when unknown. */
  n: number[];
  /** Nodes named by the drawn ops, in order of first appearance. */
  nodes: string[];
  /** Key of the op (index into `keys`), -1 when it has none (or past {@link MAX_KEYS} keys). */
  k: number[];
  /** Keys of the drawn ops (JSON text of each), in order of first appearance. */
  keys: string[];
  /** Client ops in the history. */
  total: number;
  marks: TimelineMark[];
}

/** Most distinct keys the timeline names (the key filter lists these). */
export const MAX_KEYS = 2000;

const ms = (ns: number) => Math.round(ns / 1e3) / 1e3;

/** A short description of an op: key, input, result when it differs, error. Pure. */
export function opText(inv: Op, comp: Op | undefined): string {
  let s = inv.key === undefined ? '' : `key ${formatValue(inv.key, 20)} `;
  s += formatValue(inv.value, 20);
  if (comp?.type === 'ok' && JSON.stringify(comp.value) !== JSON.stringify(inv.value)) s += ` → ${formatValue(comp.value, 20)}`;
  if (comp?.error) s += ` (${comp.error})`;
  return s.length > 80 ? `${s.slice(0, 79)}…` : s;
}

/** True for the j-th of `count` items when `quota` of them are picked evenly. Pure. */
const picked = (j: number, count: number, quota: number) => Math.floor(((j + 1) * quota) / count) > Math.floor((j * quota) / count);

/**
 * Samples the client ops of `history` to at most `maxOps` (default 50,000), keeping every op
 * whose invocation index is in `marks`. Pure.
 */
export function sampleTimeline(history: History, marks: readonly TimelineMark[] = [], maxOps = 50_000): TimelineSample {
  const inv = new Int32Array(history.length);
  const comp = new Int32Array(history.length);
  const open = new Map<ProcessId, number>();
  const wanted = new Set(marks.map((m) => m.index));
  const forced = new Set<number>();
  let n = 0;
  for (let k = 0; k < history.length; k++) {
    const op = history[k];
    if (op.process === 'nemesis') continue;
    if (op.type === 'invoke') {
      if (wanted.has(op.index)) forced.add(n);
      inv[n] = k;
      comp[n] = -1;
      open.set(op.process, n++);
    } else {
      const j = open.get(op.process);
      if (j !== undefined) comp[j] = k;
      open.delete(op.process);
    }
  }
  const rest = n - forced.size;
  const quota = Math.min(rest, Math.max(0, maxOps - forced.size));
  const out: TimelineSample = { processes: [], rowOf: [], rows: [], fs: [], p: [], s: [], e: [], t: [], f: [], i: [], v: [], n: [], nodes: [], k: [], keys: [], total: n, marks: [] };
  const fIndex = new Map<string, number>();
  const nodeIndex = new Map<string, number>();
  const keyIndex = new Map<string, number>();
  const rows: ProcessId[] = [];
  let seen = 0;
  for (let j = 0; j < n; j++) {
    if (!forced.has(j) && !picked(seen++, rest, quota)) continue;
    const a = history[inv[j]];
    const b = comp[j] >= 0 ? history[comp[j]] : undefined;
    if (!fIndex.has(a.f)) fIndex.set(a.f, fIndex.size);
    rows.push(a.process);
    out.s.push(ms(a.time));
    out.e.push(b ? ms(b.time) : -1);
    out.t.push(!b ? OUTCOME_CODE.open : isExpectedRefusal(a, b) ? OUTCOME_CODE.refused : OUTCOME_CODE[b.type as 'ok' | 'fail' | 'info']);
    out.f.push(fIndex.get(a.f)!);
    out.i.push(a.index);
    out.v.push(opText(a, b));
    const node = b?.node ?? a.node;
    if (node !== undefined && !nodeIndex.has(node)) nodeIndex.set(node, nodeIndex.size);
    out.n.push(node === undefined ? -1 : nodeIndex.get(node)!);
    const key = a.key === undefined ? undefined : JSON.stringify(a.key);
    if (key !== undefined && !keyIndex.has(key) && keyIndex.size < MAX_KEYS) keyIndex.set(key, keyIndex.size);
    out.k.push(key === undefined ? -1 : keyIndex.get(key) ?? -1);
  }
  out.fs = [...fIndex.keys()];
  out.nodes = [...nodeIndex.keys()];
  out.keys = [...keyIndex.keys()];
  out.processes = [...new Set(rows)].sort((x, y) => (typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1));
  const procIndex = new Map(out.processes.map((p, r) => [p, r]));
  out.p = rows.map((p) => procIndex.get(p)!);
  Object.assign(out, assignRows(out));
  const byIndex = new Map(out.i.map((idx, k) => [idx, k]));
  for (const m of marks) {
    const k = byIndex.get(m.index);
    if (k !== undefined) out.marks.push({ ...m, time: out.s[k], row: out.rowOf[out.p[k]] });
  }
  return out;
}

/** Most rows before processes that never overlap in time share one. */
export const MAX_ROWS = 64;

/**
 * Gives each process a row: its own while there are at most {@link MAX_ROWS} processes; else
 * processes whose ops do not overlap in time share a row (greedy by first invocation, taking
 * the row freed most recently, so a client that crashed and continued as a new process tends
 * to keep its row). Pure.
 */
export function assignRows(t: Pick<TimelineSample, 'processes' | 'p' | 's' | 'e'>): { rowOf: number[]; rows: string[] } {
  const np = t.processes.length;
  const label = (p: ProcessId) => `p${p}`;
  if (np <= MAX_ROWS) return { rowOf: t.processes.map((_, k) => k), rows: t.processes.map(label) };
  const first = new Array<number>(np).fill(Infinity);
  const last = new Array<number>(np).fill(-Infinity);
  for (let k = 0; k < t.p.length; k++) {
    const q = t.p[k];
    first[q] = Math.min(first[q], t.s[k]);
    last[q] = Math.max(last[q], t.e[k] < 0 ? Infinity : t.e[k]);
  }
  const order = t.processes.map((_, q) => q).sort((a, b) => first[a] - first[b]);
  const rowOf = new Array<number>(np).fill(0);
  const ends: number[] = [];
  const members: ProcessId[][] = [];
  for (const q of order) {
    let best = -1;
    for (let r = 0; r < ends.length; r++) if (ends[r] <= first[q] && (best < 0 || ends[r] > ends[best])) best = r;
    if (best < 0) {
      best = ends.length;
      ends.push(0);
      members.push([]);
    }
    ends[best] = last[q];
    members[best].push(t.processes[q]);
    rowOf[q] = best;
  }
  return { rowOf, rows: members.map((m) => (m.length === 1 ? label(m[0]) : `${label(m[0])} +${m.length - 1}`)) };
}

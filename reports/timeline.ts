/**
 * The ops a report's timeline draws: client ops paired invoke → completion, as compact columns,
 * sampled down to a bound. Ops named by a checker's evidence are always kept; failed,
 * indeterminate and unfinished ops are favoured over `ok` ones; within a class the sample is
 * evenly spaced in history order. Pure, linear in the history.
 */
import type { History, Op, ProcessId } from '../harness/op.js';
import { formatValue } from '../checkers/linearizable/values.js';

/** Outcome codes in {@link TimelineSample.t}. */
export const OUTCOME_CODE = { ok: 0, fail: 1, info: 2, open: 3 } as const;

/** An op a checker pointed at (e.g. the one that could not be linearized). */
export interface TimelineMark {
  /** History index of the op's invocation. */
  index: number;
  label: string;
  /** Invocation time, ms since test start (filled in by {@link sampleTimeline}). */
  time?: number;
  /** Row of the op's process in {@link TimelineSample.processes}. */
  row?: number;
}

/** The drawn ops as parallel arrays (one entry per op), plus what was left out. */
export interface TimelineSample {
  /** Row order: client processes, numbers ascending. */
  processes: ProcessId[];
  /** Names of the `f`s; `f[k]` indexes this. */
  fs: string[];
  /** Row (index into `processes`). */
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
  /** Client ops in the history. */
  total: number;
  marks: TimelineMark[];
}

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
  const isOk = (j: number) => comp[j] >= 0 && history[comp[j]].type === 'ok';
  let okCount = 0;
  for (let j = 0; j < n; j++) if (!forced.has(j) && isOk(j)) okCount++;
  const otherCount = n - forced.size - okCount;
  const rest = Math.max(0, maxOps - forced.size);
  const otherQuota = Math.min(otherCount, Math.max(Math.floor(rest / 2), rest - okCount));
  const okQuota = Math.min(okCount, rest - otherQuota);

  const out: TimelineSample = { processes: [], fs: [], p: [], s: [], e: [], t: [], f: [], i: [], v: [], total: n, marks: [] };
  const fIndex = new Map<string, number>();
  const rows: ProcessId[] = [];
  let okSeen = 0;
  let otherSeen = 0;
  for (let j = 0; j < n; j++) {
    const keep = forced.has(j) || (isOk(j) ? picked(okSeen++, okCount, okQuota) : picked(otherSeen++, otherCount, otherQuota));
    if (!keep) continue;
    const a = history[inv[j]];
    const b = comp[j] >= 0 ? history[comp[j]] : undefined;
    if (!fIndex.has(a.f)) fIndex.set(a.f, fIndex.size);
    rows.push(a.process);
    out.s.push(ms(a.time));
    out.e.push(b ? ms(b.time) : -1);
    out.t.push(b ? OUTCOME_CODE[b.type as 'ok' | 'fail' | 'info'] : OUTCOME_CODE.open);
    out.f.push(fIndex.get(a.f)!);
    out.i.push(a.index);
    out.v.push(opText(a, b));
  }
  out.fs = [...fIndex.keys()];
  out.processes = [...new Set(rows)].sort((x, y) => (typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : 1));
  const rowOf = new Map(out.processes.map((p, r) => [p, r]));
  out.p = rows.map((p) => rowOf.get(p)!);
  const byIndex = new Map(out.i.map((idx, k) => [idx, k]));
  for (const m of marks) {
    const k = byIndex.get(m.index);
    if (k !== undefined) out.marks.push({ ...m, time: out.s[k], row: out.p[k] });
  }
  return out;
}

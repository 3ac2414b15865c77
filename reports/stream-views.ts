/**
 * Per-key offset views of stream anomalies for report.html: for each anomaly a stream checker
 * listed (key, offsets, values, ops), the offsets around it with who wrote what there and who
 * read it. Built from the history in one pass. Pure; bounded in size (views, rows and ops per
 * cell are capped, with counts of what was left out).
 */
import { forEachStreamOp } from '../checkers/stream/history.js';
import type { Verdict } from '../core/verdict.js';
import type { History } from '../core/op.js';
import { invocationIndexes } from './op-index.js';

/** Most views in a report. */
export const MAX_STREAM_VIEWS = 60;
/** Offsets shown either side of each anomaly offset. */
export const STREAM_VIEW_CONTEXT = 2;
/** Most rows per view. */
export const MAX_STREAM_ROWS = 24;
/** Most writers / readers listed per row. */
export const MAX_CELL_OPS = 6;

/** One op in a cell: a send acknowledged at the row's offset, or a read of a record there. */
export interface StreamCellOp {
  /** History index of the op's invocation (the timeline's key for the op). */
  index: number;
  process: string;
  /** `ok`, `fail` or `info`. */
  type: string;
  /** The value written or read at this offset. */
  value: number;
}

/** One offset of a key. */
export interface StreamOffsetRow {
  offset: number;
  /** True for the anomaly's own offsets. */
  marked: boolean;
  writers: StreamCellOp[];
  readers: StreamCellOp[];
  /** Writers / readers not listed. */
  moreWriters: number;
  moreReaders: number;
}

/** One anomaly with its offsets. */
export interface StreamView {
  /** The checker that reported it (the name in results.json). */
  checker: string;
  /** The anomaly class. */
  kind: string;
  /** True when the class counted as an error, false when it was only reported. */
  counted: boolean;
  key: string;
  note: string;
  offsets: number[];
  values: number[];
  /** History indexes of the invocations of the ops involved (the timeline's keys). */
  ops: number[];
  rows: StreamOffsetRow[];
}

/** How many anomalies of one class the checker counted, listed and the report drew. */
export interface StreamKindCount {
  checker: string;
  kind: string;
  counted: boolean;
  /** Anomalies of this class the checker found (its exact count). */
  total: number;
  /** Of those, drawn as views. */
  drawn: number;
}

/** All stream views of a run. */
export interface StreamViews {
  views: StreamView[];
  /**
   * Anomalies the checkers found but the report does not draw: those past the checker's own
   * cap on examples (its counts are exact) plus those over {@link MAX_STREAM_VIEWS}.
   */
  omitted: number;
  /** Per checker and class: found vs drawn, counted classes first. */
  kinds: StreamKindCount[];
}

interface Listed {
  kind: string;
  key: string;
  note: string;
  offsets: number[];
  values: number[];
  ops: number[];
}

const isNums = (x: unknown): x is number[] => Array.isArray(x) && x.every((n) => typeof n === 'number' && Number.isFinite(n));

/** The anomalies a stream verdict lists, counted classes first; [] when `v` is not one. */
function listed(v: Verdict): { counted: Set<string>; items: Listed[]; totals: Map<string, number> } {
  const counted = new Set(Array.isArray(v.counted) ? v.counted.map(String) : []);
  const items: Listed[] = [];
  const totals = new Map<string, number>();
  const anomalies = v.anomalies;
  if (anomalies === null || typeof anomalies !== 'object' || Array.isArray(anomalies) || v.counts === null || typeof v.counts !== 'object') return { counted, items, totals };
  for (const [kind, n] of Object.entries(v.counts as Record<string, unknown>)) if (typeof n === 'number' && n > 0) totals.set(kind, n);
  const perKind = new Map<string, number>();
  for (const [kind, list] of Object.entries(anomalies as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    for (const a of list as Record<string, unknown>[]) {
      if (a === null || typeof a !== 'object' || typeof a.key !== 'string' || !isNums(a.offsets) || a.offsets.length === 0) continue;
      items.push({ kind, key: a.key, note: String(a.note ?? ''), offsets: a.offsets, values: isNums(a.values) ? a.values : [], ops: isNums(a.ops) ? a.ops : [] });
      perKind.set(kind, (perKind.get(kind) ?? 0) + 1);
    }
  }
  for (const [kind, n] of perKind) totals.set(kind, Math.max(totals.get(kind) ?? 0, n));
  items.sort((x, y) => Number(counted.has(y.kind)) - Number(counted.has(x.kind)));
  return { counted, items, totals };
}

/** The offsets a view shows: each anomaly offset with its context, at most {@link MAX_STREAM_ROWS}. */
function windowOf(offsets: readonly number[]): number[] {
  const set = new Set<number>();
  for (const o of offsets) for (let d = -STREAM_VIEW_CONTEXT; d <= STREAM_VIEW_CONTEXT; d++) if (o + d >= 0 || d === 0) set.add(o + d);
  const all = [...set].sort((a, b) => a - b);
  if (all.length <= MAX_STREAM_ROWS) return all;
  const own = new Set(offsets);
  return all.filter((o) => own.has(o)).concat(all.filter((o) => !own.has(o))).slice(0, MAX_STREAM_ROWS).sort((a, b) => a - b);
}

/** Lists `op` in a cell (also in `all`), or counts it in `more` when the cell is full. */
function push(list: StreamCellOp[], more: { n: number }, op: StreamCellOp, all: StreamCellOp[]): void {
  if (list.length < MAX_CELL_OPS) {
    list.push(op);
    all.push(op);
  } else more.n++;
}

/**
 * The offset views of every stream anomaly in `checkers` (a run's verdicts by checker name),
 * or null when no verdict lists one. Pure; one pass over `history`.
 */
export function streamViews(history: History, checkers: Readonly<Record<string, Verdict>>): StreamViews | null {
  const views: StreamView[] = [];
  const kinds: StreamKindCount[] = [];
  for (const [checker, v] of Object.entries(checkers)) {
    if (v === null || typeof v !== 'object') continue;
    const { counted, items, totals } = listed(v);
    const drawn = new Map<string, number>();
    for (const a of items) {
      if (views.length >= MAX_STREAM_VIEWS) continue;
      drawn.set(a.kind, (drawn.get(a.kind) ?? 0) + 1);
      const own = new Set(a.offsets);
      views.push({
        checker,
        kind: a.kind,
        counted: counted.has(a.kind),
        key: a.key,
        note: a.note,
        offsets: a.offsets,
        values: a.values,
        ops: a.ops,
        rows: windowOf(a.offsets).map((offset) => ({ offset, marked: own.has(offset), writers: [], readers: [], moreWriters: 0, moreReaders: 0 })),
      });
    }
    for (const [kind, total] of totals) kinds.push({ checker, kind, counted: counted.has(kind), total, drawn: drawn.get(kind) ?? 0 });
  }
  if (views.length === 0) return null;
  kinds.sort((x, y) => Number(y.counted) - Number(x.counted));
  const omitted = kinds.reduce((n, k) => n + k.total - k.drawn, 0);

  // key → offset → the rows (of every view) showing it, with their overflow counters
  type Slot = { row: StreamOffsetRow; w: { n: number }; r: { n: number } };
  const wanted = new Map<string, Map<number, Slot[]>>();
  for (const view of views) {
    let perKey = wanted.get(view.key);
    if (perKey === undefined) wanted.set(view.key, (perKey = new Map()));
    for (const row of view.rows) {
      const slots = perKey.get(row.offset) ?? [];
      slots.push({ row, w: { n: 0 }, r: { n: 0 } });
      perKey.set(row.offset, slots);
    }
  }
  const cells: StreamCellOp[] = [];
  forEachStreamOp(history, (op) => {
    const process = String(op.process);
    for (const s of op.sends) {
      if (s.offset === undefined || op.type === 'fail') continue;
      const slots = wanted.get(s.key)?.get(s.offset);
      if (slots !== undefined) for (const sl of slots) push(sl.row.writers, sl.w, { index: op.index, process, type: op.type, value: s.value }, cells);
    }
    for (const poll of op.polls) {
      for (const r of poll) {
        const perKey = wanted.get(r.key);
        if (perKey === undefined) continue;
        for (const [offset, value] of r.recs) {
          const slots = perKey.get(offset);
          if (slots !== undefined) for (const sl of slots) push(sl.row.readers, sl.r, { index: op.index, process, type: op.type, value }, cells);
        }
      }
    }
  });
  for (const perKey of wanted.values()) {
    for (const slots of perKey.values()) {
      for (const sl of slots) {
        sl.row.moreWriters = sl.w.n;
        sl.row.moreReaders = sl.r.n;
      }
    }
  }
  // checkers and forEachStreamOp name ops by their completion; the timeline by their invocation
  const inv = invocationIndexes(history, [...cells.map((c) => c.index), ...views.flatMap((v) => v.ops)]);
  for (const c of cells) c.index = inv.get(c.index) ?? c.index;
  for (const v of views) v.ops = v.ops.map((i) => inv.get(i) ?? i);
  return { views, omitted, kinds };
}


/**
 * Per-key offset views of stream anomalies for report.html: for each anomaly a stream checker
 * listed (key, offsets, values, ops), the offsets around it with who wrote what there and who
 * read it. Built from the history in one pass. Pure; bounded in size (views, rows and ops per
 * cell are capped, with counts of what was left out).
 */
import { forEachStreamOp } from '../checkers/stream/history.js';
import type { Verdict } from '../core/verdict.js';
import type { History } from '../core/op.js';

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
  /** History index of the op's completion. */
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
  ops: number[];
  rows: StreamOffsetRow[];
}

/** All stream views of a run. */
export interface StreamViews {
  views: StreamView[];
  /** Anomalies listed by the checkers but not drawn (over {@link MAX_STREAM_VIEWS}). */
  omitted: number;
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
function listed(v: Verdict): { counted: Set<string>; items: Listed[] } {
  const counted = new Set(Array.isArray(v.counted) ? v.counted.map(String) : []);
  const items: Listed[] = [];
  const anomalies = v.anomalies;
  if (anomalies === null || typeof anomalies !== 'object' || Array.isArray(anomalies) || typeof v.counts !== 'object') return { counted, items };
  for (const [kind, list] of Object.entries(anomalies as Record<string, unknown>)) {
    if (!Array.isArray(list)) continue;
    for (const a of list as Record<string, unknown>[]) {
      if (a === null || typeof a !== 'object' || typeof a.key !== 'string' || !isNums(a.offsets) || a.offsets.length === 0) continue;
      items.push({ kind, key: a.key, note: String(a.note ?? ''), offsets: a.offsets, values: isNums(a.values) ? a.values : [], ops: isNums(a.ops) ? a.ops : [] });
    }
  }
  items.sort((x, y) => Number(counted.has(y.kind)) - Number(counted.has(x.kind)));
  return { counted, items };
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

function push(list: StreamCellOp[], more: { n: number }, op: StreamCellOp): void {
  if (list.length < MAX_CELL_OPS) list.push(op);
  else more.n++;
}

/**
 * The offset views of every stream anomaly in `checkers` (a run's verdicts by checker name),
 * or null when no verdict lists one. Pure; one pass over `history`.
 */
export function streamViews(history: History, checkers: Readonly<Record<string, Verdict>>): StreamViews | null {
  const views: StreamView[] = [];
  let omitted = 0;
  for (const [checker, v] of Object.entries(checkers)) {
    if (v === null || typeof v !== 'object') continue;
    const { counted, items } = listed(v);
    for (const a of items) {
      if (views.length >= MAX_STREAM_VIEWS) {
        omitted++;
        continue;
      }
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
  }
  if (views.length === 0) return null;

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
  forEachStreamOp(history, (op) => {
    const process = String(op.process);
    for (const s of op.sends) {
      if (s.offset === undefined || op.type === 'fail') continue;
      const slots = wanted.get(s.key)?.get(s.offset);
      if (slots !== undefined) for (const sl of slots) push(sl.row.writers, sl.w, { index: op.index, process, type: op.type, value: s.value });
    }
    for (const poll of op.polls) {
      for (const r of poll) {
        const perKey = wanted.get(r.key);
        if (perKey === undefined) continue;
        for (const [offset, value] of r.recs) {
          const slots = perKey.get(offset);
          if (slots !== undefined) for (const sl of slots) push(sl.row.readers, sl.r, { index: op.index, process, type: op.type, value });
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
  return { views, omitted };
}

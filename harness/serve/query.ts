/**
 * The run list's filters and sort, from the page's query string: `system`, `workload`,
 * `verdict`, `from` / `to` (dates, YYYY-MM-DD, inclusive), `sort` (started, system, workload,
 * verdict, duration), `dir` (asc, desc), `page`. Unknown values are ignored, never echoed
 * unescaped. Pure.
 */
import type { RunEntry } from './store-index.js';

/** Columns the list sorts by. */
export const SORT_KEYS = ['started', 'system', 'workload', 'nemesis', 'verdict', 'duration'] as const;

/** Runs per page. */
export const PAGE_SIZE = 200;

/** A parsed query. */
export interface RunQuery {
  system?: string;
  workload?: string;
  verdict?: string;
  from?: string;
  to?: string;
  sort: (typeof SORT_KEYS)[number];
  dir: 'asc' | 'desc';
  /** 1-based. */
  page: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses a query string's parameters. Pure. */
export function parseQuery(params: URLSearchParams): RunQuery {
  const get = (k: string): string | undefined => {
    const v = params.get(k)?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const sort = get('sort');
  const page = Number(get('page') ?? '1');
  const q: RunQuery = {
    sort: (SORT_KEYS as readonly string[]).includes(sort ?? '') ? (sort as RunQuery['sort']) : 'started',
    dir: get('dir') === 'asc' ? 'asc' : 'desc',
    page: Number.isSafeInteger(page) && page >= 1 ? page : 1,
  };
  for (const k of ['system', 'workload', 'verdict'] as const) {
    const v = get(k);
    if (v !== undefined) q[k] = v;
  }
  for (const k of ['from', 'to'] as const) {
    const v = get(k);
    if (v !== undefined && DATE.test(v)) q[k] = v;
  }
  return q;
}

function sortValue(r: RunEntry, key: RunQuery['sort']): string | number {
  switch (key) {
    case 'started':
      return r.startedAt;
    case 'duration':
      return r.durationS ?? -1;
    default:
      return r[key];
  }
}

/** The runs matching `q`, sorted, and the page of them asked for. Pure. */
export function applyQuery(runs: readonly RunEntry[], q: RunQuery): { matching: number; page: RunEntry[]; pages: number } {
  const hit = runs.filter(
    (r) =>
      (q.system === undefined || r.system === q.system) &&
      (q.workload === undefined || r.workload === q.workload) &&
      (q.verdict === undefined || r.verdict === q.verdict.toUpperCase()) &&
      (q.from === undefined || r.startedAt.slice(0, 10) >= q.from) &&
      (q.to === undefined || r.startedAt.slice(0, 10) <= q.to),
  );
  const sign = q.dir === 'asc' ? 1 : -1;
  hit.sort((a, b) => {
    const x = sortValue(a, q.sort);
    const y = sortValue(b, q.sort);
    return x < y ? -sign : x > y ? sign : a.id < b.id ? -sign : a.id > b.id ? sign : 0;
  });
  const pages = Math.max(1, Math.ceil(hit.length / PAGE_SIZE));
  const page = Math.min(q.page, pages);
  return { matching: hit.length, page: hit.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), pages };
}

/** The query string of `q` with `change` applied (for sort and page links). Pure. */
export function queryString(q: RunQuery, change: Partial<RunQuery> = {}): string {
  const m = { ...q, ...change };
  const p = new URLSearchParams();
  for (const k of ['system', 'workload', 'verdict', 'from', 'to'] as const) if (m[k] !== undefined) p.set(k, m[k] as string);
  if (m.sort !== 'started') p.set('sort', m.sort);
  if (m.dir !== 'desc') p.set('dir', m.dir);
  if (m.page !== 1) p.set('page', String(m.page));
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}

/** Per-key offset views of stream anomalies (report-data's `streams`), collapsed by class. */
import type { ReportData } from '../report-data.js';
import type { StreamCellOp, StreamView } from '../stream-views.js';
import { card, collapsed, el } from './dom.js';
import { int } from './format.js';
import type { ShowMark } from './verdict.js';

const LEFT = 'text-align: left; white-space: normal; vertical-align: top;';

const opText = (o: StreamCellOp): string => `p${o.process} op ${o.index}${o.type === 'ok' ? '' : ` (${o.type})`}`;

/** A cell: each op as "value pN op I" (a link to the op in the timeline), the anomaly's values highlighted. */
function cell(ops: StreamCellOp[], more: number, values: number[], showMark: ShowMark): HTMLElement {
  const parts = ops.map((o) =>
    el('div', { className: 'stream-op' }, [
      el('span', values.includes(o.value) ? { className: 'chip' } : null, String(o.value)),
      ' ',
      el('a', { href: '#', className: 'stream-link', onclick: (e: Event) => { e.preventDefault(); showMark(o.index); } }, opText(o)),
    ]),
  );
  if (more > 0) parts.push(el('div', { className: 'muted' }, `… ${more} more`));
  return el('td', { style: LEFT }, parts.length ? parts : el('span', { className: 'muted' }, '—'));
}

function view(v: StreamView, showMark: ShowMark): HTMLElement {
  const head = el('div', { className: 'checker-head' }, [
    el('span', { className: `badge ${v.counted ? 'b-invalid' : 'b-unknown'}` }, v.kind),
    el('strong', null, `key ${v.key}`),
    el('span', { className: 'checker-summary' }, v.note + (v.counted ? '' : ' (reported, not counted)')),
    v.ops.length ? el('button', { type: 'button', className: 'jump', onclick: () => showMark(v.ops[0]) }, 'Show in timeline') : null,
  ]);
  const rows = v.rows.map((r) =>
    el('tr', r.marked ? { className: 'stream-marked', style: 'background: #fff5f5; font-weight: 600;' } : null, [
      el('td', null, String(r.offset)),
      cell(r.writers, r.moreWriters, v.values, showMark),
      cell(r.readers, r.moreReaders, v.values, showMark),
    ]),
  );
  return el('div', { className: 'checker stream-view' }, [
    head,
    el('div', { className: 'table-wrap' }, el('table', { className: 'stats stream-table' }, [
      el('thead', null, el('tr', null, ['offset', 'written (value, by)', 'read (value, by)'].map((h, i) => el('th', i ? { style: LEFT } : null, h)))),
      el('tbody', null, rows),
    ])),
  ]);
}

/** The card of stream anomaly views (one collapsed block per class, counted classes first), or null. */
export function renderStreamViews(data: ReportData, showMark: ShowMark): HTMLElement | null {
  const s = data.streams;
  if (!s || !s.views.length) return null;
  const kinds = s.kinds.length ? s.kinds : [...new Set(s.views.map((v) => v.kind))].map((kind) => ({ checker: '', kind, counted: s.views.some((v) => v.kind === kind && v.counted), total: s.views.filter((v) => v.kind === kind).length, drawn: s.views.filter((v) => v.kind === kind).length }));
  const block = (k: (typeof kinds)[number]) => {
    const views = s.views.filter((v) => v.kind === k.kind && (k.checker === '' || v.checker === k.checker));
    const summary = [el('span', { className: `badge ${k.counted ? 'b-invalid' : 'b-unknown'}` }, k.kind), ` ${int(k.drawn)} of ${int(k.total)} shown`, k.counted ? '' : ' · reported, not counted'];
    return collapsed(summary, views.length ? views.map((v) => view(v, showMark)) : el('div', { className: 'muted' }, 'None drawn (the report draws at most 60 views).'), false, `more stream-kind${k.counted ? ' counted' : ' reported'}`);
  };
  const counted = kinds.filter((k) => k.counted);
  const reported = kinds.filter((k) => !k.counted);
  return card('Stream anomalies by key and offset', null, [
    el('div', { className: 'note' }, 'Each anomaly with the offsets around it: which op acknowledged which value at each offset, and which ops read what there (click an op to see it in the timeline). Highlighted: the anomaly\u2019s offsets and values.'),
    counted.map(block),
    reported.length ? [el('h3', { className: 'subhead' }, 'Reported only (not errors for this system\u2019s promise)'), reported.map(block)] : null,
    s.omitted > 0 ? el('div', { className: 'note' }, `${int(s.omitted)} anomalies found but not drawn; the checker counts them all (see its verdict JSON).`) : null,
  ], 'streams');
}

/**
 * The transactional anomalies card (report-data's `txn`): each cycle drawn as a small graph
 * (transactions as nodes, edges labelled with their relation, key and value) beside its
 * step-by-step explanation, each other anomaly with its transactions and explanation, and for
 * every case a button zooming the timeline onto exactly its transactions. All data is set as
 * text (never markup); SVG attributes hold only numbers and fixed words.
 */
import type { ReportData } from '../report-data.js';
import { layoutGraph } from '../txn-layout.js';
import type { TxnCaseView, TxnTypeCount } from '../txn-views.js';
import { card, collapsed, el, svg, swatch } from './dom.js';
import { int } from './format.js';

/** Zooms the timeline onto the ops invoked at these history indexes; returns how many are drawn. */
export type ShowTxns = (indexes: readonly number[]) => number;

/** Colours of the relations. */
export const REL_COLORS: Record<string, string> = { ww: '#0969da', wr: '#1a7f37', rw: '#cf222e', process: '#8250df', realtime: '#bc4c00' };
const REL_WORDS: Record<string, string> = {
  ww: 'ww: wrote the next version',
  wr: 'wr: its write was read',
  rw: 'rw: read a version the other overwrote',
  process: 'process order',
  realtime: 'real-time order',
};
const NODE_FILL: Record<string, string> = { ok: '#ffffff', fail: '#ffe3e3', info: '#fff4cc' };
const relColor = (rel: string): string => REL_COLORS[rel] ?? '#59636e';

/** The edge's label lines: the relation, then the key and value behind it. */
function edgeLines(e: TxnCaseView['edges'][number]): string[] {
  const kv = [e.key !== null ? `key ${e.key}` : '', e.value !== null ? `value ${e.value}` : ''].filter(Boolean).join(' · ');
  return kv ? [e.rel, kv] : [e.rel];
}

/** The cycle as an inline SVG graph. */
function graph(c: TxnCaseView): SVGElement {
  const lines = c.edges.map(edgeLines);
  const g = layoutGraph(c.txns.length, c.edges.map((e, k) => ({ from: e.from, to: e.to, lines: lines[k] })));
  const edges = g.edges.map((p, k) => {
    const e = c.edges[k];
    const color = relColor(e.rel);
    return svg('g', { class: 'txn-edge', 'data-rel': e.rel, 'data-step': k }, [
      svg('title', null, e.text),
      svg('path', { d: p.path, fill: 'none', stroke: color, 'stroke-width': 1.8 }),
      svg('polygon', { points: p.arrow, fill: color }),
      svg('text', { x: p.label.x, y: p.label.y, 'text-anchor': p.label.anchor, 'font-size': 11 }, lines[k].map((line, i) =>
        svg('tspan', { x: p.label.x, dy: i === 0 ? 10 : 13, fill: i === 0 ? color : '#1f2328', 'font-weight': i === 0 ? 700 : 400 }, line))),
    ]);
  });
  const nodes = g.nodes.map((n, k) => {
    const t = c.txns[k];
    return svg('g', { class: 'txn-node' }, [
      svg('title', null, `${t.label} · process ${t.process} · ${t.type}`),
      svg('ellipse', { cx: n.x, cy: n.y, rx: n.rx, ry: n.ry, fill: NODE_FILL[t.type] ?? '#ffffff', stroke: '#1f2328', 'stroke-width': 1.3 }),
      svg('text', { x: n.x, y: n.y - 2, 'text-anchor': 'middle', 'font-size': 12, 'font-weight': 700 }, t.label),
      svg('text', { x: n.x, y: n.y + 12, 'text-anchor': 'middle', 'font-size': 10, fill: '#59636e' }, `p${t.process}${t.type === 'ok' ? '' : ` ${t.type}`}`),
    ]);
  });
  return svg('svg', { class: 'txn-graph', viewBox: g.viewBox, width: g.width, height: g.height, role: 'img', 'aria-label': `${c.type} cycle of ${c.txns.length} transactions` }, [...edges, ...nodes]);
}

/** Highlights edge `k` of a drawn graph while its step is hovered. */
function hoverStep(host: HTMLElement, k: number, on: boolean): void {
  host.querySelector(`.txn-edge[data-step="${k}"]`)?.classList.toggle('hot', on);
}

/** One case: head with a zoom button, then graph and steps (cycles) or transactions and explanation. */
function caseView(c: TxnCaseView, showTxns: ShowTxns): HTMLElement {
  const names = c.txns.map((t) => t.label);
  const status = el('span', { className: 'muted txn-zoom-status' });
  const zoom = el('button', {
    type: 'button',
    className: 'jump txn-zoom',
    onclick: () => {
      const n = showTxns(c.txns.map((t) => t.index));
      status.textContent = n === c.txns.length ? '' : n === 0 ? 'not drawn in the timeline' : `${n} of ${c.txns.length} drawn in the timeline`;
    },
  }, `Zoom timeline to ${c.txns.length === 1 ? 'this transaction' : `these ${c.txns.length} transactions`}`);
  const path = c.cycle ? [...names, names[0]].join(' → ') : names.join(', ');
  const head = el('div', { className: 'checker-head' }, [
    el('span', { className: `badge ${c.counted ? 'b-invalid' : 'b-unknown'}` }, c.type),
    el('strong', { className: 'txn-path' }, path + (c.moreTxns > 0 ? ` … and ${int(c.moreTxns)} more` : '')),
    zoom,
    status,
  ]);
  const body = el('div', { className: 'txn-body' });
  if (c.cycle && c.edges.length > 0) {
    const drawing = el('div', { className: 'txn-graph-wrap' }, graph(c));
    const steps = el('ol', { className: 'txn-steps' }, c.edges.map((e, k) =>
      el('li', { onmouseenter: () => hoverStep(drawing, k, true), onmouseleave: () => hoverStep(drawing, k, false) }, [
        el('span', { className: 'rel-chip', style: `background:${relColor(e.rel)}` }, e.rel),
        ' ',
        e.text,
      ])));
    body.append(drawing, el('div', { className: 'txn-explain' }, [steps, c.explanation ? el('p', { className: 'txn-conclusion' }, c.explanation) : null]));
  } else {
    const chips = c.txns.map((t) => el('span', { className: 'chip txn-chip' }, `${t.label} p${t.process} ${t.type}`));
    const kv = [c.key !== null ? `key ${c.key}` : '', c.value !== null ? `value ${c.value}` : ''].filter(Boolean).join(' · ');
    body.append(el('div', { className: 'txn-explain' }, [
      el('div', { className: 'list' }, [chips, kv ? el('span', { className: 'muted' }, ` ${kv}`) : null]),
      c.cycle ? el('div', { className: 'muted' }, `A cycle of ${int(c.txns.length + c.moreTxns)} transactions: too long to draw.`) : null,
      el('p', { className: 'txn-conclusion' }, c.explanation),
    ]));
  }
  return el('div', { className: `checker txn-case${c.cycle ? ' txn-cycle' : ''}`, dataset: { type: c.type, txns: c.txns.map((t) => t.index).join(' ') } }, [head, body]);
}

/** One collapsed block per anomaly type. */
function block(k: TxnTypeCount, cases: TxnCaseView[], showTxns: ShowTxns): HTMLElement {
  const mine = cases.filter((c) => c.type === k.type && c.checker === k.checker);
  const summary = [
    el('span', { className: `badge ${k.counted ? 'b-invalid' : 'b-unknown'}` }, k.type),
    ` ${k.cycle ? 'cycle' : 'anomaly'} · ${int(k.drawn)} of ${int(k.total)} shown`,
    k.counted ? '' : ' · allowed by the models asked for (reported only)',
  ];
  const body = mine.length ? mine.map((c) => caseView(c, showTxns)) : el('div', { className: 'muted' }, 'None kept: the checker counts every case but keeps only the first few of each type.');
  return collapsed(summary, body, k.counted, `more txn-kind${k.counted ? ' counted' : ' reported'}`);
}

/** The card of transactional anomalies, or null when the run has none. */
export function renderTxnCard(data: ReportData, showTxns: ShowTxns): HTMLElement | null {
  const t = data.txn;
  if (!t || t.cases.length === 0) return null;
  const models = t.models.map((m) =>
    el('div', { className: 'txn-models' }, [
      el('strong', null, `${m.checker}: `),
      m.asked.length ? `checked against ${m.asked.join(', ')}` : 'checked',
      m.violated.length ? [' · ', el('span', { className: 'txn-violated' }, `violates ${m.violated.join(', ')}`)] : ' · no asked-for model violated',
      m.not.length ? ` · ruled out: ${m.not.join(', ')} (and stronger)` : '',
      m.possible.length ? ` · not ruled out: ${m.possible.join(', ')}` : '',
    ]));
  const legend = el('div', { className: 'legend' }, Object.keys(REL_COLORS).map((r) => swatch(REL_COLORS[r], REL_WORDS[r])));
  return card('Transactional anomalies', null, [
    el('div', { className: 'note' }, 'Each cycle the checker found, drawn as a graph: transactions as nodes (T<op index>, process), an arrow from each transaction to one that must come after it, labelled with why (relation, key, value); its explanation step by step beside it (hover a step to pick out its edge). Other anomalies are listed with their transactions. “Zoom timeline” shows exactly a case’s transactions, outlined.'),
    models,
    legend,
    t.kinds.map((k) => block(k, t.cases, showTxns)),
    t.omitted > 0 ? el('div', { className: 'note' }, `${int(t.omitted)} cases found but not drawn; the checker counts them all (see its verdict JSON).`) : null,
  ], 'txn');
}

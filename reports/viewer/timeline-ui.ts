/** The timeline's interactions (hover, pan, zoom, key filter, colouring) and its card. */
import type { ReportData } from '../report-data.js';
import { card, el, swatch } from './dom.js';
import { faultName, int, ms, nemesisColor, OUTCOME_COLORS, OUTCOME_LABELS, OUTCOMES, palette, seconds } from './format.js';
import { MARK_COLORS, Timeline, type ColorBy } from './timeline.js';

/** The drawn op under (px, py), or -1. */
function opAt(tl: Timeline, px: number, py: number): number {
  const p = tl.plot();
  const row = Math.floor((py - p.top) / tl.rowH);
  if (row < 0 || row >= tl.rows || px < p.left || px > p.right) return -1;
  const at = tl.msAt(px);
  const tol = (3 * (tl.x1 - tl.x0)) / p.width;
  let best = -1;
  for (const i of tl.byRow[row]) {
    if (!tl.shown(i)) continue;
    const e = tl.t.e[i] < 0 ? tl.durMs : tl.t.e[i];
    if (tl.t.s[i] - tol <= at && at <= e + tol && (best < 0 || tl.t.s[i] > tl.t.s[best])) best = i;
  }
  return best;
}

/** Tooltip lines of drawn op `i`. */
function opLines(tl: Timeline, i: number): HTMLElement[] {
  const t = tl.t;
  const outcome = OUTCOMES[t.t[i]] ?? 'open';
  const lat = t.e[i] < 0 ? 'never completed' : ms(t.e[i] - t.s[i]);
  const node = t.n[i] >= 0 ? ` · node ${t.nodes[t.n[i]]}` : '';
  const marks = tl.marksAt.get(i) ?? [];
  const out: HTMLElement[] = [
    el('div', null, el('strong', null, `p${t.processes[t.p[i]]} · ${t.fs[t.f[i]]} · ${outcome}${node}`)),
    el('div', null, `${lat} · #${t.i[i]} at ${seconds(t.s[i] / 1000, 0.05)}`),
  ];
  if (t.v[i]) out.push(el('div', { className: 'mono' }, t.v[i]));
  for (const m of marks) out.push(el('div', { className: 'tip-mark', style: `color:${MARK_COLORS[m.kind ?? 'other']}` }, m.label));
  return out;
}

function place(tl: Timeline, children: HTMLElement[], px: number, py: number): void {
  tl.tip.replaceChildren(...children);
  tl.tip.hidden = false;
  tl.tip.style.left = `${Math.max(0, Math.min(px + 14, tl.width - tl.tip.offsetWidth - 4))}px`;
  tl.tip.style.top = `${py + 16}px`;
}

/** Hover, wheel zoom, drag pan, double-click reset. */
function listen(tl: Timeline): void {
  const c = tl.canvas;
  let drag: { x: number; x0: number; x1: number } | null = null;
  const pos = (e: MouseEvent) => {
    const r = c.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  c.addEventListener('wheel', (e) => {
    e.preventDefault();
    tl.zoom(e.deltaY > 0 ? 1.25 : 0.8, tl.msAt(pos(e).x));
  }, { passive: false });
  c.addEventListener('mousedown', (e) => {
    drag = { x: pos(e).x, x0: tl.x0, x1: tl.x1 };
    c.classList.add('dragging');
  });
  window.addEventListener('mouseup', () => {
    drag = null;
    c.classList.remove('dragging');
  });
  c.addEventListener('mousemove', (e) => {
    const q = pos(e);
    if (drag) {
      tl.tip.hidden = true;
      const span = drag.x1 - drag.x0;
      const shift = ((q.x - drag.x) / tl.plot().width) * span;
      const x0 = Math.max(0, Math.min(tl.durMs - span, drag.x0 - shift));
      tl.setRange(x0 / 1000, (x0 + span) / 1000, true);
      return;
    }
    const p = tl.plot();
    if (q.y < p.top && q.x >= p.left) {
      const lines = tl.lanes.hit(q.y, tl.msAt(q.x), (4 * (tl.x1 - tl.x0)) / p.width, tl.durMs);
      if (lines) {
        place(tl, lines.map((l, k) => el('div', k === 0 ? { className: 'lane-tip' } : null, k === 0 ? el('strong', null, l) : l)), q.x, q.y);
        return;
      }
    }
    const i = opAt(tl, q.x, q.y);
    if (i < 0) tl.tip.hidden = true;
    else place(tl, opLines(tl, i), q.x, q.y);
  });
  c.addEventListener('mouseleave', () => {
    tl.tip.hidden = true;
  });
  c.addEventListener('dblclick', () => tl.setRange(0, tl.durMs / 1000, true));
}

function legend(data: ReportData, tl: Timeline): HTMLElement {
  const kinds = new Map<string, number>();
  for (const iv of data.perf.nemesis.intervals) kinds.set(iv.f, (kinds.get(iv.f) ?? 0) + 1);
  const present = new Set(data.timeline.t);
  const items: HTMLElement[] = [];
  if (tl.colorBy === 'node') data.timeline.nodes.forEach((n, k) => items.push(swatch(palette(k), n)));
  else OUTCOMES.forEach((o, code) => (present.has(code) || code < 3) && items.push(swatch(OUTCOME_COLORS[o], OUTCOME_LABELS[o])));
  for (const [f, n] of kinds) items.push(swatch(nemesisColor(f, 0.35), `${faultName(f)} ×${n}`));
  const markKinds = new Set(data.timeline.marks.map((m) => m.kind ?? 'other'));
  const words: Record<string, string> = { blocking: 'op a checker could not place', path: 'longest linearizable path', 'bad-read': 'bad bank read', lost: 'lost element (add / final read)', stream: 'stream anomaly op', txn: 'transaction in a cycle or anomaly', other: 'op a checker named' };
  for (const k of markKinds) items.push(swatch(MARK_COLORS[k] ?? MARK_COLORS.other, words[k] ?? k));
  return el('div', { className: 'legend' }, items);
}

/** The timeline card and its timeline (null when the run has no client ops). */
export function renderTimeline(data: ReportData): { card: HTMLElement; timeline: Timeline | null } {
  const t = data.timeline;
  if (!t.rows.length) return { card: card('Timeline', null, el('div', { className: 'empty' }, 'No client operations.'), 'timeline'), timeline: null };
  const tl = new Timeline(data);
  listen(tl);
  const label = el('span', { className: 'muted range-label' });
  tl.label = label;
  const legendHost = el('div', null, legend(data, tl));
  const keySelect = el('select', { ariaLabel: 'Key', className: 'key-filter' }, [
    el('option', { value: '-1' }, `all keys (${int(t.keys.length)})`),
    ...t.keys.map((k, i) => el('option', { value: String(i) }, `key ${k}`)),
  ]);
  keySelect.onchange = () => tl.setKey(Number(keySelect.value));
  tl.onKeyChange = (k) => {
    keySelect.value = String(k);
  };
  const colorSelect = el('select', { ariaLabel: 'Colour by', className: 'color-by' }, [el('option', { value: 'outcome' }, 'colour by outcome'), el('option', { value: 'node' }, 'colour by node')]);
  colorSelect.onchange = () => {
    tl.setColorBy(colorSelect.value as ColorBy);
    legendHost.replaceChildren(legend(data, tl));
  };
  const controls = [
    label,
    t.keys.length > 1 ? keySelect : null,
    t.nodes.length ? colorSelect : null,
    el('button', { type: 'button', title: 'Zoom out', onclick: () => tl.zoom(1.6, (tl.x0 + tl.x1) / 2) }, '−'),
    el('button', { type: 'button', title: 'Zoom in', onclick: () => tl.zoom(0.625, (tl.x0 + tl.x1) / 2) }, '+'),
    el('button', { type: 'button', className: 'reset', onclick: () => tl.setRange(0, tl.durMs / 1000, true) }, 'Reset'),
  ];
  let sampled = t.s.length < t.total
    ? `Showing ${int(t.s.length)} of ${int(t.total)} ops (evenly spaced in history order; ops a checker named always shown). `
    : `Showing all ${int(t.total)} ops. `;
  if (t.rows.length < t.processes.length) sampled += 'Processes that never overlap share a row (a client whose op timed out or crashed continues as a new process). ';
  const note = el('div', { className: 'note' }, `${sampled}Scroll to zoom, drag to pan, double-click to reset; hover an op, a fault lane or a leader/clock lane for details.`);
  return { card: card('Timeline', controls, [legendHost, tl.wrap, note], 'timeline'), timeline: tl };
}

/** Latency and throughput over time, and the bank's total over time (uPlot), with fault bands. */
import uPlot from 'uplot';
import type { ReportData } from '../report-data.js';
import { card, el, range } from './dom.js';
import { duration, ms as fmtMs, nemesisColor, palette } from './format.js';

const DASH: Record<string, number[]> = { ok: [], fail: [6, 4], info: [2, 3] };
type Follower = uPlot & { quiet?: boolean; follow?: (min: number, max: number) => void };

/** A chart to draw once its host is in the page. */
export interface Chart {
  host: HTMLElement;
  draw(width: number): uPlot;
  u?: uPlot;
}

/** A uPlot hook that shades fault intervals (and marks instants) behind the series. */
function bandsHook(data: ReportData): (u: uPlot) => void {
  const nem = data.perf.nemesis;
  const end = data.perf.durationS;
  return (u) => {
    const ctx = u.ctx;
    const b = u.bbox;
    ctx.save();
    for (const iv of nem.intervals) {
      const x0 = Math.max(b.left, u.valToPos(iv.start, 'x', true));
      const x1 = Math.min(b.left + b.width, u.valToPos(iv.end === null ? end : iv.end, 'x', true));
      if (x1 <= x0) continue;
      ctx.fillStyle = nemesisColor(iv.f);
      ctx.fillRect(x0, b.top, x1 - x0, b.height);
    }
    for (const it of nem.instants) {
      const x = u.valToPos(it.time, 'x', true);
      if (x < b.left || x > b.left + b.width) continue;
      ctx.fillStyle = nemesisColor(it.f, 0.6);
      ctx.fillRect(x, b.top, Math.max(1, uPlot.pxRatio), b.height);
    }
    ctx.restore();
  };
}

const mids = (perf: ReportData['perf']): number[] => perf.bucketStarts.map((s) => s + perf.bucketS / 2);

function baseOpts(data: ReportData, width: number, yLabel: string, log: boolean, fmt: (v: number) => string): uPlot.Options {
  const end = data.perf.durationS;
  return {
    width,
    height: 240,
    series: [],
    scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
    axes: [
      { label: 'seconds since start', size: 40, values: (_u, vals) => vals.map((v) => (v === null || v === undefined ? '' : String(+v.toPrecision(6)))) },
      { label: yLabel, size: 64, values: (_u, vals) => vals.map((v) => (v === null || v === undefined ? '' : fmt(v))) },
    ],
    cursor: {
      sync: { key: 'faultline' },
      drag: { x: true, y: false },
      bind: { dblclick: (u) => () => { u.setScale('x', { min: 0, max: end }); return null; } },
    },
    legend: { live: true },
    hooks: {
      drawClear: [bandsHook(data)],
      setScale: [(u: Follower, key: string) => {
        if (key === 'x' && !u.quiet && u.scales.x.min !== null && u.scales.x.min !== undefined && u.scales.x.max !== undefined && u.scales.x.max !== null) range.set(u.scales.x.min, u.scales.x.max, u.follow);
      }],
    },
  };
}

/** Creates a chart showing the shared range (else the whole run, `end` s) and follows it. */
function mount(opts: uPlot.Options, series: uPlot.Series[], values: uPlot.AlignedData, host: HTMLElement, end: number): uPlot {
  opts.series = [{ label: 't (s)', value: (_u, v) => (v === null || v === undefined ? '—' : `${v.toFixed(2)} s`) }, ...series];
  const u = new uPlot(opts, values, host) as Follower;
  u.setScale('x', range.min === null || range.max === null ? { min: 0, max: end } : { min: range.min, max: range.max });
  u.follow = (min, max) => u.setScale('x', { min, max });
  range.on(u.follow);
  return u;
}

function latencyCard(data: ReportData, charts: Chart[]): HTMLElement {
  const perf = data.perf;
  const fs = Object.keys(perf.latencyOverTime.byF);
  const host = el('div', { className: 'chart' });
  if (!fs.length) return card('Latency over time', null, el('div', { className: 'empty' }, 'No completed client operations.'));
  const quantile = el('select', { ariaLabel: 'Quantile' }, (['p50', 'p95', 'p99', 'max'] as const).map((q) => el('option', { value: q, selected: q === 'p95' }, q)));
  const series = () => fs.map((f) => perf.latencyOverTime.byF[f][quantile.value as 'p50'].map((v) => (v !== null && v > 0 ? v : null)));
  const positive = series().some((s) => s.some((v) => v !== null));
  const chart: Chart = {
    host,
    draw: (width) => {
      const ys = series();
      return mount(baseOpts(data, width, 'ms', positive, (v) => String(+v.toPrecision(3))), fs.map((f, i) => {
        const sparse = ys[i].filter((v) => v !== null).length < ys[i].length / 2;
        return { label: f, stroke: palette(i), width: 1.6, spanGaps: true, points: sparse ? { show: true, size: 5, fill: palette(i) } : { show: false }, value: (_u: uPlot, v: number) => fmtMs(v) };
      }), [mids(perf), ...ys] as uPlot.AlignedData, host, perf.durationS);
    },
  };
  charts.push(chart);
  quantile.onchange = () => {
    const u = chart.u as Follower | undefined;
    if (!u) return;
    const x = { min: u.scales.x.min!, max: u.scales.x.max! };
    u.quiet = true;
    u.setData([mids(perf), ...series()] as uPlot.AlignedData);
    u.quiet = false;
    u.setScale('x', x);
  };
  return card('Latency over time', [el('span', { className: 'muted' }, `quantile of ops invoked in each ${duration(perf.bucketS)} bucket`), quantile], host);
}

function throughputCard(data: ReportData, charts: Chart[]): HTMLElement {
  const perf = data.perf;
  const host = el('div', { className: 'chart' });
  const fs = Object.keys(perf.throughput.byF);
  if (!fs.length) return card('Throughput over time', null, el('div', { className: 'empty' }, 'No completed client operations.'));
  const series: uPlot.Series[] = [];
  const values: (number | null)[][] = [mids(perf)];
  fs.forEach((f, i) => {
    for (const o of ['ok', 'fail', 'info'] as const) {
      const ys = perf.throughput.byF[f][o];
      if (!ys) continue;
      series.push({ label: `${f} ${o}`, stroke: palette(i), dash: DASH[o], width: o === 'ok' ? 1.6 : 1.3, points: { show: false }, value: (_u, v) => (v === null || v === undefined ? '—' : `${+v.toPrecision(3)}/s`) });
      values.push(ys);
    }
  });
  charts.push({ host, draw: (width) => mount(baseOpts(data, width, 'ops/s', false, (v) => String(+v.toPrecision(4))), series, values as uPlot.AlignedData, host, perf.durationS) });
  return card('Throughput over time', [el('span', { className: 'muted' }, 'completions per second; solid ok, dashed fail, dotted info')], host);
}

/** The bank's total over time: each read's sum as a dot, the expected total as a line (as Jepsen's bank plot). */
function bankCard(data: ReportData, charts: Chart[], showMark: (index: number) => void): HTMLElement | null {
  const b = data.bank;
  if (!b || !b.t.length) return null;
  const host = el('div', { className: 'chart bank-chart' });
  const right = b.sum.map((s) => (s === b.total ? s : null));
  const wrong = b.sum.map((s) => (s === b.total ? null : s));
  const expected = b.t.map(() => b.total);
  charts.push({
    host,
    draw: (width) => {
      const opts = baseOpts(data, width, 'sum of balances', false, (v) => String(+v.toPrecision(6)));
      const u = mount(opts, [
        { label: 'expected total', stroke: '#59636e', dash: [4, 4], width: 1, points: { show: false } },
        { label: 'read (right total)', stroke: '#1f8a3b', width: 0, paths: () => null, points: { show: true, size: 4, fill: '#1f8a3b' } },
        { label: 'read (WRONG total)', stroke: '#cf222e', width: 0, paths: () => null, points: { show: true, size: 7, fill: '#cf222e' } },
      ], [b.t, expected, right, wrong] as uPlot.AlignedData, host, data.perf.durationS);
      u.over.addEventListener('click', () => {
        const idx = u.cursor.idx;
        if (idx !== null && idx !== undefined) showMark(b.i[idx]);
      });
      return u;
    },
  });
  return card('Bank total over time', [el('span', { className: 'muted' }, `${b.wrong} of ${b.reads} reads with a wrong total; click a read to see it in the timeline`)], host, 'bank');
}

/** The chart cards; `charts` collects what {@link mountCharts} draws. */
export function renderCharts(data: ReportData, charts: Chart[], showMark: (index: number) => void): HTMLElement[] {
  const bank = bankCard(data, charts, showMark);
  return [...(bank ? [bank] : []), latencyCard(data, charts), throughputCard(data, charts)];
}

/** Draws the charts once their hosts are in the page, and keeps them as wide as their cards. */
export function mountCharts(charts: Chart[]): void {
  for (const c of charts) c.u = c.draw(c.host.clientWidth);
  window.addEventListener('resize', () => {
    for (const c of charts) c.u?.setSize({ width: c.host.clientWidth, height: 240 });
  });
}

/** The per-f table of counts and latency quantiles. */
import type { FCounts } from '../../checkers/perf.js';
import type { ReportData } from '../report-data.js';
import { card, el } from './dom.js';
import { int, ms } from './format.js';

type Quantiles = { p50: number; p95: number; p99: number; max: number } | undefined;

function row(name: string, c: FCounts, q: Quantiles, cls?: string): HTMLElement {
  const cellOf = (v: number, k?: string) => el('td', k && v > 0 ? { className: `c-${k}` } : null, int(v));
  return el('tr', cls ? { className: cls } : null, [
    el('td', null, name),
    cellOf(c.invoke), cellOf(c.ok), cellOf(c.fail, 'fail'), cellOf(c.info, 'info'), cellOf(c.open, 'info'),
    el('td', null, ms(q?.p50)), el('td', null, ms(q?.p95)), el('td', null, ms(q?.p99)), el('td', null, ms(q?.max)),
  ]);
}

/** Counts and latency quantiles (invoke → completion, all outcomes) for each f, then all ops. */
export function renderTable(data: ReportData): HTMLElement {
  const perf = data.perf;
  const fs = Object.keys(perf.counts.byF);
  if (!fs.length) return card('Operations by f', null, el('div', { className: 'empty' }, 'No client operations.'));
  const head = ['f', 'invoked', 'ok', 'fail', 'info', 'open', 'p50', 'p95', 'p99', 'max'];
  const outcomes = (['ok', 'fail', 'info'] as const).filter((o) => perf.latency.byOutcome[o]).map((o) => {
    const q = perf.latency.byOutcome[o]!;
    return el('span', null, `${o}: p50 ${ms(q.p50)}, p99 ${ms(q.p99)}, max ${ms(q.max)}`);
  });
  return card('Operations by f', null, [
    el('div', { className: 'table-wrap' }, el('table', { className: 'stats' }, [
      el('thead', null, el('tr', null, head.map((h) => el('th', null, h)))),
      el('tbody', null, [...fs.map((f) => row(f, perf.counts.byF[f], perf.latency.byF[f] as Quantiles)), row('all', perf.counts, perf.latency.all as Quantiles, 'total')]),
    ])),
    el('div', { className: 'note' }, ['Latency = invoke → completion; open = never completed (not in the quantiles). By outcome — ', outcomes.length ? outcomes.map((s, i) => [i ? ' · ' : '', s]) : 'none']),
  ]);
}

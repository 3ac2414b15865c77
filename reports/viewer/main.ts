/**
 * faultline's report viewer: reads the run's data embedded in report.html (reports/html.ts)
 * and builds the page. Bundled with uPlot by esbuild into one script (reports/viewer-bundle.ts).
 */
import type { ReportData } from '../report-data.js';
import { el } from './dom.js';
import { date } from './format.js';
import { mountCharts, renderCharts, type Chart } from './charts.js';
import { renderStreamViews } from './stream-views.js';
import { renderTable } from './table.js';
import { renderTxnCard } from './txn-card.js';
import { renderTimeline } from './timeline-ui.js';
import { renderCheckers, renderHeader, renderVerdict } from './verdict.js';

function footer(data: ReportData): HTMLElement {
  const m = data.meta;
  return el('footer', null, [`Drawn by faultline ${m.reportBy} on ${date(m.generatedAt)}`, m.runDir ? ` from ${m.runDir}` : '', ' · charts by uPlot']);
}

function start(): void {
  const app = document.getElementById('app')!;
  try {
    const data = JSON.parse(document.getElementById('faultline-data')!.textContent ?? 'null') as ReportData;
    const charts: Chart[] = [];
    const tl = renderTimeline(data);
    const showMark = (index: number, focusKey = false): void => {
      if (tl.timeline && !tl.timeline.showIndex(index, focusKey)) console.warn(`op #${index} is not drawn in the timeline`);
    };
    const showTxns = (indexes: readonly number[]): number => tl.timeline?.showIndexes(indexes) ?? 0;
    app.replaceChildren(
      renderHeader(data),
      renderVerdict(data, showMark),
      tl.card,
      renderCheckers(data, showMark),
      ...[renderTxnCard(data, showTxns), renderStreamViews(data, showMark)].filter((x): x is HTMLElement => x !== null),
      ...renderCharts(data, charts, showMark),
      renderTable(data),
      footer(data),
    );
    if (tl.timeline) {
      const t = tl.timeline;
      t.resize();
      t.setRange(0, t.durMs / 1000, false);
      window.addEventListener('resize', () => t.resize());
    }
    mountCharts(charts);
    // a handle for people poking at the page in devtools, and for the browser tests
    (window as unknown as { faultline: unknown }).faultline = { data, timeline: tl.timeline };
    document.body.dataset.ready = 'true';
  } catch (err) {
    app.replaceChildren(el('section', { className: 'card' }, [el('h2', null, 'This report could not be shown'), el('pre', null, String((err as Error)?.stack ?? err))]));
    throw err;
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();

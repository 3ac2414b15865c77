/**
 * Reports: turning a run into something to read — the self-contained report.html (viewer +
 * the run's data as JSON), junit.xml for CI, and the console summary.
 *
 * ```ts
 * import { writeReports, formatSummary } from './reports/index.js';
 * const { html, data } = await writeReports('store/etcd-register/latest');
 * console.log(formatSummary(results, test, { counts: data.perf.counts, reportPath: html }));
 * ```
 */
export { writeReports, relativePath, type WriteReportsOptions, type WrittenReports } from './write.js';
export { rerunCommand, shellWord } from './rerun.js';
export { readableVerdict } from './readable.js';
export { formatSummary, type SummaryOptions } from './summary.js';
export { renderJunit, type JunitOptions } from './junit.js';
export { renderReportHtml, verdictWord, DATA_ELEMENT_ID } from './html.js';
export { buildReportData, type ReportData, type ReportInput, type ReportMeta } from './report-data.js';
export { evidenceMarks, MAX_MARKS } from './marks.js';
export { bankPlot, type BankPlot } from './bank-plot.js';
export { checkerView, boundedJson, type CheckerView, type Evidence, type ElementListView } from './evidence.js';
export { sampleTimeline, opText, OUTCOME_CODE, type TimelineMark, type TimelineSample } from './timeline.js';
export { escapeHtml, escapeXml, jsonForScript } from './escape.js';
export { readRun, isRunResults, type RunFiles, type ReadResults as RunResults, type TestInfo } from '../core/run-store/index.js';
export { faultlineVersion, loadAssets, projectRoot, type ReportAssets } from './assets.js';
export { clockLane, type ClockLane, type ClockStep, type ClockStrobe } from './clock-lane.js';
export { leaderLane, type LeaderLane, type LeaderStep } from './leader-lane.js';
export { streamViews, type StreamCellOp, type StreamOffsetRow, type StreamView, type StreamViews } from './stream-views.js';
export { standaloneReportData, writeStandaloneReport, type StandaloneSource } from './standalone.js';
export { txnViews, type TxnViews, type TxnCaseView, type TxnEdgeView, type TxnNodeView, type TxnTypeCount } from './txn-views.js';
export { layoutGraph, type GraphLayout, type LayoutEdgeInput } from './txn-layout.js';

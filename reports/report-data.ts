/**
 * The report's data model: everything report.html shows, as one JSON-serialisable value built
 * from the history, the stored configuration and the results. Pure; bounded in size whatever
 * the history's length (aggregated statistics plus a sample of ops).
 */
import { perfStats, type PerfStats } from '../checkers/perf.js';
import { mergeValidity, type Validity } from '../core/verdict.js';
import type { History } from '../core/op.js';
import { clockLane, type ClockLane } from './clock-lane.js';
import { checkerView, type CheckerView } from './evidence.js';
import { leaderLane, type LeaderLane } from './leader-lane.js';
import { streamViews, type StreamViews } from './stream-views.js';
import type { ReadResults as RunResults, TestInfo } from '../core/run-store/index.js';
import { evidenceMarks } from './marks.js';
import { sampleTimeline, type TimelineSample } from './timeline.js';
import { bankPlot, type BankPlot } from './bank-plot.js';
import { txnViews, type TxnViews } from './txn-views.js';

/** Facts about the run shown in the report's header. Missing facts are `null`. */
export interface ReportMeta {
  test: string;
  system: string | null;
  workload: string | null;
  nodes: string[];
  nodeCount: number | null;
  seed: string | null;
  /** ISO 8601, as stored. */
  startedAt: string | null;
  /** Time of the last op, s. */
  durationS: number;
  /** faultline version that ran the test (else the one drawing the report). */
  faultline: string;
  /** faultline version that drew the report. */
  reportBy: string;
  /** Other versions stored with the run (e.g. the system's). */
  versions: Record<string, string>;
  /** When the report was drawn (ISO 8601). */
  generatedAt: string;
  runDir: string | null;
  /** True when there are no results (the run stopped before checking) or the run did not finish. */
  partial: boolean;
  /** Why the run did not finish (results.json `partial`), or null for a whole run. */
  cutShort: string | null;
  warnings: string[];
}

/** What report.html embeds. */
export interface ReportData {
  format: 'faultline-report';
  version: 1;
  meta: ReportMeta;
  /** Overall validity; `null` when the run has no results. */
  valid: Validity | null;
  checkers: CheckerView[];
  perf: PerfStats;
  timeline: TimelineSample;
  /** Clock offsets per node over time (clock faults), or null when the run had none. */
  clock: ClockLane | null;
  /** Which nodes led over time (leader probe), or null when the run had no probe. */
  leaders: LeaderLane | null;
  /** Per-key offset views of the anomalies stream checkers listed, or null when none. */
  streams: StreamViews | null;
  /** The sum of all accounts over time (bank workloads), or null. */
  bank: BankPlot | null;
  /** The cycles and other anomalies transactional checkers kept, or null when none. */
  txn: TxnViews | null;
}

/** Inputs of {@link buildReportData}. */
export interface ReportInput {
  history: History;
  test?: TestInfo;
  results?: RunResults;
  /** Header metadata of history.jsonl (used when test.json lacks a fact). */
  header?: Record<string, unknown>;
  runDir?: string;
  warnings?: string[];
  /** The version of the faultline drawing the report. */
  faultlineVersion: string;
  /** ISO 8601 time the report is drawn (passed in: this function reads no clock). */
  generatedAt: string;
  /** Most ops drawn in the timeline; default 50,000. */
  maxOps?: number;
}

const str = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

function meta(input: ReportInput, durationS: number): ReportMeta {
  const t = input.test ?? {};
  const h = input.header ?? {};
  const nodes = Array.isArray(t.nodes) ? t.nodes.map(String) : [];
  const versions: Record<string, string> = {};
  for (const [k, v] of Object.entries(t.versions ?? {})) if (k !== 'faultline' && str(v) !== null) versions[k] = str(v)!;
  return {
    test: str(t.name) ?? str(h.test) ?? str(h.name) ?? 'unnamed test',
    system: str(t.system) ?? str(h.system),
    workload: str(t.workload) ?? str(h.workload),
    nodes,
    nodeCount: Array.isArray(t.nodes) ? t.nodes.length : typeof t.nodes === 'number' ? t.nodes : null,
    seed: str(t.seed) ?? str(h.seed),
    startedAt: str(t.startedAt) ?? str(h.startedAt),
    durationS,
    faultline: str(t.versions?.faultline) ?? str(h.faultlineVersion) ?? input.faultlineVersion,
    reportBy: input.faultlineVersion,
    versions,
    generatedAt: input.generatedAt,
    runDir: input.runDir ?? null,
    partial: input.results === undefined || typeof input.results.partial === 'string',
    cutShort: typeof input.results?.partial === 'string' ? input.results.partial : null,
    warnings: (input.warnings ?? []).slice(0, 20),
  };
}

/** Builds the report's data from a run. Pure. */
export function buildReportData(input: ReportInput): ReportData {
  const perf = perfStats(input.history);
  const checkers = Object.entries(input.results?.checkers ?? {}).map(([name, v]) => checkerView(name, v));
  const valid = input.results ? (input.results.valid ?? mergeValidity(checkers.map((c) => c.valid))) : null;
  const verdicts = input.results?.checkers ?? {};
  const streams = streamViews(input.history, verdicts);
  return {
    format: 'faultline-report',
    version: 1,
    meta: meta(input, perf.durationS),
    valid,
    checkers,
    perf,
    timeline: sampleTimeline(input.history, evidenceMarks(checkers, verdicts, input.history, streams), input.maxOps),
    clock: clockLane(input.history),
    leaders: leaderLane(input.history),
    streams,
    bank: bankPlot(input.history, verdicts),
    txn: txnViews(input.history, verdicts),
  };
}

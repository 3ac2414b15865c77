/**
 * The campaign's table, one row per run — #, system, workload, nemesis, seed, verdict,
 * anomaly classes, duration, report — as aligned console text (also the live table, with
 * `running` and `queued` rows) and as Markdown (summary.md, $GITHUB_STEP_SUMMARY). Pure.
 */
import { nemesisLabel, type PlannedRun } from './matrix.js';
import { verdictCounts, type RunRecord } from './record.js';

/** A row of the live table: a finished record, or a planned run still running or queued. */
export type TableRow = RunRecord | (PlannedRun & { verdict: 'running' | 'queued'; startedMs?: number });

const HEAD = ['#', 'system', 'workload', 'nemesis', 'seed', 'verdict', 'anomalies', 'duration', 'report'];

function cells(r: TableRow, nowMs: number): string[] {
  const done = 'anomalies' in r;
  const dur = done ? `${r.durationS.toFixed(1)} s` : r.verdict === 'running' && r.startedMs !== undefined ? `${((nowMs - r.startedMs) / 1000).toFixed(0)} s…` : '';
  return [
    String(r.index),
    r.system,
    r.workload,
    nemesisLabel(r.nemesis),
    r.seed === undefined ? '' : String(r.seed),
    r.verdict,
    done ? r.anomalies.join('; ') : '',
    dur,
    done ? (r.report ?? r.runDir ?? '') : '',
  ];
}

/** Strips control characters (a value from a file must not move the cursor). Pure. */
function printable(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

/** The rows as aligned text with a header line. `nowMs` times running rows. Pure. */
export function tableText(rows: readonly TableRow[], nowMs = 0): string {
  const body = rows.map((r) => cells(r, nowMs).map(printable));
  const widths = HEAD.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cs: string[]): string => cs.map((c, i) => (i === cs.length - 1 ? c : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(HEAD), ...body.map(line)].join('\n');
}

/** Escapes a Markdown table cell (pipes, newlines, HTML-ish characters). Pure. */
function mdCell(s: string): string {
  return printable(s).replace(/[\\|`*_<>&[\]]/g, (c) => `\\${c}`);
}

/** How many runs ended how, e.g. `4 runs: 3 VALID, 1 INVALID`. Pure. */
export function countsLine(records: readonly RunRecord[]): string {
  const c = verdictCounts(records);
  const parts = Object.entries(c).map(([v, n]) => `${n} ${v}`);
  return `${records.length} run${records.length === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** summary.md: a heading, the counts, why it stopped early, and the table. Pure. */
export function summaryMarkdown(title: string, records: readonly RunRecord[], note?: string): string {
  const head = `| ${HEAD.join(' | ')} |`;
  const rule = `|${HEAD.map(() => '---').join('|')}|`;
  const rows = records.map((r) => `| ${cells(r, 0).map(mdCell).join(' | ')} |`);
  return [`## ${mdCell(title)}`, '', `${countsLine(records)}${note ? ` — ${mdCell(note)}` : ''}`, '', head, rule, ...rows, ''].join('\n');
}

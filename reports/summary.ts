/**
 * The console summary printed at the end of a run (or by `faultline report`): the overall
 * verdict, each checker's verdict and one-line summary, op counts and the report's path. Plain
 * text; callers colour it. Pure.
 */
import type { FCounts } from '../checkers/perf.js';
import { checkerView } from './evidence.js';
import { verdictWord } from './html.js';
import { rerunCommand } from './rerun.js';
import type { ReadResults as RunResults, TestInfo } from '../core/run-store/index.js';

/** Extra facts for {@link formatSummary}. */
export interface SummaryOptions {
  /** Client op counts (e.g. `perfStats(history).counts`). */
  counts?: FCounts & { nemesis?: number };
  /** Path of report.html. */
  reportPath?: string;
  /** What the leader probe saw. */
  leaders?: { changes: number; samples: number; leaderless: number; sequence: readonly string[] };
}

const n = (x: number) => x.toLocaleString('en-US');

/**
 * Formats the summary, e.g.
 * ```
 * etcd-register (etcd, register, 3 nodes, seed 42): INVALID
 *   linearizable  invalid  NOT linearizable (cas-register): 1 of 10 keys failed; …
 *   set           valid
 * ops: 12,003 invoked: 11,870 ok, 100 fail, 30 info, 3 open; 12 nemesis ops
 * leaders: 2 changes (n1 → n3 → n2); no leader in 9 of 120 probes
 * report: store/etcd-register/20250101T000000/report.html
 * re-run: faultline test etcd --workload register --nodes 3 --time-limit 60 … --seed 42
 * ```
 * `results` undefined means the run was not checked. Pure.
 */
export function formatSummary(results: RunResults | undefined, test: TestInfo | undefined, opts: SummaryOptions = {}): string {
  const facts = [test?.system, test?.workload]
    .filter((x): x is string => typeof x === 'string')
    .concat(test?.nodes === undefined ? [] : [`${Array.isArray(test.nodes) ? test.nodes.length : test.nodes} nodes`])
    .concat(test?.seed === undefined ? [] : [`seed ${test.seed}`]);
  const name = `${test?.name ?? 'test'}${facts.length > 0 ? ` (${facts.join(', ')})` : ''}`;
  const cut = typeof results?.partial === 'string' ? ` (partial: ${results.partial})` : '';
  const lines = [`${name}: ${verdictWord(results ? results.valid : null)}${cut}`];
  const views = Object.entries(results?.checkers ?? {}).map(([k, v]) => checkerView(k, v));
  const width = Math.max(0, ...views.map((v) => v.name.length));
  for (const v of views) {
    const word = v.valid === true ? 'valid' : v.valid === false ? 'invalid' : 'unknown';
    const detail = v.summary === word ? '' : `  ${v.summary.length > 160 ? `${v.summary.slice(0, 159)}…` : v.summary}`;
    lines.push(`  ${v.name.padEnd(width)}  ${word.padEnd(7)}${detail}`.trimEnd());
  }
  if (!results) lines.push('  (no results: the run was not checked)');
  const c = opts.counts;
  if (c) {
    const nem = c.nemesis ? `; ${n(c.nemesis)} nemesis ops` : '';
    lines.push(`ops: ${n(c.invoke)} invoked: ${n(c.ok)} ok, ${n(c.fail)} fail, ${n(c.info)} info, ${n(c.open)} open${nem}`);
  }
  const l = opts.leaders;
  if (l) {
    const seq = l.sequence.length > 12 ? [...l.sequence.slice(0, 11), '…'] : l.sequence;
    lines.push(`leaders: ${n(l.changes)} change${l.changes === 1 ? '' : 's'}${seq.length > 0 ? ` (${seq.join(' → ')})` : ''}; no leader in ${n(l.leaderless)} of ${n(l.samples)} probes`);
  }
  if (opts.reportPath) lines.push(`report: ${opts.reportPath}`);
  const rerun = rerunCommand(test);
  if (rerun) lines.push(`re-run: ${rerun}`);
  return lines.map(terminalSafe).join('\n');
}

/**
 * `text` with every control character (C0 but tab, DEL, C1 — so ESC and CSI sequences from a
 * stored test.json or results.json) shown as `\xNN` instead of reaching the terminal. Pure.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

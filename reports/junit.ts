/**
 * junit.xml for CI: one test suite for the run, one test case per checker (named with the
 * seed, so a CI page tells runs apart; the always-passing `stats` case is left out); an invalid
 * verdict is a `<failure>`, an unknown one an `<error>`, each with a body of readable text (the
 * checker's explanation, its anomaly lists, the command that re-runs the seed, the report's
 * path). A run without results has a single `results` case in error. Pure.
 */
import type { Validity } from '../core/verdict.js';
import { escapeXml } from './escape.js';
import { checkerView } from './evidence.js';
import { readableVerdict } from './readable.js';
import { rerunCommand } from './rerun.js';
import type { ReadResults as RunResults, TestInfo } from '../core/run-store/index.js';

/** Extra facts for {@link renderJunit}. */
export interface JunitOptions {
  /** Run time, s (the suite's `time`). */
  durationS?: number;
  /** Path of report.html (relative to where CI runs, best), named in every failure. */
  reportPath?: string;
}

/** Characters of evidence text kept per test case. */
const MAX_BODY = 64_000;

interface Case {
  name: string;
  valid: Validity;
  timeS: number;
  message: string;
  body: string;
}

const attr = (s: string) => `"${escapeXml(s)}"`;

function timeOf(verdict: Record<string, unknown>): number {
  const stats = verdict.stats as { timeMs?: unknown } | undefined;
  return typeof stats?.timeMs === 'number' ? stats.timeMs / 1000 : 0;
}

function caseXml(c: Case, classname: string): string {
  const open = `    <testcase classname=${attr(classname)} name=${attr(c.name)} time=${attr(c.timeS.toFixed(3))}`;
  if (c.valid === true) return `${open}/>`;
  const tag = c.valid === false ? 'failure' : 'error';
  const type = c.valid === false ? 'invalid' : 'unknown';
  return `${open}>\n      <${tag} message=${attr(c.message)} type=${attr(type)}>${escapeXml(c.body)}</${tag}>\n    </testcase>`;
}

/** Renders junit.xml for `results` (undefined: the run was not checked). Pure. */
export function renderJunit(results: RunResults | undefined, test: TestInfo | undefined, opts: JunitOptions = {}): string {
  const suite = `faultline.${test?.name ?? 'test'}${typeof results?.partial === 'string' ? ' (partial run)' : ''}`;
  const cut = typeof results?.partial === 'string' ? `partial run (${results.partial}): ` : '';
  const seed = test?.seed === undefined ? '' : ` (seed ${test.seed})`;
  const rerun = rerunCommand(test);
  const tail = `${rerun ? `\n\nre-run: ${rerun}` : ''}${opts.reportPath ? `\nreport: ${opts.reportPath}` : ''}`;
  const cases: Case[] = results
    ? Object.entries(results.checkers)
        .filter(([name, verdict]) => !(name === 'stats' && verdict.valid === true))
        .map(([name, verdict]) => {
          const view = checkerView(name, verdict);
          const body = readableVerdict(view, verdict);
          return { name: `${name}${seed}`, valid: view.valid, timeS: timeOf(verdict), message: `${cut}${view.summary}`, body: `${body.slice(0, MAX_BODY)}${tail}` };
        })
    : [{ name: `results${seed}`, valid: 'unknown', timeS: 0, message: 'no results.json: the run was not checked', body: `partial run${tail}` }];
  const failures = cases.filter((c) => c.valid === false).length;
  const errors = cases.filter((c) => c.valid === 'unknown').length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="0" time="${(opts.durationS ?? 0).toFixed(3)}"`;
  const props = (['system', 'workload', 'seed', 'startedAt'] as const)
    .filter((k) => test?.[k] !== undefined)
    .map((k) => `      <property name=${attr(k)} value=${attr(String(test![k]))}/>`);
  if (typeof results?.partial === 'string') props.push(`      <property name="partial" value=${attr(results.partial)}/>`);
  const nodes = test?.nodes;
  if (nodes !== undefined) props.push(`      <property name="nodes" value=${attr(Array.isArray(nodes) ? nodes.join(',') : String(nodes))}/>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="faultline" ${counts}>`,
    `  <testsuite name=${attr(suite)} ${counts}>`,
    ...(props.length > 0 ? ['    <properties>', ...props.map((p) => `  ${p}`), '    </properties>'] : []),
    ...cases.map((c) => caseXml(c, suite)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

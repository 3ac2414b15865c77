/**
 * The campaign's junit.xml: one test suite, one test case per run (classname
 * `faultline.<system>.<workload>`, name `<nemesis> #<repeat> seed <seed>`). An INVALID run is a
 * `<failure>`, any other non-VALID one an `<error>`; the message is the verdict line and the
 * anomaly classes; the report path is a property and a `[[ATTACHMENT|…]]` line (Jenkins,
 * GitLab). Pure.
 */
import { escapeXml } from '../../reports/escape.js';
import { nemesisLabel } from './matrix.js';
import type { RunRecord } from './record.js';

const attr = (s: string): string => `"${escapeXml(s)}"`;

/** The one-line verdict message of a run. Pure. */
export function verdictLine(r: RunRecord): string {
  const what = `${r.system} ${r.workload} nemesis ${nemesisLabel(r.nemesis)}${r.seed === undefined ? '' : ` seed ${r.seed}`}: ${r.verdict}`;
  return r.anomalies.length === 0 ? what : `${what} — ${r.anomalies.join(', ')}`;
}

function caseXml(r: RunRecord): string {
  const name = `${nemesisLabel(r.nemesis)} #${r.repeat}${r.seed === undefined ? '' : ` seed ${r.seed}`}`;
  const open = `    <testcase classname=${attr(`faultline.${r.system}.${r.workload}`)} name=${attr(name)} time=${attr(r.durationS.toFixed(3))}>`;
  const props = [
    ['seed', r.seed === undefined ? '' : String(r.seed)],
    ['verdict', r.verdict],
    ['anomalies', r.anomalies.join(', ')],
    ['report', r.report ?? ''],
    ['run', r.runDir ?? ''],
  ]
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `        <property name=${attr(k)} value=${attr(v)}/>`);
  const lines = [open, '      <properties>', ...props, '      </properties>'];
  if (r.verdict !== 'VALID') {
    const tag = r.verdict === 'INVALID' ? 'failure' : 'error';
    const body = [verdictLine(r), r.report ? `report: ${r.report}` : '', (r.log ?? '').slice(-8_000)].filter(Boolean).join('\n');
    lines.push(`      <${tag} message=${attr(verdictLine(r))} type=${attr(r.verdict.toLowerCase())}>${escapeXml(body)}</${tag}>`);
  }
  if (r.report) lines.push(`      <system-out>${escapeXml(`[[ATTACHMENT|${r.report}]]`)}</system-out>`);
  lines.push('    </testcase>');
  return lines.join('\n');
}

/** junit.xml for the campaign `name`'s records; `durationS` is the whole campaign's. Pure. */
export function campaignJunit(name: string, records: readonly RunRecord[], durationS: number): string {
  const failures = records.filter((r) => r.verdict === 'INVALID').length;
  const errors = records.filter((r) => r.verdict !== 'INVALID' && r.verdict !== 'VALID').length;
  const counts = `tests="${records.length}" failures="${failures}" errors="${errors}" skipped="0" time="${durationS.toFixed(3)}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="faultline" ${counts}>`,
    `  <testsuite name=${attr(`faultline.campaign.${name}`)} ${counts}>`,
    ...records.map(caseXml),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

import { describe, expect, it } from 'vitest';
import { campaignJunit } from '../../../harness/campaign/junit.js';
import type { RunRecord } from '../../../harness/campaign/record.js';
import { summaryMarkdown, tableText } from '../../../harness/campaign/table.js';

const recs: RunRecord[] = [
  { index: 1, system: 'etcd', workload: 'register', nemesis: ['partition', 'kill'], repeat: 1, seed: 11, verdict: 'VALID', anomalies: [], durationS: 30.25, report: '/s/etcd-register/a/report.html' },
  { index: 2, system: 'etcd', workload: 'register', nemesis: [], repeat: 2, seed: 12, verdict: 'INVALID', anomalies: ['linearizable'], durationS: 31, report: '/s/<b>&"x"/report.html', log: 'line\u0007' },
  { index: 3, system: 'zookeeper', workload: 'register', nemesis: ['kill'], repeat: 1, seed: 13, verdict: 'CRASHED', anomalies: [], durationS: 2 },
];

describe('campaign outputs', () => {
  it('prints an aligned table, one row per run', () => {
    expect(tableText(recs).split('\n')).toEqual([
      '#  system     workload  nemesis         seed  verdict  anomalies     duration  report',
      '1  etcd       register  partition,kill  11    VALID                  30.3 s    /s/etcd-register/a/report.html',
      '2  etcd       register  none            12    INVALID  linearizable  31.0 s    /s/<b>&"x"/report.html',
      '3  zookeeper  register  kill            13    CRASHED                2.0 s',
    ]);
  });

  it('writes one junit test case per run: INVALID a failure, CRASHED an error, everything escaped', () => {
    const xml = campaignJunit('nightly', recs, 63.5);
    expect(xml.match(/<testcase /g)).toHaveLength(3);
    expect(xml).toContain('<testsuites name="faultline" tests="3" failures="1" errors="1" skipped="0" time="63.500">');
    expect(xml).toContain('<failure message="etcd register nemesis none seed 12: INVALID — linearizable" type="invalid">');
    expect(xml).toContain('<error message="zookeeper register nemesis kill seed 13: CRASHED" type="crashed">');
    expect(xml).toContain('<property name="report" value="/s/&#60;b&#62;&#38;&#34;x&#34;/report.html"/>');
    expect(xml).toContain('[[ATTACHMENT|/s/etcd-register/a/report.html]]');
    expect(xml).not.toContain('\u0007');
  });

  it('writes Markdown with the counts and escaped cells', () => {
    const md = summaryMarkdown('faultline campaign nightly', recs, 'stopped at the first INVALID run');
    expect(md).toContain('3 runs: 1 VALID, 1 INVALID, 1 CRASHED — stopped at the first INVALID run');
    expect(md).toContain('| 2 | etcd | register | none | 12 | INVALID | linearizable | 31.0 s | /s/\\<b\\>\\&"x"/report.html |');
  });
});

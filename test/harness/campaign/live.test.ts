import { describe, expect, it } from 'vitest';
import { LiveTable } from '../../../harness/campaign/live.js';
import { planRuns } from '../../../harness/campaign/matrix.js';

const runs = planRuns({ systems: ['etcd'], workloads: ['register'], nemeses: [['kill']], testCount: 2 });
const slot = { index: 0, cluster: 'c', subnet: '10.217.0.0/24' };

describe('live table', () => {
  it('on a terminal redraws the whole table in place', () => {
    let out = '';
    const t = new LiveTable(runs, { isTTY: true, write: (s) => (out += s) });
    t.started(runs[0], slot);
    expect(out).toMatch(/^#\s+system.*\n1\s+etcd\s+register\s+kill\s+running.*\n2\s+etcd\s+register\s+kill\s+queued\n$/);
    out = '';
    t.ended({ ...runs[0], seed: 9, verdict: 'VALID', anomalies: [], durationS: 3 });
    expect(out.startsWith('\x1b[3A\r\x1b[J')).toBe(true);
    expect(out).toMatch(/1\s+etcd\s+register\s+kill\s+9\s+VALID\s+3\.0 s/);
    t.stop();
  });

  it('elsewhere prints a line per start and end', () => {
    let out = '';
    const t = new LiveTable(runs, { isTTY: false, write: (s) => (out += s) });
    t.started(runs[1], slot);
    t.ended({ ...runs[1], seed: 9, verdict: 'INVALID', anomalies: ['linearizable'], durationS: 3, report: '/r.html' });
    t.stop();
    expect(out).toBe('faultline: [2/2] start etcd register nemesis kill on c (10.217.0.0/24)\nfaultline: [2/2] etcd register nemesis kill seed 9: INVALID in 3.0 s — linearizable — /r.html\n');
  });
});

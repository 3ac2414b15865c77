import { describe, expect, it } from 'vitest';
import { formatSummary, relativePath, rerunCommand } from '../../reports/index.js';
import { testInfo } from './fixtures.js';

describe('formatSummary', () => {
  it('lists the verdict, each checker, the counts and the report path', () => {
    const results = {
      valid: false as const,
      checkers: { linearizable: { valid: false, reason: 'key 3 is stale' }, set: { valid: true } },
    };
    const counts = { invoke: 1200, ok: 1100, fail: 50, info: 48, open: 2, nemesis: 8 };
    expect(formatSummary(results, testInfo('etcd-register'), { counts, reportPath: '/r/report.html' })).toBe(
      [
        'etcd-register (etcd, register, 3 nodes, seed 1234): INVALID',
        '  linearizable  invalid  invalid: key 3 is stale',
        '  set           valid',
        'ops: 1,200 invoked: 1,100 ok, 50 fail, 48 info, 2 open; 8 nemesis ops',
        'report: /r/report.html',
        're-run: faultline test etcd --workload register --nodes 3 --rate 100 --nemesis partition,kill --seed 1234',
      ].join('\n'),
    );
  });

  it('prints the command that re-runs the seed with the run\'s own flags, shell-quoted', () => {
    const test = testInfo('m', { system: 'memory', nodes: ['n1', 'n2', 'n3'], seed: 77, options: { timeLimitS: 8, concurrencySpec: '2n', rate: 100, nemesis: ['kill', 'pause'], nemesisIntervalS: 1, memoryStaleReads: 0.5, opTimeoutMs: 5000 } });
    expect(rerunCommand(test)).toBe('faultline test memory --workload register --nodes 3 --time-limit 8 --concurrency 2n --rate 100 --nemesis kill,pause --nemesis-interval 1 --memory-stale-reads 0.5 --seed 77');
    expect(rerunCommand(testInfo('x', { nodes: ['db 1', "o'b"], options: { nemesis: [] } }))).toBe("faultline test etcd --workload register --nodes 'db 1,o'\\''b' --nemesis none --seed 1234");
    expect(rerunCommand(testInfo('x', { seed: undefined }))).toBeNull();
    expect(rerunCommand(testInfo('x', { options: { faultScheduleFile: '/s/schedule.json' } }))).toBe('faultline test etcd --workload register --nodes 3 --schedule /s/schedule.json --seed 1234');
  });

  it('prints the report path relative to the working directory when it lies below it', () => {
    expect(relativePath('/work/x/store/r/report.html', '/work/x')).toBe('store/r/report.html');
    expect(relativePath('/elsewhere/report.html', '/work/x')).toBe('/elsewhere/report.html');
  });

  it('says when the run was not checked', () => {
    expect(formatSummary(undefined, undefined)).toBe('test: NOT CHECKED\n  (no results: the run was not checked)');
  });
});

describe('formatSummary on hostile stored values', () => {
  it('shows control characters from test.json as \\xNN, never raw escape sequences, and marks a partial run', () => {
    const text = formatSummary({ valid: true, checkers: {}, partial: 'interrupted' }, { name: 'evil\u001b]0;pwned\u0007\u001b[2J', system: 'mem\u009bory', nodes: 3, seed: 1 });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text.split('\n')[0]).toBe('evil\\x1b]0;pwned\\x07\\x1b[2J (mem\\x9bory, 3 nodes, seed 1): VALID (partial: interrupted)');
  });
});

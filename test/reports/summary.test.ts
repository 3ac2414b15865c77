import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../reports/index.js';
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
      ].join('\n'),
    );
  });

  it('says when the run was not checked', () => {
    expect(formatSummary(undefined, undefined)).toBe('test: NOT CHECKED\n  (no results: the run was not checked)');
  });
});

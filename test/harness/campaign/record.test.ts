import { describe, expect, it } from 'vitest';
import { anomalyClasses, campaignExitCode, verdictOf } from '../../../harness/campaign/record.js';
import { finalExitCode } from '../../../harness/campaign/write.js';

describe('campaign records', () => {
  it('maps exit codes to verdicts', () => {
    expect([verdictOf(0, true), verdictOf(1, true), verdictOf(2, true), verdictOf(2, false), verdictOf(255, false), verdictOf(254, false)]).toEqual([
      'VALID', 'INVALID', 'UNKNOWN', 'INTERRUPTED', 'CRASHED', 'CRASHED',
    ]);
  });

  it('names anomaly classes of invalid checkers only', () => {
    expect(
      anomalyClasses({
        linearizable: { valid: false },
        stream: { valid: false, anomalies: { 'lost-write': [{}], duplicate: [] } },
        txn: { valid: false, anomalyTypes: ['G1c', 'G-single'] },
        stats: { valid: true, anomalies: { x: [1] } },
        perf: { valid: 'unknown' },
      }),
    ).toEqual(['linearizable', 'stream: lost-write', 'txn: G1c', 'txn: G-single']);
  });

  it('exits with the worst verdict: 1 any invalid, else 2 any other non-valid, else 0', () => {
    const v = (...vs: string[]) => vs.map((verdict) => ({ verdict })) as { verdict: 'VALID' }[];
    expect(campaignExitCode(v('VALID', 'VALID'))).toBe(0);
    expect(campaignExitCode(v('VALID', 'UNKNOWN'))).toBe(2);
    expect(campaignExitCode(v('CRASHED', 'VALID'))).toBe(2);
    expect(campaignExitCode(v('UNKNOWN', 'INVALID', 'CRASHED'))).toBe(1);
    expect(campaignExitCode([])).toBe(0);
    expect(finalExitCode([], 'interrupted')).toBe(2);
  });
});

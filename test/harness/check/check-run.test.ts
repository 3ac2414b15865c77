import { describe, expect, it } from 'vitest';
import { checkStats } from '../../../checkers/stats.js';
import type { History } from '../../../core/op.js';
import { historyStats, makeResults, runCheckers } from '../../../harness/check/check-run.js';
import { runStamp } from '../../../core/run-store/index.js';

const h: History = [
  { index: 0, time: 0, process: 0, type: 'invoke', f: 'read', value: null },
  { index: 1, time: 5e6, process: 'nemesis', type: 'invoke', f: 'kill', value: null },
  { index: 2, time: 1e7, process: 0, type: 'ok', f: 'read', value: 3 },
  { index: 3, time: 2e7, process: 1, type: 'invoke', f: 'write', value: 1 },
  { index: 4, time: 3e7, process: 2, type: 'invoke', f: 'write', value: 2 },
  { index: 5, time: 1.5e9, process: 2, type: 'fail', f: 'write', value: 2 },
];

describe('stats checker', () => {
  it('counts client ops by f and type, nemesis ops by f, and open ops', () => {
    const v = checkStats(h);
    expect(v.total).toEqual({ invoke: 3, ok: 1, fail: 1, info: 0, open: 1 });
    expect(v.byF).toEqual({ read: { invoke: 1, ok: 1, fail: 0, info: 0, open: 0 }, write: { invoke: 2, ok: 0, fail: 1, info: 0, open: 1 } });
    expect(v.nemesis).toEqual({ kill: 1 });
    expect(v.valid).toBe('unknown'); // no write ever succeeded
    expect(v.reason).toBe('no write op completed ok');
  });

  it('is valid when every kind succeeded at least once, unknown for an empty history', () => {
    expect(checkStats(h.slice(0, 3)).valid).toBe(true);
    expect(checkStats([])).toMatchObject({ valid: 'unknown', reason: 'no client op was invoked' });
  });
});

describe('check-run', () => {
  it('summarises the history', () => {
    expect(historyStats(h)).toEqual({ events: 6, clientOps: 3, open: 1, ok: 1, fail: 1, info: 0, nemesisOps: 1, durationS: 1.5 });
  });

  it('runs each checker alone: one that throws is unknown, verdicts merge false > unknown > true', async () => {
    const workload = {
      name: 'w',
      generator: [] as never,
      checkers: {
        fine: () => ({ valid: true as const }),
        broken: () => {
          throw new Error('boom');
        },
        bad: async () => ({ valid: false as const }),
      },
    };
    const verdicts = await runCheckers(workload, h, { options: {} });
    expect(verdicts.broken).toEqual({ valid: 'unknown', error: 'broken checker failed: boom' });
    const r = makeResults(verdicts, h, ['w1']);
    expect(r.valid).toBe(false);
    expect(r.warnings).toEqual(['w1']);
    expect(makeResults({ a: { valid: true }, b: { valid: 'unknown' } }, h).valid).toBe('unknown');
  });

  it('names run folders by UTC time', () => {
    expect(runStamp(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 67)))).toBe('20250102T030405.067Z');
  });
});

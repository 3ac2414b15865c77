import { describe, expect, it } from 'vitest';
import { NemesisTracker } from '../../checkers/nemesis-intervals.js';
import type { Op } from '../../core/op.js';
import { historyStats } from '../../harness/check/check-run.js';
import { leaderLane } from '../../reports/leader-lane.js';
import { formatSummary } from '../../reports/summary.js';

let index = 0;
const probe = (s: number, primaries: string[] | null, error?: string): Op => ({
  index: index++,
  time: s * 1e9,
  process: 'nemesis',
  type: 'info',
  f: 'primaries',
  value: primaries === null ? null : { primaries },
  ...(error ? { error } : {}),
});

describe('leaderLane', () => {
  it('is null without probe samples', () => {
    expect(leaderLane([{ index: 0, time: 0, process: 0, type: 'invoke', f: 'read', value: null }])).toBeNull();
  });

  it('merges equal samples into steps and counts moves of the known leader across gaps', () => {
    index = 0;
    const h = [probe(0, ['n1']), probe(1, ['n1']), probe(2, []), probe(3, null, 'timed out'), probe(4, ['n1']), probe(5, ['n3']), probe(6, []), probe(7, ['n2']), probe(8, ['n2'])];
    const lane = leaderLane(h)!;
    expect(lane.steps).toEqual([
      { time: 0, leaders: ['n1'] },
      { time: 2000, leaders: [] },
      { time: 4000, leaders: ['n1'] },
      { time: 5000, leaders: ['n3'] },
      { time: 6000, leaders: [] },
      { time: 7000, leaders: ['n2'] },
    ]);
    expect(lane).toMatchObject({ changes: 2, samples: 9, leaderless: 3, nodes: ['n1', 'n3', 'n2'] });
    expect(historyStats(h).leaders).toEqual({ changes: 2, samples: 9, leaderless: 3, sequence: ['n1', 'n3', 'n2'] });
  });

  it('probe samples never complete a pending nemesis op in the fault intervals', () => {
    index = 0;
    const t = new NemesisTracker();
    t.add({ index: index++, time: 1e9, process: 'nemesis', type: 'invoke', f: 'kill', value: ['n1'] });
    t.add(probe(1.5, ['n1']));
    t.add({ index: index++, time: 2e9, process: 'nemesis', type: 'info', f: 'kill', value: { killed: ['n1'] } });
    const r = t.result();
    expect(r.instants).toEqual([]);
    expect(r.intervals).toEqual([{ f: 'kill', stopF: null, start: 1, end: null, value: { killed: ['n1'] } }]);
  });

  it('the console summary names the changes and the sequence', () => {
    const text = formatSummary(undefined, { name: 't' }, { leaders: { changes: 2, samples: 120, leaderless: 9, sequence: ['n1', 'n3', 'n2'] } });
    expect(text).toContain('leaders: 2 changes (n1 → n3 → n2); no leader in 9 of 120 probes');
  });
});

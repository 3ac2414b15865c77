import { describe, expect, it } from 'vitest';
import type { History, Op } from '../../core/op.js';
import { assignRows, MAX_ROWS } from '../../reports/timeline.js';
import { boundedJson, buildReportData, checkerView, sampleTimeline } from '../../reports/index.js';
import { syntheticHistory, testInfo } from './fixtures.js';

const MS = 1e6;
/** `n` sequential ok reads by one process, 1 ms each. */
function reads(n: number, process = 0): History {
  const h: Op[] = [];
  for (let k = 0; k < n; k++) {
    h.push({ index: 2 * k, time: 2 * k * MS, process, type: 'invoke', f: 'read', value: null });
    h.push({ index: 2 * k + 1, time: (2 * k + 1) * MS, process, type: 'ok', f: 'read', value: k });
  }
  return h;
}

const blocked = {
  valid: false, model: 'cas-register', keysChecked: 1, failuresOmitted: 0, unknownKeys: [], explanation: 'NOT linearizable: key 1',
  stats: { ops: 3, keys: 1, cacheEntries: 1, peakCacheMiB: 0, timeMs: 1, workers: 0 },
  failures: [{ key: 1, ops: 3, definite: 3, longest: 1, morePrefixes: 0, prefixes: [
    { length: 1, ops: [], omitted: 0, state: 'register = 0', blocking: { index: 14, process: 0, text: 'p0 read → 7' }, why: 'returned', rejected: [], rejectedOmitted: 0 },
  ] }],
};

describe('buildReportData', () => {
  it('gathers meta, verdicts with evidence, and marks the ops checkers name', () => {
    const d = buildReportData({
      history: reads(20),
      test: testInfo('t1'),
      results: { valid: false, checkers: { linearizable: blocked, set: { valid: true, lost: { count: 0, elements: [] } }, stats: { valid: 'unknown', reason: 'no cas ok' } } },
      faultlineVersion: '9.9.9',
      generatedAt: '2025-01-01T00:00:00Z',
    });
    expect(d.meta).toMatchObject({ test: 't1', system: 'etcd', nodeCount: 3, seed: '1234', faultline: '0.1.0', reportBy: '9.9.9', versions: { etcd: '3.4.23' }, partial: false });
    expect(d.valid).toBe(false);
    expect(d.checkers.map((c) => [c.name, c.valid, c.evidence.kind, c.summary])).toEqual([
      ['linearizable', false, 'linearizable', 'NOT linearizable: key 1'],
      ['set', true, 'elements', 'valid'],
      ['stats', 'unknown', 'none', 'unknown: no cas ok'],
    ]);
    expect(d.timeline.marks).toHaveLength(1);
    expect(d.timeline.marks[0]).toMatchObject({ index: 14, checker: 'linearizable', kind: 'blocking', time: 14, row: 0 });
    expect(d.timeline.marks[0].label).toMatch(/^linearizable: could not place p0 read → 7/);
    expect(d.perf.counts.ok).toBe(20);
  });

  it('reports a run without results as not checked', () => {
    const d = buildReportData({ history: [], faultlineVersion: '1', generatedAt: 'x' });
    expect(d.valid).toBeNull();
    expect(d.meta).toMatchObject({ test: 'unnamed test', partial: true, system: null });
  });
});

describe('sampleTimeline', () => {
  it('draws at most maxOps ops, evenly spaced, always keeping marked ops', () => {
    const t = sampleTimeline(reads(1000), [{ index: 1000, label: 'x' }], 100);
    expect(t.total).toBe(1000);
    expect(t.s).toHaveLength(100);
    expect(t.i).toContain(1000);
    expect(t.marks[0]).toMatchObject({ index: 1000, time: 1000 });
    expect(t.i[t.i.length - 1]).toBe(1998);
  });

  it('describes ops and keeps unfinished ones open', () => {
    const h: History = [{ index: 0, time: 0, process: 3, type: 'invoke', f: 'cas', value: [1, 2], key: 'k' }];
    const t = sampleTimeline(h);
    expect([t.e[0], t.t[0], t.v[0], t.rows]).toEqual([-1, 3, 'key "k" [1 2]', ['p3']]);
  });

  it('folds processes that never overlap into shared rows past MAX_ROWS', () => {
    const many = reads(MAX_ROWS + 6).map((op) => ({ ...op, process: Math.floor(op.index / 2) }));
    const t = sampleTimeline(many);
    expect(t.rows).toEqual(['p0 +69']);
    expect(assignRows({ processes: [0, 1], p: [0, 1], s: [0, 0], e: [1, 1] }).rows).toEqual(['p0', 'p1']);
  });

  it('bounds a large history', () => {
    const t = sampleTimeline(syntheticHistory(200_000), [], 5000);
    expect(t.s.length).toBe(5000);
    expect(t.rows.length).toBeLessThan(20);
  });
});

describe('checkerView', () => {
  it('bounds any verdict', () => {
    const huge = { valid: false, lost: Array.from({ length: 100_000 }, (_, i) => i), note: 'x'.repeat(1e6) };
    const v = checkerView('set', huge);
    expect(v.json.length).toBeLessThan(25_000);
    expect(v.evidence).toMatchObject({ kind: 'elements', lists: [{ name: 'lost', count: 100_000 }] });
    expect(boundedJson({ a: [1] })).toBe('{\n  "a": [\n    1\n  ]\n}');
  });
});

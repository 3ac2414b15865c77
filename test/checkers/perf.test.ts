import { describe, expect, it } from 'vitest';
import { bucketSize, LatencySketch, nemesisRole, perfStats } from '../../checkers/perf.js';
import type { History, Op, ProcessId } from '../../core/op.js';

const S = 1e9;
const MS = 1e6;

/** Builds a history from [process, type, f, time ns, value?] rows, indexing them. */
function h(rows: [ProcessId, Op['type'], string, number, unknown?][]): History {
  return rows.map(([process, type, f, time, value], index) => ({ index, time, process, type, f, value: value ?? null }));
}

describe('LatencySketch', () => {
  it('gives exact nearest-rank quantiles on small inputs', () => {
    const s = new LatencySketch();
    for (let v = 1; v <= 100; v++) s.add(101 - v);
    expect(s.summary()).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    const one = new LatencySketch();
    one.add(7);
    expect(one.summary()).toEqual({ count: 1, p50: 7, p95: 7, p99: 7, max: 7 });
    expect(new LatencySketch().summary()).toBeNull();
  });

  it('stays within 1% past its capacity', () => {
    const s = new LatencySketch(16);
    for (let v = 1; v <= 10_000; v++) s.add(v / 10);
    const q = s.summary()!;
    expect(q.max).toBe(1000);
    expect(Math.abs(q.p50 - 500) / 500).toBeLessThan(0.011);
    expect(Math.abs(q.p99 - 990) / 990).toBeLessThan(0.011);
  });
});

describe('bucketSize', () => {
  it('picks a 1-2-5 step with at most maxBuckets buckets', () => {
    expect(bucketSize(60, 200)).toBe(0.5);
    expect(bucketSize(200, 200)).toBe(1);
    expect(bucketSize(201, 200)).toBe(2);
    expect(bucketSize(3600, 200)).toBe(20);
    expect(bucketSize(1e-3, 200)).toBe(0.000005);
    expect(bucketSize(0, 200)).toBe(1);
    for (const d of [0.37, 7, 99.9, 1234.5, 86_400]) expect(Math.ceil(d / bucketSize(d, 200))).toBeLessThanOrEqual(200);
  });

  it('uses fewer buckets (at least 20) for sparse histories', () => {
    const sparse = h([[0, 'invoke', 'read', 0], [0, 'ok', 'read', 100 * S]]);
    expect(perfStats(sparse).bucketS).toBe(5);
  });
});

describe('nemesisRole', () => {
  it('pairs start-X/stop-X, kill/start, pause/resume, bump-X/reset-X; others are instants', () => {
    expect(nemesisRole('start-partition')).toEqual({ role: 'open', opener: 'start-partition' });
    expect(nemesisRole('stop-partition')).toEqual({ role: 'close', opener: 'start-partition' });
    expect(nemesisRole('start')).toEqual({ role: 'close', opener: 'kill' });
    expect(nemesisRole('resume')).toEqual({ role: 'close', opener: 'pause' });
    expect(nemesisRole('reset-clock')).toEqual({ role: 'close', opener: 'bump-clock' });
    expect(nemesisRole('strobe-clock')).toEqual({ role: 'instant' });
  });
});

describe('perfStats', () => {
  const history = h([
    [0, 'invoke', 'read', 0],
    [1, 'invoke', 'write', 0.1 * S, 1],
    [0, 'ok', 'read', 0.01 * S, 1],
    ['nemesis', 'invoke', 'start-partition', 1 * S],
    ['nemesis', 'info', 'start-partition', 1.2 * S, { n1: ['n2', 'n3'] }],
    [1, 'info', 'write', 2.1 * S, 1],
    [2, 'invoke', 'read', 3 * S],
    [2, 'fail', 'read', 3 * S + 30 * MS],
    ['nemesis', 'invoke', 'kill', 4 * S, ['n1']],
    ['nemesis', 'info', 'kill', 4.5 * S],
    ['nemesis', 'invoke', 'stop-partition', 5 * S],
    ['nemesis', 'info', 'stop-partition', 5.5 * S, 'healed'],
    ['nemesis', 'invoke', 'strobe-clock', 6 * S],
    [3, 'invoke', 'write', 9 * S, 2],
    [2, 'invoke', 'read', 9.5 * S],
    [2, 'ok', 'read', 10 * S, 1],
  ]);
  const p = perfStats(history, { maxBuckets: 20 });

  it('counts ops by f and outcome, open ops included', () => {
    expect(p.counts).toMatchObject({ events: 16, nemesis: 4, invoke: 5, ok: 2, fail: 1, info: 1, open: 1 });
    expect(p.counts.byF.write).toEqual({ invoke: 2, ok: 0, fail: 0, info: 1, open: 1 });
    expect(p.counts.byF.read).toEqual({ invoke: 3, ok: 2, fail: 1, info: 0, open: 0 });
  });

  it('computes exact latency quantiles by f and outcome, in ms', () => {
    expect(p.latency.byF.read).toEqual({ count: 3, p50: 30, p95: 500, p99: 500, max: 500 });
    expect(p.latency.byOutcome.info).toEqual({ count: 1, p50: 2000, p95: 2000, p99: 2000, max: 2000 });
    expect(p.latency.byFOutcome.read.ok?.count).toBe(2);
    expect(p.latency.all?.max).toBe(2000);
  });

  it('buckets by invocation (latency) and completion (throughput) time', () => {
    expect(p.durationS).toBe(10);
    expect(p.bucketS).toBe(0.5);
    expect(p.bucketStarts).toHaveLength(20);
    expect(p.bucketStarts[3]).toBe(1.5);
    expect(p.latencyOverTime.byF.write.max[0]).toBe(2000);
    expect(p.latencyOverTime.byF.read.p50[6]).toBe(30);
    expect(p.latencyOverTime.byF.read.p50[19]).toBe(500); // invoked at 9.5 s
    expect(p.throughput.byF.write.info![4]).toBe(2); // one completion at 2.1 s in a 0.5 s bucket
    expect(p.throughput.all.reduce((a, b) => a + b, 0) * p.bucketS).toBe(4);
    expect(p.throughput.all[19]).toBe(2); // the last op (at exactly 10 s) lands in the last bucket
  });

  it('turns nemesis ops into intervals and instants', () => {
    expect(p.nemesis.intervals).toEqual([
      { f: 'start-partition', stopF: 'stop-partition', start: 1, end: 5.5, value: { n1: ['n2', 'n3'] }, stopValue: 'healed' },
      { f: 'kill', stopF: null, start: 4, end: null, value: ['n1'] },
    ]);
    expect(p.nemesis.instants).toEqual([{ f: 'strobe-clock', time: 6, value: null }]);
  });

  it('handles empty histories and f names such as constructor', () => {
    expect(perfStats([]).bucketStarts).toEqual([0]);
    const q = perfStats(h([[0, 'invoke', 'constructor', 0], [0, 'ok', 'constructor', MS]]));
    expect((q.latency.byF as Record<string, { p50: number }>)['constructor' as string]!.p50).toBe(1);
  });

  it('lumps f names past maxFs under (other)', () => {
    const rows: [ProcessId, Op['type'], string, number][] = [];
    for (let i = 0; i < 5; i++) rows.push([i, 'invoke', `f${i}`, i], [i, 'ok', `f${i}`, i + 1]);
    expect(Object.keys(perfStats(h(rows), { maxFs: 3 }).counts.byF)).toEqual(['f0', 'f1', 'f2', '(other)']);
  });
});

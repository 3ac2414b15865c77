/**
 * Timeline marks for every checker's anomalies (bank bad reads, a set's lost elements, stream
 * anomalies, the linearizability path), the bank plot, and the timeline's node / key / refusal
 * columns. Pure data; the viewer's use of them is tested in browser-features.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../checkers/bank.js';
import { checkSet } from '../../checkers/set.js';
import { checkStream } from '../../checkers/stream/index.js';
import type { History, Op } from '../../core/op.js';
import { bankPlot, buildReportData, evidenceMarks, OUTCOME_CODE, sampleTimeline } from '../../reports/index.js';
import { EXPECTED_REFUSALS } from '../../reports/timeline.js';
import { INSUFFICIENT_FUNDS } from '../../workloads/bank.js';
import { CAS_MISMATCH } from '../../workloads/register.js';
import { StreamHistory } from '../checkers/stream/builder.js';

/** Builds a history from [process, f, invoke value, type, completion value, extra] rows, one op after another. */
function seq(rows: [number, string, unknown, Op['type'], unknown, Partial<Op>?][]): History {
  const h: History = [];
  for (const [p, f, v, type, out, extra] of rows) {
    h.push({ index: h.length, time: h.length * 1e6, process: p, type: 'invoke', f, value: v, ...(extra?.key === undefined ? {} : { key: extra.key }) });
    h.push({ index: h.length, time: h.length * 1e6, process: p, type, f, value: out, ...extra });
  }
  return h;
}

describe('evidence marks', () => {
  it('marks bank reads with a wrong total at their invocation', () => {
    const h = seq([
      [0, 'read', null, 'ok', { 0: 50, 1: 50 }],
      [1, 'transfer', { from: 0, to: 1, amount: 5 }, 'ok', { from: 0, to: 1, amount: 5 }],
      [0, 'read', null, 'ok', { 0: 45, 1: 50 }],
    ]);
    const bank = checkBank(h, { accounts: 2, total: 100 });
    expect(bank.valid).toBe(false);
    const marks = evidenceMarks([], { bank }, h);
    expect(marks).toEqual([expect.objectContaining({ index: 4, kind: 'bad-read', checker: 'bank' })]);
    expect(marks[0].label).toContain('summed to 95 (expected 100)');
    const plot = bankPlot(h, { bank })!;
    expect(plot).toMatchObject({ checker: 'bank', total: 100, reads: 2, wrong: 1, sum: [100, 95], i: [0, 4] });
    expect(bankPlot(h, { other: { valid: true } })).toBeNull();
  });

  it('marks a set\'s lost elements: their adds and the final read that lacked them', () => {
    const h = seq([
      [0, 'add', 1, 'ok', 1],
      [1, 'add', 2, 'ok', 2],
      [0, 'read', null, 'ok', [1]],
    ]);
    const set = checkSet(h);
    expect(set.lost.count).toBe(1);
    const marks = evidenceMarks([], { set }, h);
    expect(marks.map((m) => [m.index, m.kind])).toEqual([[2, 'lost'], [4, 'lost']]);
  });

  it('marks the ops of counted stream anomalies by their invocation index', () => {
    const b = new StreamHistory();
    b.send(0, 't0', 10, 0);
    b.send(0, 't0', 11, 1);
    b.send(1, 't0', 12, 2);
    b.poll(2, { t0: [[0, 10], [2, 12]] });
    const results = { valid: false as const, checkers: { stream: checkStream(b.ops) } };
    const d = buildReportData({ history: b.ops, results, faultlineVersion: 't', generatedAt: 't' });
    const stream = d.timeline.marks.filter((m) => m.kind === 'stream');
    expect(stream.length).toBeGreaterThan(0);
    const invocations = new Set(b.ops.filter((o) => o.type === 'invoke').map((o) => o.index));
    for (const m of stream) expect(invocations.has(m.index)).toBe(true);
  });
});

describe('timeline columns', () => {
  it('names each op\'s node and key, and colours expected refusals apart from failures', () => {
    const h = seq([
      [0, 'cas', [1, 2], 'fail', [1, 2], { node: 'n2', key: 'a', error: CAS_MISMATCH }],
      [1, 'transfer', { from: 0, to: 1, amount: 5 }, 'fail', null, { node: 'n1', error: INSUFFICIENT_FUNDS }],
      [2, 'write', 3, 'fail', 3, { node: 'n3', key: 'b', error: 'connection refused' }],
      [3, 'cas', [1, 2], 'fail', [1, 2], { key: 'a' }],
    ]);
    const t = sampleTimeline(h);
    expect(t.t).toEqual([OUTCOME_CODE.refused, OUTCOME_CODE.refused, OUTCOME_CODE.fail, OUTCOME_CODE.refused]);
    expect(t.nodes).toEqual(['n2', 'n1', 'n3']);
    expect(t.n).toEqual([0, 1, 2, -1]);
    expect(t.keys).toEqual(['"a"', '"b"']);
    expect(t.k).toEqual([0, -1, 1, 0]);
    expect(EXPECTED_REFUSALS).toEqual([CAS_MISMATCH, INSUFFICIENT_FUNDS]);
  });
});

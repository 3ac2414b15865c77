import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkTxn } from '../../checkers/txn/index.js';
import { loadHistory } from '../../core/history/load.js';
import type { History } from '../../core/op.js';
import { MAX_CASE_TXNS, MAX_TXN_CASES, MAX_VALUE_CHARS, txnViews, valueText } from '../../reports/txn-views.js';
import { concurrent } from '../checkers/txn/support.js';

const EDN = join('test', 'checkers', 'txn', 'fixtures', 'jepsen-append.edn');
const EVIL = '</script><img src=x onerror=alert(1)>';

/** Write skew-ish read skew on two hostile keys: T0 appends to both, T1 reads one before and one after. */
function hostileGSingle(): History {
  const k1 = `${EVIL}-1`;
  const k2 = `${EVIL}-2`;
  return concurrent({ mops: [['append', k1, 1], ['append', k2, 1]] }, { mops: [['r', k1, []], ['r', k2, [1]]] });
}

describe('txnViews', () => {
  it('turns the G-single and G1a of the Jepsen fixture into drawable cases keyed by invocation', async () => {
    const { ops } = await loadHistory(EDN);
    const verdict = checkTxn(ops, { model: 'list-append', consistencyModels: ['serializable'] });
    const views = txnViews(ops, { txn: verdict })!;
    expect(views.models).toEqual([{ checker: 'txn', asked: ['serializable'], violated: ['serializable'], not: ['read-committed'], possible: ['read-uncommitted'] }]);
    expect(views.kinds.map((k) => [k.type, k.cycle, k.counted, k.total, k.drawn])).toEqual([['G-single', true, true, 1, 1], ['G1a', false, true, 1, 1]]);
    expect(views.omitted).toBe(0);
    const [cycle, g1a] = views.cases;
    expect(cycle.txns).toEqual([{ label: 'T6', process: '1', type: 'ok', index: 2 }, { label: 'T5', process: '2', type: 'ok', index: 3 }]);
    expect(cycle.edges.map((e) => [e.from, e.to, e.rel, e.key, e.value])).toEqual([[0, 1, 'rw', '1', '2'], [1, 0, 'wr', '2', '2']]);
    expect(cycle.edges[0].text).toMatch(/^T6 \(process 1\) read key 1 as \[1\], without 2, .* so T6 < T5 \(rw\)$/);
    expect(cycle.explanation).toMatch(/^so T6 < T6: a cycle with exactly one anti-dependency \(G-single/);
    expect(g1a).toMatchObject({ type: 'G1a', cycle: false, edges: [], key: '3', value: '7' });
    expect(g1a.txns.map((t) => [t.label, t.type, t.index])).toEqual([['T10', 'ok', 9], ['T8', 'fail', 7]]);
    expect(g1a.explanation).toMatch(/aborted read/);
  });

  it('marks types the asked-for models allow as reported only', async () => {
    const { ops } = await loadHistory(EDN);
    const views = txnViews(ops, { txn: checkTxn(ops, { model: 'list-append', consistencyModels: ['read-uncommitted'] }) })!;
    expect(views.kinds.map((k) => [k.type, k.counted])).toEqual([['G-single', false], ['G1a', false]]);
    expect(views.cases.every((c) => !c.counted)).toBe(true);
  });

  it('keeps hostile keys as plain short text', () => {
    const h = hostileGSingle();
    const views = txnViews(h, { [EVIL]: checkTxn(h, { model: 'list-append' }) })!;
    const c = views.cases.find((x) => x.type === 'G-single')!;
    expect(c.checker).toBe(EVIL);
    expect(c.edges.map((e) => e.key)).toEqual([JSON.stringify(`${EVIL}-1`), JSON.stringify(`${EVIL}-2`)].map((s) => (s.length > MAX_VALUE_CHARS ? `${s.slice(0, MAX_VALUE_CHARS - 1)}…` : s)));
    expect(valueText('x'.repeat(500))!.length).toBe(MAX_VALUE_CHARS);
    expect(valueText([1, 2, 3])).toBe('[1 2 3]');
    expect(valueText(undefined)).toBeNull();
  });

  it('is null without a transactional verdict and bounded with many cases', () => {
    expect(txnViews([], { lin: { valid: true }, txn: { valid: true, cycles: {}, anomalies: {}, anomalyTypes: [] } })).toBeNull();
    const c = { type: 'G0', txns: [{ index: 1, process: 0, type: 'ok' }], steps: [], explanation: 'x' };
    const big = { valid: false, anomalyTypes: ['G0'], counts: { G0: 500 }, cycles: { G0: Array.from({ length: 200 }, () => c) }, anomalies: {} };
    const views = txnViews([], { txn: big })!;
    expect(views.cases).toHaveLength(MAX_TXN_CASES);
    expect(views.kinds).toEqual([{ checker: 'txn', type: 'G0', cycle: true, counted: true, total: 500, drawn: MAX_TXN_CASES }]);
    expect(views.omitted).toBe(500 - MAX_TXN_CASES);
  });
});

describe('txnViews on a cycle too long to draw', () => {
  it('lists its first transactions, no edges, and keeps the whole explanation', () => {
    const n = MAX_CASE_TXNS + 6;
    const txns = Array.from({ length: n }, (_, k) => ({ index: 2 * k + 1, process: k, type: 'ok' }));
    const steps = txns.map((t, k) => ({ from: t, to: txns[(k + 1) % n], rel: 'ww', key: 1, value: k, text: `step ${k}` }));
    const explanation = `${steps.map((s) => s.text).join('; ')}; so T1 < T1: a write cycle (G0)`;
    const v = { valid: false, anomalyTypes: ['G0'], counts: { G0: 1 }, cycles: { G0: [{ type: 'G0', txns, steps, explanation }] }, anomalies: {} };
    const [c] = txnViews([], { txn: v })!.cases;
    expect(c.txns).toHaveLength(MAX_CASE_TXNS);
    expect(c.moreTxns).toBe(6);
    expect(c.edges).toEqual([]);
    expect(c.explanation).toBe(explanation);
  });
});

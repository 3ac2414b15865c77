import { describe, expect, it } from 'vitest';
import { checkTxn } from '../../../checkers/txn/index.js';
import { chain, concurrent, serial } from './support.js';

const la = (h: Parameters<typeof checkTxn>[0], models = ['strict-serializable']) => checkTxn(h, { model: 'list-append', consistencyModels: models });

describe('txn list-append: one history per anomaly class', () => {
  it('G0: two transactions append to x and y in opposite orders', () => {
    const v = la(concurrent({ mops: [['append', 'x', 1], ['append', 'y', 1]] }, { mops: [['append', 'x', 2], ['append', 'y', 2]] }, { mops: [['r', 'x', [1, 2]], ['r', 'y', [2, 1]]] }));
    expect(v.anomalyTypes).toEqual(['G0']);
    expect(v.valid).toBe(false);
    expect(v.cycles.G0[0].steps.map((s) => s.rel)).toEqual(['ww', 'ww']);
    expect(v.cycles.G0[0].explanation).toMatch(/appended 1 to key "x" and T\d+ \(process 1\) appended 2 after it/);
    expect(v.not).toEqual(['read-uncommitted']);
  });

  it('G1c: each transaction reads the other one\'s append', () => {
    const v = la(concurrent({ mops: [['append', 'x', 1], ['r', 'y', [1]]] }, { mops: [['append', 'y', 1], ['r', 'x', [1]]] }));
    expect(v.anomalyTypes).toEqual(['G1c']);
    expect(v.not).toEqual(['read-committed']);
  });

  it('G-single: read skew', () => {
    const v = la(concurrent(
      { mops: [['append', 'x', 1], ['append', 'y', 1]] },
      { mops: [['r', 'x', [1]], ['r', 'y', [1, 2]]] },
      { mops: [['append', 'x', 2], ['append', 'y', 2]] },
      { mops: [['r', 'x', [1, 2]]] },
    ));
    expect(v.anomalyTypes).toEqual(['G-single']);
    const c = v.cycles['G-single'][0];
    expect(c.steps.map((s) => s.rel).sort()).toEqual(['rw', 'wr']);
    expect(c.explanation).toMatch(/read key "x" as \[1\], without 2, which T\d+ \(process 2\) appended next/);
    expect(v.not).toEqual(['repeatable-read', 'snapshot-isolation']);
    expect(v.possible).toContain('read-committed');
  });

  it('G-nonadjacent: two rw edges, never adjacent', () => {
    const v = la(concurrent(
      { mops: [['r', 'x', []], ['r', 'w', [1]]] },
      { mops: [['append', 'x', 1], ['append', 'y', 1]] },
      { mops: [['r', 'y', [1]], ['r', 'z', []]] },
      { mops: [['append', 'z', 1], ['append', 'w', 1]] },
      { mops: [['r', 'x', [1]], ['r', 'z', [1]]] },
    ));
    expect(v.anomalyTypes).toEqual(['G-nonadjacent']);
    expect(v.cycles['G-nonadjacent'][0].steps.map((s) => s.rel)).toEqual(['rw', 'wr', 'rw', 'wr']);
  });

  it('G2-item: write skew', () => {
    const v = la(concurrent(
      { mops: [['r', 'x', []], ['r', 'y', []], ['append', 'x', 1]] },
      { mops: [['r', 'x', []], ['r', 'y', []], ['append', 'y', 1]] },
      { mops: [['r', 'x', [1]], ['r', 'y', [1]]] },
    ));
    expect(v.anomalyTypes).toEqual(['G2-item']);
    expect(v.cycles['G2-item'][0].steps.map((s) => s.rel)).toEqual(['rw', 'rw']);
  });

  it('G-single-process: a process does not see its own earlier append', () => {
    const v = la(chain(serial({ p: 0, mops: [['append', 'x', 1]] }, { p: 0, mops: [['r', 'x', []]] }), concurrent({ p: 5, mops: [['r', 'x', [1]]] })));
    expect(v.anomalyTypes).toEqual(['G-single-process']);
    expect(v.cycles['G-single-process'][0].explanation).toMatch(/ran on the same process/);
  });

  it('G-single-realtime: a stale read after the append completed', () => {
    const v = la(chain(serial({ p: 0, mops: [['append', 'x', 1]] }, { p: 1, mops: [['r', 'x', []]] }), concurrent({ p: 5, mops: [['r', 'x', [1]]] })));
    expect(v.anomalyTypes).toEqual(['G-single-realtime']);
    expect(v.cycles['G-single-realtime'][0].explanation).toMatch(/completed before .* was invoked/);
    expect(v.not).toEqual(['strong-snapshot-isolation']);
  });

  it('G1a: a read of a failed append', () => {
    const v = la(concurrent({ type: 'fail', mops: [['append', 'x', 1]] }, { mops: [['r', 'x', [1]]] }));
    expect(v.anomalyTypes).toEqual(['G1a']);
    expect(v.anomalies.G1a[0].explanation).toMatch(/which failed/);
  });

  it('G1b: a read of an intermediate state', () => {
    const v = la(concurrent({ mops: [['append', 'x', 1], ['append', 'x', 2]] }, { mops: [['r', 'x', [1]]] }, { mops: [['r', 'x', [1, 2]]] }));
    expect(v.anomalyTypes).toEqual(['G1b']);
  });

  it('dirty-update: a committed append after a failed one (also a G1a for the read showing it)', () => {
    const v = la(concurrent({ type: 'fail', mops: [['append', 'x', 1]] }, { mops: [['append', 'x', 2]] }, { mops: [['r', 'x', [1, 2]]] }));
    expect(v.anomalyTypes).toEqual(['G1a', 'dirty-update']);
  });

  it('lost-update: two transactions read the same version and both append (each missed the other: a G2-item too)', () => {
    const v = la(concurrent({ mops: [['r', 'x', []], ['append', 'x', 1]] }, { mops: [['r', 'x', []], ['append', 'x', 2]] }));
    expect(v.anomalyTypes).toEqual(['G2-item', 'lost-update']);
    expect(v.cycles['G2-item'][0].explanation).toMatch(/read key "x" as \[\], all any read saw of it, without [12], which T\d+ \(process [01]\) appended and no read saw, so later/);
    expect(v.not).toEqual(['repeatable-read', 'snapshot-isolation']);
  });

  it('internal: a read that misses the transaction\'s own append', () => {
    const v = la(concurrent({ mops: [['append', 'x', 1]] }, { mops: [['r', 'x', [1]], ['append', 'x', 2], ['r', 'x', [1]]] }));
    expect(v.anomalyTypes).toEqual(['internal']);
    expect(v.anomalies.internal[0].expected).toEqual([1, 2]);
  });

  it('duplicate-elements', () => {
    const v = la(concurrent({ mops: [['append', 'x', 1]] }, { mops: [['r', 'x', [1, 1]]] }));
    expect(v.anomalyTypes).toEqual(['duplicate-elements']);
  });

  it('incompatible-order', () => {
    const v = la(concurrent({ mops: [['append', 'x', 1]] }, { mops: [['append', 'x', 2]] }, { mops: [['r', 'x', [1, 2]]] }, { mops: [['r', 'x', [2, 1]]] }));
    expect(v.anomalyTypes).toEqual(['incompatible-order']);
  });

  it('future-read', () => {
    const v = la(concurrent({ mops: [['r', 'x', [1]], ['append', 'x', 1]] }));
    expect(v.anomalyTypes).toEqual(['future-read']);
  });

  it('an append no read shows came after every read of its key', () => {
    const v = la(concurrent({ mops: [['append', 'x', 1], ['append', 'y', 1]] }, { mops: [['append', 'x', 2]] }, { mops: [['r', 'x', [2]], ['r', 'y', [1]]] }));
    expect(v.anomalyTypes).toEqual(['G-single']);
  });

  it('garbage-read', () => {
    const v = la(concurrent({ mops: [['append', 'x', 1]] }, { mops: [['r', 'x', [1, 9]]] }));
    expect(v.anomalyTypes).toEqual(['garbage-read']);
  });

  it('bounded output: counts every case, keeps a handful', () => {
    const txns = [];
    for (let i = 0; i < 40; i++) txns.push({ type: 'fail' as const, mops: [['append', i, 1]] }, { mops: [['r', i, [1]]] });
    const v = checkTxn(concurrent(...txns), { model: 'list-append', limit: 3 });
    expect(v.counts.G1a).toBe(40);
    expect(v.anomalies.G1a).toHaveLength(3);
  });
});

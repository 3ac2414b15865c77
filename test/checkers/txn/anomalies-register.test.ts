import { describe, expect, it } from 'vitest';
import { checkTxn } from '../../../checkers/txn/index.js';
import { chain, concurrent, serial } from './support.js';

const wr = (h: Parameters<typeof checkTxn>[0], models = ['strict-serializable']) => checkTxn(h, { model: 'rw-register', consistencyModels: models });

describe('txn rw-register: one history per anomaly class', () => {
  it('G1c: each reads the other one\'s write', () => {
    const v = wr(concurrent({ mops: [['w', 'x', 1], ['r', 'y', 1]] }, { mops: [['w', 'y', 1], ['r', 'x', 1]] }));
    expect(v.anomalyTypes).toEqual(['G1c']);
    expect(v.cycles.G1c[0].explanation).toMatch(/wrote key "x" = 1 and T\d+ \(process 1\) read it/);
  });

  it('G-single: read skew against the initial state', () => {
    const v = wr(concurrent({ mops: [['r', 'x', null], ['r', 'y', 2]] }, { mops: [['w', 'x', 1], ['w', 'y', 2]] }));
    expect(v.anomalyTypes).toEqual(['G-single']);
    expect(v.cycles['G-single'][0].explanation).toMatch(/read key "x" as nil \(its initial state\)/);
  });

  it('G2-item: write skew', () => {
    const v = wr(concurrent({ mops: [['r', 'x', null], ['r', 'y', null], ['w', 'x', 1]] }, { mops: [['r', 'x', null], ['r', 'y', null], ['w', 'y', 1]] }));
    expect(v.anomalyTypes).toEqual(['G2-item']);
    expect(checkTxn(concurrent({ mops: [['r', 'x', null], ['r', 'y', null], ['w', 'x', 1]] }, { mops: [['r', 'x', null], ['r', 'y', null], ['w', 'y', 1]] }), { model: 'rw-register', consistencyModels: ['snapshot-isolation'] }).valid).toBe(true);
  });

  it('G0 and cyclic-versions: two read-then-write transactions order 1 and 2 both ways', () => {
    const v = wr(concurrent({ mops: [['r', 'x', 1], ['w', 'x', 2]] }, { mops: [['r', 'x', 2], ['w', 'x', 1]] }));
    expect(v.anomalyTypes).toContain('cyclic-versions');
    expect(v.anomalyTypes).toContain('G0');
  });

  it('G1a, G1b, garbage-read', () => {
    expect(wr(concurrent({ type: 'fail', mops: [['w', 'x', 1]] }, { mops: [['r', 'x', 1]] })).anomalyTypes).toEqual(['G1a']);
    expect(wr(concurrent({ mops: [['w', 'x', 1], ['w', 'x', 2]] }, { mops: [['r', 'x', 1]] })).anomalyTypes).toEqual(['G1b']);
    expect(wr(concurrent({ mops: [['w', 'x', 1]] }, { mops: [['r', 'x', 7]] })).anomalyTypes).toEqual(['garbage-read']);
  });

  it('internal, future-read', () => {
    expect(wr(concurrent({ mops: [['w', 'x', 1], ['r', 'x', 2]] }, { mops: [['w', 'x', 2]] })).anomalyTypes).toContain('internal');
    expect(wr(concurrent({ mops: [['r', 'x', 1], ['w', 'x', 1]] })).anomalyTypes).toEqual(['future-read']);
  });

  it('lost-update: both read nil, both write (and the G2-item it makes)', () => {
    const v = wr(concurrent({ mops: [['r', 'x', null], ['w', 'x', 1]] }, { mops: [['r', 'x', null], ['w', 'x', 2]] }));
    expect(v.anomalyTypes).toContain('lost-update');
    expect(v.not).toEqual(['repeatable-read', 'snapshot-isolation']);
  });

  it('G-single-realtime: a stale read of nil after a completed write', () => {
    const v = wr(chain(serial({ p: 0, mops: [['w', 'x', 1]] }, { p: 1, mops: [['r', 'x', null]] })));
    expect(v.anomalyTypes).toEqual(['G-single-realtime']);
    expect(wr(serial({ p: 0, mops: [['w', 'x', 1]] }, { p: 1, mops: [['r', 'x', null]] }), ['serializable']).valid).toBe(true);
  });

  it('a bad micro-op names the op', () => {
    expect(() => wr(concurrent({ mops: [['append', 'x', 1]] }))).toThrow(/op 1 \(process 0\): micro-op 0: unknown function "append"/);
  });
});

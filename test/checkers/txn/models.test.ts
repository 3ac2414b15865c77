import { describe, expect, it } from 'vitest';
import { checkTxn, CONSISTENCY_MODELS, forbids } from '../../../checkers/txn/index.js';
import type { History } from '../../../core/op.js';
import { chain, concurrent, serial } from './support.js';

const valid = (h: History, m: string): unknown => checkTxn(h, { model: 'list-append', consistencyModels: [m] }).valid;

const aborted = concurrent({ type: 'fail', mops: [['append', 'x', 1]] }, { mops: [['r', 'x', [1]]] });
const readSkew = concurrent(
  { mops: [['append', 'x', 1], ['append', 'y', 1]] },
  { mops: [['r', 'x', [1]], ['r', 'y', [1, 2]]] },
  { mops: [['append', 'x', 2], ['append', 'y', 2]] },
  { mops: [['r', 'x', [1, 2]]] },
);
const writeSkew = concurrent(
  { mops: [['r', 'x', []], ['r', 'y', []], ['append', 'x', 1]] },
  { mops: [['r', 'x', []], ['r', 'y', []], ['append', 'y', 1]] },
  { mops: [['r', 'x', [1]], ['r', 'y', [1]]] },
);
const staleOtherProcess = chain(serial({ p: 0, mops: [['append', 'x', 1]] }, { p: 1, mops: [['r', 'x', []]] }), concurrent({ p: 5, mops: [['r', 'x', [1]]] }));
const staleSameProcess = chain(serial({ p: 0, mops: [['append', 'x', 1]] }, { p: 0, mops: [['r', 'x', []]] }), concurrent({ p: 5, mops: [['r', 'x', [1]]] }));
const fine = chain(concurrent({ mops: [['append', 'x', 1], ['r', 'y', []]] }, { mops: [['r', 'x', [1]], ['append', 'y', 1]] }), serial({ mops: [['r', 'x', [1]], ['r', 'y', [1]]] }));

describe('txn consistency models: barely allowed histories', () => {
  it('read-uncommitted allows an aborted read; read-committed does not', () => {
    expect(valid(aborted, 'read-uncommitted')).toBe(true);
    expect(valid(aborted, 'read-committed')).toBe(false);
  });
  it('read-committed allows read skew; repeatable-read and snapshot-isolation do not', () => {
    expect(valid(readSkew, 'read-committed')).toBe(true);
    expect(valid(readSkew, 'repeatable-read')).toBe(false);
    expect(valid(readSkew, 'snapshot-isolation')).toBe(false);
  });
  it('snapshot-isolation allows write skew; serializable and repeatable-read do not', () => {
    expect(valid(writeSkew, 'snapshot-isolation')).toBe(true);
    expect(valid(writeSkew, 'strong-session-snapshot-isolation')).toBe(true);
    expect(valid(writeSkew, 'serializable')).toBe(false);
    expect(valid(writeSkew, 'repeatable-read')).toBe(false);
  });
  it('serializable and strong-session-serializable allow a stale read by another process; strict-serializable does not', () => {
    expect(valid(staleOtherProcess, 'serializable')).toBe(true);
    expect(valid(staleOtherProcess, 'repeatable-read')).toBe(true);
    expect(valid(staleOtherProcess, 'strong-session-serializable')).toBe(true);
    expect(valid(staleOtherProcess, 'strict-serializable')).toBe(false);
  });
  it('strong-session models forbid a stale read by the same process', () => {
    expect(valid(staleSameProcess, 'serializable')).toBe(true);
    expect(valid(staleSameProcess, 'strong-session-snapshot-isolation')).toBe(false);
    expect(valid(staleSameProcess, 'strong-session-serializable')).toBe(false);
  });
  it('strict-serializable allows a concurrent history with a serial order', () => {
    for (const m of CONSISTENCY_MODELS) expect(valid(fine, m)).toBe(true);
  });
  it('the table: stronger models forbid at least what weaker ones do', () => {
    expect(forbids('snapshot-isolation', 'G-single')).toBe(true);
    expect(forbids('snapshot-isolation', 'G2-item')).toBe(false);
    expect(forbids('serializable', 'G-single-realtime')).toBe(false);
    expect(forbids('strict-serializable', 'G0-realtime')).toBe(true);
    expect(forbids('read-uncommitted', 'G1a')).toBe(false);
    expect(forbids('read-committed', 'incompatible-order')).toBe(true);
  });
  it('an unknown model is an error; Elle\'s names are accepted', () => {
    expect(() => valid(fine, 'linearizable-ish')).toThrow(/unknown consistency model/);
    expect(valid(fine, 'strong-serializable')).toBe(true);
  });
});

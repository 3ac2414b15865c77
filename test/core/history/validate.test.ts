import { describe, expect, it } from 'vitest';
import { checkHeader, checkOp, encodeOp, historyProblem, indexOrderProblem, makeHeader } from '../../../core/history/index.js';

const op = { index: 0, time: 0, process: 0, type: 'invoke', f: 'read', value: null };

describe('checkOp', () => {
  it('accepts a minimal op and drops unknown fields', () => {
    expect(checkOp({ ...op, extra: 1 })).toEqual({ ok: true, value: op });
  });
  it('keeps key, node and error', () => {
    const full = { ...op, process: 'nemesis', key: 7, node: 'n1', error: 'x' };
    expect(checkOp(full)).toEqual({ ok: true, value: full });
  });
  it.each([
    [null, 'expected an op object, got null'],
    [[1], 'expected an op object, got [1]'],
    [{ ...op, index: 1.5 }, 'bad "index" 1.5 (expected an integer ≥ 0)'],
    [{ ...op, f: '' }, 'bad "f" "" (expected a non-empty string)'],
    [{ ...op, value: undefined }, 'missing field "value"'],
  ])('rejects %j', (raw, problem) => {
    expect(checkOp(raw)).toEqual({ ok: false, problem });
  });
});

describe('index order and whole histories', () => {
  it('requires strictly increasing indices', () => {
    expect(indexOrderProblem(undefined, 0)).toBeUndefined();
    expect(indexOrderProblem(3, 4)).toBeUndefined();
    expect(indexOrderProblem(3, 3)).toMatch(/does not increase/);
    expect(historyProblem([op, { ...op, index: 2 }, { ...op, index: 1 }])).toEqual({
      position: 2,
      problem: 'index 1 does not increase (previous op has index 2)',
    });
    expect(historyProblem([op])).toBeUndefined();
  });
});

describe('header and encoding', () => {
  it('builds and checks headers', () => {
    expect(makeHeader({ version: 9, seed: 1 })).toEqual({ seed: 1, faultline: 'history', version: 1 });
    expect(checkHeader(makeHeader())).toEqual({ ok: true, value: { faultline: 'history', version: 1 } });
    expect(checkHeader({ faultline: 'history', version: '1' })).toMatchObject({ ok: false });
  });
  it('encodes ops as one line in a fixed field order', () => {
    expect(encodeOp({ error: 'e', value: undefined, f: 'read', type: 'info', process: 2, time: 5, index: 1 })).toBe(
      '{"index":1,"time":5,"process":2,"type":"info","f":"read","value":null,"error":"e"}\n',
    );
  });
});

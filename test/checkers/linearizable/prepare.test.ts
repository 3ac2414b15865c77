/**
 * From history to partitions: pairing, the meaning of fail / info / no completion, dropping,
 * and splitting by key and by the model's own partition.
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../../checkers/linearizable/model.js';
import { findModel } from '../../../checkers/linearizable/models/registry.js';
import { pairOps, prepareHistory } from '../../../checkers/linearizable/prepare.js';
import { hist } from './history.js';

function model(name: string): Model<unknown> {
  const m = findModel(name);
  if (m === undefined) throw new Error(name);
  return m;
}

describe('pairOps', () => {
  const h = hist(
    [0, 'invoke', 'write', 1],
    ['nemesis', 'invoke', 'start', null],
    [1, 'invoke', 'cas', [1, 2]],
    [0, 'ok', 'write', 1],
    [1, 'fail', 'cas', [1, 2]],
    [2, 'invoke', 'write', 3],
    [2, 'info', 'write', 3],
    [3, 'invoke', 'read', null],
    [3, 'info', 'read', null],
    [4, 'invoke', 'read', null],
    [4, 'fail', 'read', null],
    [5, 'ok', 'write', 9],
    [6, 'invoke', 'cas', [3, 4]],
  );

  it('pairs by process, in invocation order, with positions and outcomes', () => {
    const ops = pairOps(h, model('cas-register'));
    expect(ops.map((o) => [o.index, o.f, o.outcome, o.call, o.ret])).toEqual([
      [0, 'write', 'ok', 0, 3],
      [2, 'cas', 'fail', 2, 4],
      [5, 'write', 'info', 5, Infinity],
      [12, 'cas', 'info', 12, Infinity],
    ]);
    expect(ops[1].output).toEqual([1, 2]);
    expect(ops[2].output).toBeUndefined();
  });

  it('drops failed cas in cas-register-noop, indeterminate and failed reads everywhere', () => {
    const ops = pairOps(h, model('cas-register-noop'));
    expect(ops.map((o) => o.index)).toEqual([0, 5, 12]);
  });
});

describe('prepareHistory', () => {
  const h = hist(
    [0, 'invoke', 'put', 'a', 'x'], [0, 'ok', 'put', 'a', 'x'],
    [1, 'invoke', 'get', null, 'y'], [1, 'ok', 'get', '', 'y'],
    [0, 'invoke', 'append', 'b', 'x'], [0, 'ok', 'append', 'b', 'x'],
  );

  it('splits by key, in order of first appearance', () => {
    const p = prepareHistory(h, model('kv'), true);
    expect(p.keyed).toBe(true);
    expect(p.ops).toBe(3);
    expect(p.partitions.map((x) => [x.key, x.ops.length])).toEqual([['x', 2], ['y', 1]]);
  });

  it('keeps one partition when not splitting', () => {
    const p = prepareHistory(h, model('kv'), false);
    expect(p.partitions.map((x) => [x.key, x.ops.length])).toEqual([[null, 3]]);
  });

  it("applies the model's own partition after the key split", () => {
    const byF: Model<unknown> = {
      ...model('kv'),
      partition: (ops) => [ops.filter((o) => o.f === 'get'), ops.filter((o) => o.f !== 'get')].filter((g) => g.length > 0),
    };
    const p = prepareHistory(h, byF, true);
    expect(p.partitions.map((x) => [x.key, x.ops.map((o) => o.f)])).toEqual([['x', ['put', 'append']], ['y', ['get']]]);
  });

  it('names an op whose function the model does not know', () => {
    expect(() => prepareHistory(hist([0, 'invoke', 'incr', 1]), model('kv'), true)).toThrow(
      /op 0: model kv has no function "incr" \(it knows get, put, append\)/,
    );
  });
});

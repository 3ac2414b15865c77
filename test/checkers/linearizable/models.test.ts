/**
 * Unit tests of each model, through the checker on tiny histories and through `step` directly.
 */
import { describe, expect, it } from 'vitest';
import { checkLinearizable, findModel, MODEL_NAMES } from '../../../checkers/linearizable/index.js';
import type { Model, ModelOp } from '../../../checkers/linearizable/model.js';
import { hist } from './history.js';

function op(f: string, input: unknown, output: unknown, outcome: ModelOp['outcome'] = 'ok', key?: string): ModelOp {
  return { index: 0, process: 0, f, input, output, outcome, call: 0, ret: outcome === 'info' ? Infinity : 1, ...(key === undefined ? {} : { key }) };
}

function model(name: string): Model<unknown> {
  const m = findModel(name);
  if (m === undefined) throw new Error(name);
  return m;
}

/** Runs `ops` in order from the initial state; the states' descriptions, or 'illegal'. */
function run(name: string, ...ops: ModelOp[]): string {
  const m = model(name);
  let s = m.init();
  for (const o of ops) {
    const next = m.step(s, o);
    if (next === undefined) return 'illegal';
    s = next;
  }
  return m.describeState(s);
}

describe('registry', () => {
  it('knows the seven models', () => {
    expect([...MODEL_NAMES].sort()).toEqual(['cas-register', 'cas-register-noop', 'fifo-queue', 'kv', 'mutex', 'register', 'set']);
    expect(findModel('nope')).toBeUndefined();
  });
  it('rejects an unknown model name', async () => {
    await expect(checkLinearizable([], 'nope')).rejects.toThrow(/unknown model "nope"/);
  });
});

describe('register', () => {
  it('starts nil, reads what was written', () => {
    expect(run('register')).toBe('register = nil');
    expect(run('register', op('read', null, null))).toBe('register = nil');
    expect(run('register', op('write', 3, 3), op('read', null, 3))).toBe('register = 3');
    expect(run('register', op('write', 3, 3), op('read', null, 4))).toBe('illegal');
  });
  it('an indeterminate read accepts anything', () => {
    expect(run('register', op('read', null, undefined, 'info'))).toBe('register = nil');
  });
  it('stale read after a completed write is invalid; concurrent read may see either', async () => {
    const stale = hist([0, 'invoke', 'write', 1], [0, 'ok', 'write', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', null]);
    expect((await checkLinearizable(stale, 'register')).valid).toBe(false);
    const concurrent = hist([0, 'invoke', 'write', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', null], [0, 'ok', 'write', 1]);
    expect((await checkLinearizable(concurrent, 'register')).valid).toBe(true);
  });
  it('a failed write did not happen; an info write may have', async () => {
    const failed = hist([0, 'invoke', 'write', 1], [0, 'fail', 'write', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', 1]);
    expect((await checkLinearizable(failed, 'register')).valid).toBe(false);
    const info = hist([0, 'invoke', 'write', 1], [0, 'info', 'write', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', 1]);
    expect((await checkLinearizable(info, 'register')).valid).toBe(true);
    const never = hist([0, 'invoke', 'write', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', null]);
    expect((await checkLinearizable(never, 'register')).valid).toBe(false);
  });
  it('a failed read is dropped', async () => {
    const h = hist([0, 'invoke', 'read', null], [0, 'fail', 'read', null]);
    const v = await checkLinearizable(h, 'register');
    expect(v.valid).toBe(true);
    expect(v.stats.ops).toBe(0);
  });
});

describe('cas-register', () => {
  it('ok cas needs the expected value; fail cas needs another', () => {
    expect(run('cas-register', op('write', 3, 3), op('cas', [3, 0], [3, 0]))).toBe('register = 0');
    expect(run('cas-register', op('write', 3, 3), op('cas', [2, 0], [2, 0]))).toBe('illegal');
    expect(run('cas-register', op('write', 3, 3), op('cas', [2, 0], [2, 0], 'fail'))).toBe('register = 3');
    expect(run('cas-register', op('write', 3, 3), op('cas', [3, 0], [3, 0], 'fail'))).toBe('illegal');
    expect(run('cas-register', op('cas', [null, 1], null))).toBe('register = 1');
  });
  it('an indeterminate cas takes effect exactly when it matches', () => {
    expect(run('cas-register', op('write', 3, 3), op('cas', [3, 0], undefined, 'info'))).toBe('register = 0');
    expect(run('cas-register', op('write', 3, 3), op('cas', [1, 0], undefined, 'info'))).toBe('register = 3');
  });
  it('a fail cas is an observation in cas-register and a no-op in cas-register-noop', async () => {
    // register is 3 throughout; a cas [3 0] that "failed" contradicts it
    const h = hist(
      [0, 'invoke', 'write', 3], [0, 'ok', 'write', 3],
      [1, 'invoke', 'cas', [3, 0]], [1, 'fail', 'cas', [3, 0]],
      [0, 'invoke', 'read', null], [0, 'ok', 'read', 3],
    );
    expect((await checkLinearizable(h, 'cas-register')).valid).toBe(false);
    expect((await checkLinearizable(h, 'cas-register-noop')).valid).toBe(true);
  });
  it('rejects a malformed cas value as unknown, naming the op', async () => {
    const h = hist([0, 'invoke', 'cas', 3], [0, 'ok', 'cas', 3]);
    const v = await checkLinearizable(h, 'cas-register');
    expect(v.valid).toBe('unknown');
    expect(v.reason).toMatch(/cas value must be \[expected, new\]/);
  });
  it('describes ops like Jepsen', () => {
    const m = model('cas-register');
    expect(m.describeOp(op('cas', [3, 0], [3, 0], 'fail'))).toBe('cas [3 0] → fail');
    expect(m.describeOp(op('read', null, 2))).toBe('read → 2');
    expect(m.describeOp(op('write', 4, undefined, 'info'))).toBe('write 4 → info');
  });
});

describe('kv', () => {
  it('every key starts as ""; put replaces, append concatenates', () => {
    expect(run('kv', op('get', null, ''))).toBe('kv = ""');
    expect(run('kv', op('get', null, null))).toBe('kv = ""');
    expect(run('kv', op('append', 'a', 'a'), op('append', 'b', 'b'), op('get', null, 'ab'))).toBe('kv = "ab"');
    expect(run('kv', op('append', 'a', 'a'), op('put', 'x', 'x'), op('get', null, 'x'))).toBe('kv = "x"');
    expect(run('kv', op('append', 'a', 'a'), op('get', null, 'b'))).toBe('illegal');
  });
  it('keys are independent, split or not', async () => {
    const h = hist(
      [0, 'invoke', 'append', 'x', 'k1'], [0, 'ok', 'append', 'x', 'k1'],
      [1, 'invoke', 'get', null, 'k2'], [1, 'ok', 'get', '', 'k2'],
      [1, 'invoke', 'get', null, 'k1'], [1, 'ok', 'get', 'x', 'k1'],
    );
    expect((await checkLinearizable(h, 'kv')).keysChecked).toBe(2);
    expect((await checkLinearizable(h, 'kv')).valid).toBe(true);
    const unsplit = await checkLinearizable(h, 'kv', { splitByKey: false });
    expect(unsplit.valid).toBe(true);
    expect(unsplit.keysChecked).toBe(1);
    const bad = hist(...h.map((o): [number, typeof o.type, string, unknown, string] => [o.process as number, o.type, o.f, o.index === 3 ? 'x' : o.value, o.key as string]));
    expect((await checkLinearizable(bad, 'kv')).valid).toBe(false);
    expect((await checkLinearizable(bad, 'kv', { splitByKey: false })).valid).toBe(false);
  });
});

describe('mutex', () => {
  it('acquire needs it free, release needs it held', () => {
    expect(run('mutex', op('acquire', null, null))).toBe('mutex = held');
    expect(run('mutex', op('acquire', null, null), op('acquire', null, null))).toBe('illegal');
    expect(run('mutex', op('acquire', null, null), op('release', null, null))).toBe('mutex = free');
    expect(run('mutex', op('release', null, null))).toBe('illegal');
  });
  it('two overlapping successful acquires without a release are invalid', async () => {
    const h = hist([0, 'invoke', 'acquire', null], [1, 'invoke', 'acquire', null], [0, 'ok', 'acquire', null], [1, 'ok', 'acquire', null]);
    expect((await checkLinearizable(h, 'mutex')).valid).toBe(false);
    const failed = hist([0, 'invoke', 'acquire', null], [1, 'invoke', 'acquire', null], [0, 'ok', 'acquire', null], [1, 'fail', 'acquire', null]);
    expect((await checkLinearizable(failed, 'mutex')).valid).toBe(true);
  });
});

describe('fifo-queue', () => {
  it('dequeues in order, null when empty', () => {
    expect(run('fifo-queue', op('enqueue', 1, 1), op('enqueue', 2, 2), op('dequeue', null, 1))).toBe('queue = [2]');
    expect(run('fifo-queue', op('enqueue', 1, 1), op('enqueue', 2, 2), op('dequeue', null, 2))).toBe('illegal');
    expect(run('fifo-queue', op('dequeue', null, null))).toBe('queue = []');
    expect(run('fifo-queue', op('enqueue', 1, 1), op('dequeue', null, null))).toBe('illegal');
    expect(run('fifo-queue', op('enqueue', 1, 1), op('dequeue', null, undefined, 'info'))).toBe('queue = []');
  });
  it('a value dequeued twice is invalid', async () => {
    const h = hist(
      [0, 'invoke', 'enqueue', 1], [0, 'ok', 'enqueue', 1],
      [1, 'invoke', 'dequeue', null], [1, 'ok', 'dequeue', 1],
      [2, 'invoke', 'dequeue', null], [2, 'ok', 'dequeue', 1],
    );
    expect((await checkLinearizable(h, 'fifo-queue')).valid).toBe(false);
  });
});

describe('set', () => {
  it('reads are compared as sets', () => {
    expect(run('set', op('add', 2, 2), op('add', 1, 1), op('read', null, [1, 2]))).toBe('set = #{1 2}');
    expect(run('set', op('add', 2, 2), op('add', 1, 1), op('read', null, [2, 1, 1]))).toBe('set = #{1 2}');
    expect(run('set', op('add', 2, 2), op('read', null, [1, 2]))).toBe('illegal');
    expect(run('set', op('read', null, []))).toBe('set = #{}');
    expect(run('set', op('add', 'a', 'a'), op('add', 'a', 'a'))).toBe('set = #{"a"}');
  });
  it('a read missing an acknowledged add is invalid', async () => {
    const h = hist([0, 'invoke', 'add', 1], [0, 'ok', 'add', 1], [1, 'invoke', 'read', null], [1, 'ok', 'read', []]);
    expect((await checkLinearizable(h, 'set')).valid).toBe(false);
  });
});

describe('history shape', () => {
  it('an unknown function makes the verdict unknown with the op named', async () => {
    const h = hist([0, 'invoke', 'frob', 1], [0, 'ok', 'frob', 1]);
    const v = await checkLinearizable(h, 'register');
    expect(v.valid).toBe('unknown');
    expect(v.reason).toMatch(/op 0: model register has no function "frob"/);
  });
  it('nemesis ops are ignored; an empty history is valid', async () => {
    expect((await checkLinearizable([], 'register')).valid).toBe(true);
    const h = hist(['nemesis', 'invoke', 'start', null], ['nemesis', 'info', 'start', null]);
    expect((await checkLinearizable(h, 'register')).valid).toBe(true);
  });
});

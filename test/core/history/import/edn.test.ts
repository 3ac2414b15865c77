import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../core/errors.js';
import { parseEdnHistory } from '../../../../core/history/import/edn.js';
import { VECTORS, caught } from '../helpers.js';

const KV = join(VECTORS, 'kv');
const load = (name: string) => parseEdnHistory(readFileSync(join(KV, name), 'utf8'), name);

describe('parseEdnHistory on the kv vectors', () => {
  it.each([
    ['c01-ok.txt', 116],
    ['c01-bad.txt', 76],
    ['c10-ok.txt', 674],
    ['c10-bad.txt', 810],
    ['c50-ok.txt', 3424],
    ['c50-bad.txt', 4048],
  ])('%s has %i ops', (name, n) => {
    expect(load(name)).toHaveLength(n);
  });

  it('maps keywords, strings and nil', () => {
    const h = load('c50-ok.txt');
    expect(h[0]).toEqual({ index: 0, time: 0, process: 6, type: 'invoke', f: 'append', key: '0', value: 'x 6 0 y' });
    expect(h[3]).toEqual({ index: 3, time: 3, process: 8, type: 'invoke', f: 'get', key: '9', value: null });
    expect(load('c50-bad.txt')[4047]).toEqual({ index: 4047, time: 4047, process: 43, type: 'ok', f: 'append', key: '1', value: 'x 43 9 y' });
  });

  it('reads the one-vector form like the one-per-line form', () => {
    const lines = readFileSync(join(KV, 'c01-ok.txt'), 'utf8').trimEnd().split('\n');
    const asVector = `[${lines.join('\n ')}]\n`;
    expect(parseEdnHistory(asVector, 'v.edn')).toEqual(load('c01-ok.txt'));
  });
});

describe('parseEdnHistory on small texts', () => {
  it('reads every field, nemesis ops, comments, sets, lists and multi-line maps', () => {
    const text = [
      '; a Jepsen history',
      '{:index 3, :time 1500, :process :nemesis, :type :info, :f :start, :value #{"n1"}, :error [:net "down"]}',
      '{:index 4, :time 1600, :process 2, :type :invoke, :f :txn, :value ([:r 1 nil]), :node "n2", :key 9}',
      '{:index 5',
      ' :time 1700 :process 2 :type :ok :f :txn :value {:a 1}}',
    ].join('\n');
    expect(parseEdnHistory(text, 'x.edn')).toEqual([
      { index: 3, time: 1500, process: 'nemesis', type: 'info', f: 'start', value: ['n1'], error: '["net","down"]' },
      { index: 4, time: 1600, process: 2, type: 'invoke', f: 'txn', value: [['r', 1, null]], node: 'n2', key: 9 },
      { index: 5, time: 1700, process: 2, type: 'ok', f: 'txn', value: { a: 1 } },
    ]);
  });

  it('reads ## inside strings, comments and multi-line strings as text', () => {
    const text = `{:process 0, :type :invoke, :f :write, :value "a ##NaN b"} ; ##Inf\n{:process 0, :type :ok, :f :write, :value "x\n ##NaN"}\n`;
    expect(parseEdnHistory(text, 'e.edn').map((o) => o.value)).toEqual(['a ##NaN b', 'x\n ##NaN']);
  });

  it('reads empty inputs', () => {
    expect(parseEdnHistory('', 'e.edn')).toEqual([]);
    expect(parseEdnHistory('[]\n', 'e.edn')).toEqual([]);
  });

  const OP = '{:process 0, :type :invoke, :f :read, :value nil}';
  it.each([
    ['unclosed map', `${OP}\n{:process 1, :type :ok\n${OP}\n`, 2, 'malformed EDN: unclosed map, vector or string'],
    ['unterminated string', `${OP}\n${OP}\n{:process 1, :type :ok, :f :read, :value "abc}\n`, 3, 'malformed EDN: unclosed map, vector or string'],
    ['stray ]', `${OP}\n${OP}]\n`, 2, 'malformed EDN: unbalanced brackets'],
    ['stray )', `${OP}\n${OP})\n`, 2, "malformed EDN: unexpected ')'"],
    ['bad escape', `${OP}\n{:process 1, :type :ok, :f :read, :value "\\q"}\n`, 2, 'malformed EDN: Unexpected escape character: \\q'],
    ['not a map', `${OP}\nhello\n`, 2, 'expected an op map, got a symbol'],
    ['missing :process', `${OP}\n{:type :ok, :f :read}\n`, 2, 'op map has no :process'],
    ['bad :process', `${OP}\n{:process "p", :type :ok, :f :read}\n`, 2, 'bad :process "p" (expected an integer or :nemesis)'],
    ['index goes back', `{:index 5 :process 0, :type :invoke, :f :read}\n{:index 2 :process 0, :type :ok, :f :read}\n`, 2, 'index 2 does not increase (previous op has index 5)'],
    ['vector element', `[${OP}\n ${OP}\n {:process 1 :f :read}\n ${OP}]`, 3, 'op map has no :type'],
    ['vector element spanning lines', `[${OP}\n {:process 1\n  :f :read}\n ${OP}]`, 2, 'op map has no :type'],
    ['unclosed vector', `[${OP}\n ${OP}\n`, 1, 'malformed EDN: vector is not closed'],
    ['symbolic ##NaN', `${OP}\n{:process 0, :type :ok, :f :read, :value ##NaN}\n`, 2, 'EDN symbolic value ##NaN is not supported: op values must be JSON values (no NaN or infinities)'],
    ['symbolic ##-Inf at the end of a map', `${OP}\n{:process 0, :type :ok, :f :read, :value ##-Inf}`, 2, 'EDN symbolic value ##-Inf is not supported: op values must be JSON values (no NaN or infinities)'],
  ])('%s → line %i', async (_name, text, line, problem) => {
    const err = await caught(() => parseEdnHistory(text, 'bad.edn'));
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).line).toBe(line);
    expect(err.message).toBe(`bad.edn:${line}: ${problem}: ${JSON.stringify(text.split('\n')[line - 1])}`);
  });
});

describe('parseEdnHistory on the shapes Jepsen and Knossos write (issue 14 item 3)', () => {
  const ops = [
    '{:type :invoke, :f :write, :value [1 3], :process 0}',
    '{:type :ok, :f :write, :value [1 3], :process 0}',
    '{:type :invoke, :f :read, :value [2 nil], :process 1}',
    '{:type :ok, :f :read, :value [2 nil], :process 1}',
    '{:type :invoke, :f :cas, :value [2 [nil 4]], :process 2}',
    '{:type :fail, :f :cas, :value [2 [nil 4]], :process 2}',
    '{:type :info, :f :start, :value nil, :process :nemesis}',
  ];

  it('reads a top-level list like a top-level vector (Knossos rethink-fail files)', () => {
    const list = `(${ops.join('\n ')})\n`;
    expect(parseEdnHistory(list, 'l.edn')).toEqual(parseEdnHistory(`[${ops.join('\n ')}]`, 'v.edn'));
    expect(parseEdnHistory(list, 'l.edn')).toHaveLength(7);
    expect(parseEdnHistory('()\n', 'e.edn')).toEqual([]);
  });

  it('names an unclosed top-level list', async () => {
    const err = await caught(() => parseEdnHistory(`(${ops[0]}\n ${ops[1]}\n`, 'bad.edn'));
    expect(err.message).toMatch(/^bad\.edn:1: malformed EDN: list is not closed/);
  });

  it('splits Jepsen independent [k v] tuples by key, nemesis ops untouched', () => {
    const h = parseEdnHistory(ops.join('\n'), 'i.edn');
    expect(h.map((o) => o.key)).toEqual([1, 1, 2, 2, 2, 2, undefined]);
    expect(h[1].value).toBe(3);
    expect(h[2].value).toBeNull();
    expect(h[4].value).toEqual([null, 4]);
    expect(h[6]).toMatchObject({ process: 'nemesis', value: null });
  });

  it('leaves a plain cas-register history alone (reads carry nil, cas values are pairs)', () => {
    const plain = [
      '{:type :invoke, :f :cas, :value [1 2], :process 0}',
      '{:type :ok, :f :cas, :value [1 2], :process 0}',
      '{:type :invoke, :f :read, :value nil, :process 1}',
      '{:type :ok, :f :read, :value 2, :process 1}',
    ];
    const h = parseEdnHistory(plain.join('\n'), 'p.edn');
    expect(h.every((o) => o.key === undefined)).toBe(true);
    expect(h[1].value).toEqual([1, 2]);
  });

  it('loads :txn ops with micro-ops as [f k v] arrays (the transactional checker\'s shape)', () => {
    const text = [
      '({:type :invoke, :f :txn, :value [[:r 1 nil] [:w 2 3]], :process 0}',
      ' {:type :ok, :f :txn, :value [[:r 1 nil] [:w 2 3]], :process 0}',
      ' {:type :invoke, :f :txn, :value [[:append :x 2] [:r :x nil]], :process 1}',
      ' {:type :ok, :f :txn, :value [[:append :x 2] [:r :x [1 2]]], :process 1})',
    ].join('\n');
    const h = parseEdnHistory(text, 't.edn');
    expect(h.map((o) => o.f)).toEqual(['txn', 'txn', 'txn', 'txn']);
    expect(h[1].value).toEqual([['r', 1, null], ['w', 2, 3]]);
    expect(h[3].value).toEqual([['append', 'x', 2], ['r', 'x', [1, 2]]]);
    expect(h.every((o) => o.key === undefined)).toBe(true);
  });

  it('renames Knossos multi-register :read/:write micro-ops to r/w', () => {
    const text = '[{:type :invoke, :f :txn, :value [[:read :x nil] [:write :y 2]], :process 3, :time 7}\n {:type :ok, :f :txn, :value [[:read :x 0] [:write :y 2]], :process 3, :time 9}]';
    const h = parseEdnHistory(text, 'm.edn');
    expect(h[1].value).toEqual([['r', 'x', 0], ['w', 'y', 2]]);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../../core/errors.js';
import { parseJepsenLog } from '../../../../core/history/import/jepsen-log.js';
import { VECTORS, caught } from '../helpers.js';

const ETCD = join(VECTORS, 'etcd');
const load = (name: string) => parseJepsenLog(readFileSync(join(ETCD, name), 'utf8'), name);

describe('parseJepsenLog on the etcd vectors', () => {
  it('imports every file: 17046 ops in all, etcd_095 empty', () => {
    const files = readdirSync(ETCD).filter((f) => f.endsWith('.log'));
    expect(files).toHaveLength(103);
    expect(files.reduce((n, f) => n + load(f).length, 0)).toBe(17046);
    expect(load('etcd_095.log')).toEqual([]);
  });

  it('etcd_000: reads, writes, cas and timed-out completions', () => {
    const h = load('etcd_000.log');
    expect(h).toHaveLength(170);
    expect(h[0]).toEqual({ index: 0, time: 0, process: 0, type: 'invoke', f: 'read', value: null });
    expect(h[2]).toEqual({ index: 2, time: 2, process: 2, type: 'invoke', f: 'write', value: 4 });
    expect(h[12]).toEqual({ index: 12, time: 12, process: 0, type: 'ok', f: 'read', value: 3 });
    expect(h[19]).toEqual({ index: 19, time: 19, process: 2, type: 'ok', f: 'cas', value: [3, 0] });
    // :info :write :timed-out repeats the invoked value
    expect(h[60]).toEqual({ index: 60, time: 60, process: 4, type: 'info', f: 'write', value: 1, error: 'timed-out' });
    expect(h[63]).toEqual({ index: 63, time: 63, process: 1, type: 'info', f: 'cas', value: [2, 1], error: 'timed-out' });
  });

  it('files 100-102 separate fields with runs of spaces', () => {
    const h = load('etcd_100.log');
    expect(h.length).toBeGreaterThan(0);
    expect(h.slice(0, 3)).toEqual([
      { index: 0, time: 0, process: 1, type: 'invoke', f: 'write', value: 3 },
      { index: 1, time: 1, process: 2, type: 'invoke', f: 'write', value: 0 },
      { index: 2, time: 2, process: 4, type: 'invoke', f: 'cas', value: [1, 2] },
    ]);
  });
});

describe('parseJepsenLog on small texts', () => {
  it('ignores nemesis and other log lines and handles CRLF', () => {
    const text = [
      '2015-06-01 12:00:00,000{GMT} INFO  jepsen.core - Running test',
      'INFO  jepsen.util - :nemesis\t:info\t:start\tnil',
      'INFO  jepsen.util - 7\t:invoke\t:read\tnil\r',
      'INFO  jepsen.util - 7\t:fail\t:read\t:timed-out',
      '',
    ].join('\n');
    expect(parseJepsenLog(text, 'x.log')).toEqual([
      { index: 0, time: 0, process: 7, type: 'invoke', f: 'read', value: null },
      { index: 1, time: 1, process: 7, type: 'fail', f: 'read', value: null, error: 'timed-out' },
    ]);
  });

  it.each([
    ['INFO  jepsen.util - 3\t:invoke', 'malformed op line (expected process, :type, :f and a value)'],
    ['INFO  jepsen.util - 3\t:begin\t:read\tnil', 'unknown op type ":begin"'],
    ['INFO  jepsen.util - 3\t:invoke\t:add\t1', 'unknown function ":add" (expected :read, :write or :cas)'],
    ['INFO  jepsen.util - 3\t:invoke\t:cas\t[1 x]', 'unparsable value "[1 x]"'],
    ['INFO  jepsen.util - 3\t:ok\t:read\t:timed-out', 'unexpected value ":timed-out" on ok'],
  ])('rejects %j', async (bad, problem) => {
    const text = `INFO  jepsen.util - 1\t:invoke\t:read\tnil\n${bad}\n`;
    const err = await caught(() => parseJepsenLog(text, 'bad.log'));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(`bad.log:2: ${problem}: ${JSON.stringify(bad)}`);
  });
});

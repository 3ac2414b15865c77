import { describe, expect, it } from 'vitest';
import { assertSomethingRead, committedRecords, kafkaOptions, parseBootstrap, pollRecords, rotate, type FetchedTopicPartition, type RawRecord } from '../../../systems/kafka/index.js';
import { UsageError } from '../../../core/errors.js';

const rec = (offset: number, value: number | null, pid?: string, tx = false, control = false): RawRecord => ({
  offset: String(offset),
  value: value === null ? null : Buffer.from(String(value)),
  ...(control ? { isControlRecord: true } : {}),
  ...(pid !== undefined ? { batchContext: { producerId: pid, inTransaction: tx } } : {}),
});

describe('kafka poll records', () => {
  it('drops records of aborted transactions and control records, keeps committed ones', () => {
    const records = [rec(0, 1, 'p1'), rec(1, 2, 'p7', true), rec(2, 3, 'p8', true), rec(3, null, 'p7', true, true), rec(4, null, 'p8', true, true), rec(5, 4, 'p7', true), rec(6, null, 'p7', true, true)];
    const kept = committedRecords(records, [{ producerId: 'p7', firstOffset: '1' }]);
    expect(kept.map((r) => Number(r.offset))).toEqual([0, 2, 5]);
  });

  it('returns pairs at or past the position and moves past the last offset, markers included', () => {
    const records = [rec(3, 30), rec(4, 40), rec(5, null, 'p', true, true)];
    expect(pollRecords(records, [], 4)).toEqual({ pairs: [[4, 40]], next: 6 });
    expect(pollRecords([], [], 7)).toEqual({ pairs: [], next: 7 });
  });

  it('ignores values that are not decimal integers', () => {
    expect(pollRecords([{ offset: '0', value: Buffer.from('hello') }, rec(1, 5)], [], 0).pairs).toEqual([[1, 5]]);
  });
});

describe('kafka options', () => {
  it('defaults to safe mode and faultline\'s own cluster', () => {
    expect(kafkaOptions({})).toMatchObject({ weak: false, bootstrap: undefined, requestTimeoutMs: 4000 });
    expect(kafkaOptions({ kafkaWeak: true, bootstrap: ['a:9092', 'b:19092'], opTimeoutMs: 10_000 })).toMatchObject({ weak: true, bootstrap: ['a:9092', 'b:19092'], requestTimeoutMs: 8000 });
  });

  it('rejects bad bootstrap entries with one line naming the flag', () => {
    expect(parseBootstrap('h1:9092, [fd00::1]:9092')).toEqual(['h1:9092', '[fd00::1]:9092']);
    for (const bad of ['h1', 'h1:0', 'h1:99999', 'h1:9092,,h2:9092', ':9092']) {
      expect(() => parseBootstrap(bad)).toThrow(UsageError);
      expect(() => parseBootstrap(bad)).toThrow(/^--bootstrap: expected host:port/);
    }
    expect(() => kafkaOptions({ kafkaWeak: 'yes' })).toThrow('kafkaWeak must be true or false, got "yes"');
  });

  it('rotates broker lists so connections start at their own node', () => {
    expect(rotate(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotate(['a', 'b', 'c'], 4)).toEqual(['b', 'c', 'a']);
    expect(rotate([], 2)).toEqual([]);
  });
});

describe('kafka fetch results', () => {
  const part = (errorCode: number): FetchedTopicPartition => ({ topic: 'faultline-t0', partition: { partition: 0, errorCode, highWatermark: '0', messages: [] } });

  it('a poll that read no partition fails; one that read some is ok', () => {
    expect(() => assertSomethingRead([part(6), part(6)], [])).toThrow('every partition fetched answered with an error (code 6)');
    expect(() => assertSomethingRead([part(6)], [new Error('Connection error: connect ECONNREFUSED')])).toThrow('ECONNREFUSED');
    expect(() => assertSomethingRead([], [new Error('no leader known for faultline-t1/0')])).toThrow('no leader known');
    expect(() => assertSomethingRead([part(6), part(0)], [new Error('down')])).not.toThrow();
    expect(() => assertSomethingRead([], [])).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { kafkaOptions, ORDERED_TOPIC, orderingKeyOf, orderingPartitions, partitionOf, partitionsOf, pollKeyedRecords, type KeyedRecord } from '../../../systems/kafka/index.js';
import { queueKeys } from '../../../workloads/queue.js';

const rec = (offset: number, key: string | null, value: number | null, pid?: string, control = false): KeyedRecord => ({
  offset: String(offset),
  key: key === null ? null : Buffer.from(key),
  value: value === null ? null : Buffer.from(String(value)),
  ...(control ? { isControlRecord: true } : {}),
  ...(pid !== undefined ? { batchContext: { producerId: pid, inTransaction: true } } : {}),
});

describe('kafka ordering-key mode', () => {
  it('puts a third of the keys (rounded up) into partitions, so several keys share each', () => {
    expect([1, 2, 3, 4, 8, 9, 10].map(orderingPartitions)).toEqual([1, 1, 1, 2, 3, 3, 4]);
    expect(() => orderingPartitions(0)).toThrow(RangeError);
    expect(() => orderingPartitions(2.5)).toThrow(RangeError);
  });

  it('hashes a key with 32-bit FNV-1a (published test vectors) modulo the partitions', () => {
    expect(partitionOf('', 2 ** 32)).toBe(0x811c9dc5);
    expect(partitionOf('a', 2 ** 32)).toBe(0xe40c292c);
    expect(partitionOf('foobar', 2 ** 32)).toBe(0xbf9cf968);
    expect(partitionOf('a', 1000)).toBe(0xe40c292c % 1000);
  });

  it('spreads the queue workload keys t0..t7 over all 3 partitions, each key always to the same one', () => {
    const keys = queueKeys(8);
    const parts = keys.map((k) => partitionOf(k, 3));
    for (const p of parts) expect(p >= 0 && p < 3).toBe(true);
    expect(new Set(parts).size).toBe(3);
    expect(keys.map((k) => partitionOf(k, 3))).toEqual(parts);
    expect(partitionsOf(keys, 3)).toEqual([0, 1, 2]);
    expect(partitionsOf([keys[0], keys[0]], 3)).toEqual([parts[0]]);
  });

  it('reads a record key as UTF-8, none for a keyless record', () => {
    expect(orderingKeyOf(Buffer.from('t3'))).toBe('t3');
    expect(orderingKeyOf(null)).toBeUndefined();
    expect(ORDERED_TOPIC).toBe('faultline-ordered');
  });

  it('groups a partition poll by message key: committed records at or past the position, next past the last offset', () => {
    const records = [rec(4, 't1', 40), rec(5, 't2', 50), rec(6, 't1', 60), rec(7, 't2', 70, 'p9'), rec(8, null, null, 'p9', true), rec(9, null, 90), rec(10, 't2', 100)];
    const { byKey, next } = pollKeyedRecords(records, [{ producerId: 'p9', firstOffset: '7' }], 5);
    expect(byKey).toEqual({ t2: [[5, 50], [10, 100]], t1: [[6, 60]] });
    expect(next).toBe(11);
    expect(pollKeyedRecords([], [], 3)).toEqual({ byKey: {}, next: 3 });
  });

  it('is on when the run options say so, with partitions from the number of keys (default 8)', () => {
    expect(kafkaOptions({}).orderedPartitions).toBeUndefined();
    expect(kafkaOptions({ queueOrderingKeys: true }).orderedPartitions).toBe(3);
    expect(kafkaOptions({ queueOrderingKeys: true, queueKeys: 12 }).orderedPartitions).toBe(4);
    expect(kafkaOptions({ queueOrderingKeys: false, queueKeys: 12 }).orderedPartitions).toBeUndefined();
    expect(() => kafkaOptions({ queueOrderingKeys: 'yes' })).toThrow('queueOrderingKeys must be true or false, got "yes"');
    expect(() => kafkaOptions({ queueOrderingKeys: true, queueKeys: 0 })).toThrow('queueKeys must be a positive integer, got 0');
  });
});

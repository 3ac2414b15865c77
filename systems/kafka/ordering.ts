/**
 * Ordering-key mode of the Kafka client (HStreamDB style, see workloads/queue.ts): the stream
 * keys are ordering keys, sent as Kafka message keys to one topic, {@link ORDERED_TOPIC}, of
 * fewer partitions than keys. Each key goes to the partition {@link partitionOf} names (the
 * client sets it explicitly, so any Kafka-protocol cluster places it the same way), so one
 * key's records stay in one partition in append order while sharing it with other keys; a
 * key's offsets are its partition's and need not be contiguous. Polls report records per
 * message key. Pure; unit-tested.
 */

/** The one topic of ordering-key mode. */
export const ORDERED_TOPIC = 'faultline-ordered';

/** Partitions for `keys` ordering keys: a third of them, rounded up (8 keys → 3 partitions), so several keys share each. Pure. */
export function orderingPartitions(keys: number): number {
  if (!Number.isSafeInteger(keys) || keys < 1) throw new RangeError(`ordering keys: expected a positive integer, got ${String(keys)}`);
  return Math.ceil(keys / 3);
}

/** The partition (0-based, below `partitions`) of ordering key `key`: FNV-1a of its UTF-8 bytes, mod `partitions`. Pure. */
export function partitionOf(key: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(key, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % partitions;
}

/** The ordering key of a fetched record (its message key as UTF-8), undefined for a record without a key. Pure. */
export function orderingKeyOf(key: Buffer | null | undefined): string | undefined {
  return key === null || key === undefined ? undefined : key.toString('utf8');
}

/** The partitions that hold `keys`, ascending, without repeats. Pure. */
export function partitionsOf(keys: readonly string[], partitions: number): number[] {
  return [...new Set(keys.map((k) => partitionOf(k, partitions)))].sort((a, b) => a - b);
}

/**
 * Turning a fetch response's records into what a poll returns. Pure; unit-tested.
 *
 * With `read_committed`, a broker returns records up to the last stable offset, but records of
 * aborted transactions still come back: the client must drop them, using the response's list
 * of aborted transactions (producer id, first offset) and the abort markers (control records)
 * in the log. Control records themselves (commit / abort markers) are never records to the
 * application, but they occupy offsets, so a consumer's position moves past them.
 */

/** A record as fetched: offset (decimal text), value, and its batch's transaction facts. */
export interface RawRecord {
  offset: string;
  value: Buffer | null;
  isControlRecord?: boolean;
  batchContext?: { producerId: string; inTransaction: boolean };
}

/** An aborted transaction: its producer and the first offset it wrote. */
export interface AbortedTxn {
  producerId: string;
  firstOffset: string;
}

/**
 * The records of `records` (in log order) that belong to no aborted transaction and are no
 * control record. A producer's transaction counts as aborted from its listed first offset
 * until the producer's next control record (the abort marker). Pure.
 */
export function committedRecords<R extends RawRecord>(records: readonly R[], aborted: readonly AbortedTxn[] = []): R[] {
  const pending = [...aborted].sort((a, b) => (BigInt(a.firstOffset) < BigInt(b.firstOffset) ? -1 : 1));
  const open = new Set<string>();
  const out: R[] = [];
  for (const r of records) {
    while (pending.length > 0 && BigInt(pending[0].firstOffset) <= BigInt(r.offset)) open.add(pending.shift()!.producerId);
    const pid = r.batchContext?.producerId;
    if (r.isControlRecord) {
      if (pid !== undefined) open.delete(pid);
      continue;
    }
    if (pid !== undefined && r.batchContext?.inTransaction && open.has(pid)) continue;
    out.push(r);
  }
  return out;
}

/**
 * A fetched value as the integer the workload sent, undefined for a value that is not a
 * decimal integer (not written by faultline). Pure.
 */
export function valueOf(value: Buffer | null): number | undefined {
  if (value === null) return undefined;
  const text = value.toString('utf8');
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * The poll result of one key from fetched `records`: `[offset, value]` pairs at or past
 * `position`, committed ones only; and the next position (past the last offset seen, control
 * records included), or `position` when nothing lay past it. Pure.
 */
export function pollRecords(records: readonly RawRecord[], aborted: readonly AbortedTxn[], position: number): { pairs: [number, number][]; next: number } {
  const seen = records.filter((r) => Number(r.offset) >= position);
  const next = seen.reduce((m, r) => Math.max(m, Number(r.offset) + 1), position);
  const pairs: [number, number][] = [];
  for (const r of committedRecords(seen, aborted)) {
    const v = valueOf(r.value);
    if (v !== undefined) pairs.push([Number(r.offset), v]);
  }
  return { pairs, next };
}

/** A fetched record with its message key (ordering-key mode). */
export interface KeyedRecord extends RawRecord {
  key: Buffer | null;
}

/**
 * Ordering-key mode: the poll result of one partition's `records`, grouped by message key
 * (UTF-8; records without a key are skipped) as `[offset, value]` pairs at or past
 * `position`, committed ones only; and the partition's next position, as {@link pollRecords}.
 * Pure.
 */
export function pollKeyedRecords(records: readonly KeyedRecord[], aborted: readonly AbortedTxn[], position: number): { byKey: Record<string, [number, number][]>; next: number } {
  const seen = records.filter((r) => Number(r.offset) >= position);
  const next = seen.reduce((m, r) => Math.max(m, Number(r.offset) + 1), position);
  const byKey: Record<string, [number, number][]> = {};
  for (const r of committedRecords(seen, aborted)) {
    const v = valueOf(r.value);
    if (v === undefined || r.key === null) continue;
    (byKey[r.key.toString('utf8')] ??= []).push([Number(r.offset), v]);
  }
  return { byKey, next };
}

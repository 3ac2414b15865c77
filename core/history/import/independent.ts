/**
 * Jepsen's `independent` histories: many keys tested at once, each client op's `:value` a
 * `[key value]` tuple (e.g. `{:f :cas, :value [3 [1 2]]}`). Checkers split by key through
 * `Op.key`, so the tuple is unpacked into `key` and `value`, as Jepsen's
 * `independent/checker` does. Pure.
 */
import type { History, Op } from '../../op.js';

const isKey = (k: unknown): k is string | number => typeof k === 'string' || (typeof k === 'number' && Number.isFinite(k));

/** True when `op`'s value is a `[key value]` tuple with a string or number key. Pure. */
function isTuple(op: Op): boolean {
  return Array.isArray(op.value) && op.value.length === 2 && isKey(op.value[0]);
}

/**
 * True when the history is an `independent` one: it has client ops, none has a `key` of its
 * own or is a `txn`, and EVERY client op's value (invocations and completions, reads included,
 * whose plain invocation value would be nil) is a `[key value]` tuple. A plain cas-register
 * history never qualifies, since its reads' invocations carry nil. Pure.
 */
export function isIndependent(history: History): boolean {
  let client = 0;
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    client++;
    if (op.key !== undefined || op.f === 'txn' || !isTuple(op)) return false;
  }
  return client > 0;
}

/**
 * Splits an `independent` history ({@link isIndependent}): each client op gets `key` = the
 * tuple's key and `value` = the tuple's value; nemesis ops are unchanged. Any other history is
 * returned as is. Pure (new op objects).
 */
export function splitIndependent(history: History): History {
  if (!isIndependent(history)) return history;
  return history.map((op) => {
    if (op.process === 'nemesis') return op;
    const [key, value] = op.value as [string | number, unknown];
    return { ...op, key, value: value ?? null };
  });
}

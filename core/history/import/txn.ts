/**
 * Jepsen `:f :txn` ops: the value is a vector of micro-ops `[f k v]`. After EDN → plain data
 * they are arrays like `['r', 1, null]`, `['w', 2, 3]`, `['append', 'x', 2]`; Knossos's
 * multi-register histories spell reads and writes `:read` / `:write`, which are renamed to
 * `r` / `w` here so the transactional checker sees one shape. Pure.
 */
import type { History, Op } from '../../op.js';

const RENAME: Readonly<Record<string, string>> = { read: 'r', write: 'w' };

/** The micro-ops of a txn value with `read`/`write` renamed to `r`/`w`; other values as they are. Pure. */
export function normalizeMicroOps(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((m: unknown) => (Array.isArray(m) && typeof m[0] === 'string' && RENAME[m[0]] !== undefined ? [RENAME[m[0]], ...m.slice(1)] : m));
}

/** The history with every client `txn` op's micro-ops normalised ({@link normalizeMicroOps}). Pure. */
export function normalizeTxnOps(history: History): History {
  if (!history.some((op) => op.f === 'txn' && op.process !== 'nemesis')) return history;
  return history.map((op): Op => (op.f === 'txn' && op.process !== 'nemesis' ? { ...op, value: normalizeMicroOps(op.value) } : op));
}

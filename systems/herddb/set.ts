/**
 * The set workload's client on HerdDB: each element a row of table {@link SET_TABLE}.
 *
 * - `add` e → `INSERT`; `ok` with e; a duplicate key is a rejection (`fail`), which for our
 *   unique elements would mean an earlier attempt of the same add was applied;
 * - `read` → `SELECT` of every row; `ok` with the elements in ascending order.
 */
import type { Op } from '../../core/op.js';
import type { Completion } from '../../core/plugins.js';
import type { Stmt } from './bridge.js';
import { failedCompletion } from './failure.js';
import type { BridgeSession } from './session.js';

/** The set's table. */
export const SET_TABLE = 'faultline_set';

/** Creates the table (an "already exists" answer is fine). */
export const SET_SCHEMA: readonly Stmt[] = [{ sql: `CREATE TABLE ${SET_TABLE} (e int primary key)` }];

/** The statement of a set op, or an error for a malformed op. Pure. */
export function setStatement(op: Pick<Op, 'f' | 'value'>): Stmt | string {
  switch (op.f) {
    case 'add':
      if (typeof op.value !== 'number' || !Number.isInteger(op.value)) return `add needs an integer, got ${JSON.stringify(op.value)}`;
      return { sql: `INSERT INTO ${SET_TABLE}(e) VALUES(?)`, params: [op.value] };
    case 'read':
      return { sql: `SELECT e FROM ${SET_TABLE}`, query: true };
    default:
      return `set has no op ${JSON.stringify(op.f)} (add, read)`;
  }
}

/** Runs a set `add` or `read` through `session`; see the module notes. */
export async function invokeSet(session: BridgeSession, op: Op): Promise<Completion> {
  const stmt = setStatement(op);
  if (typeof stmt === 'string') return { type: 'fail', value: op.value, error: stmt };
  const a = await session.exec([stmt]);
  if (!a.ok) return failedCompletion(op.f === 'read' ? 'read' : 'write', op.value, a);
  if (op.f === 'add') return { type: 'ok', value: op.value };
  const r = a.results[0];
  const rows = r !== undefined && 'rows' in r ? r.rows : [];
  return { type: 'ok', value: rows.map((row) => Number(row[0])).sort((x, y) => x - y) };
}

/**
 * The register workload's client on HerdDB: independent registers, one row per op key in
 * table {@link REGISTER_TABLE} (`k` the key as text, `v` the value).
 *
 * - `read` → `SELECT v ... WHERE k=?`; `ok` with the value, or null when there is no row;
 * - `write` v → `UPSERT` of the row; `ok` with v;
 * - `cas` [e, n] → `UPDATE ... SET v=n WHERE k=? AND v=e`, one statement the leader executes
 *   atomically: 1 row changed → `ok`; 0 rows → `fail` with {@link CAS_MISMATCH} (the register
 *   held another value, or no value, when it ran: an observation).
 *
 * Failures are classified by failure.ts.
 */
import type { Op } from '../../core/op.js';
import type { Completion } from '../../core/plugins.js';
import { CAS_MISMATCH } from '../../workloads/register.js';
import type { Stmt } from './bridge.js';
import { failedCompletion } from './failure.js';
import type { BridgeSession } from './session.js';

/** The registers' table. */
export const REGISTER_TABLE = 'faultline_register';

/** Creates the table (an "already exists" answer is fine). */
export const REGISTER_SCHEMA: readonly Stmt[] = [{ sql: `CREATE TABLE ${REGISTER_TABLE} (k string primary key, v int)` }];

function isPair(v: unknown): v is [number, number] {
  return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');
}

/** The statement of a register op and how its result reads, or an error for a malformed op. Pure. */
export function registerStatement(op: Pick<Op, 'f' | 'value' | 'key'>): Stmt | string {
  if (op.key === undefined) return 'register op without a key';
  const k = String(op.key);
  switch (op.f) {
    case 'read':
      return { sql: `SELECT v FROM ${REGISTER_TABLE} WHERE k=?`, params: [k], query: true };
    case 'write':
      if (typeof op.value !== 'number') return `write needs a number, got ${JSON.stringify(op.value)}`;
      return { sql: `UPSERT INTO ${REGISTER_TABLE}(k,v) VALUES(?,?)`, params: [k, op.value] };
    case 'cas':
      if (!isPair(op.value)) return `cas needs [expected, new], got ${JSON.stringify(op.value)}`;
      return { sql: `UPDATE ${REGISTER_TABLE} SET v=? WHERE k=? AND v=?`, params: [op.value[1], k, op.value[0]] };
    default:
      return `register has no op ${JSON.stringify(op.f)} (read, write, cas)`;
  }
}

/** Runs a register `read`, `write` or `cas` through `session`; see the module notes. */
export async function invokeRegister(session: BridgeSession, op: Op): Promise<Completion> {
  const stmt = registerStatement(op);
  if (typeof stmt === 'string') return { type: 'fail', value: op.value, error: stmt };
  const a = await session.exec([stmt]);
  if (!a.ok) return failedCompletion(op.f === 'read' ? 'read' : 'write', op.value, a);
  const r = a.results[0];
  if (op.f === 'read') {
    const v = r !== undefined && 'rows' in r ? r.rows[0]?.[0] : undefined;
    return { type: 'ok', value: v === undefined ? null : v };
  }
  if (op.f === 'cas' && r !== undefined && 'count' in r && r.count === 0) return { type: 'fail', value: op.value, error: CAS_MISMATCH };
  return { type: 'ok', value: op.value };
}

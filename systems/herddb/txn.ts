/**
 * The transactional workloads' client on HerdDB (`append`: list-append, `wr`: rw-register; op
 * contract in workloads/txn.ts). Keys are spread over {@link TXN_TABLES} tables (key mod the
 * count), so most transactions span tables.
 *
 * Every key a transaction touches gets its row first, in an auto-committed `INSERT` of its
 * own (an empty list or a null register; a duplicate key means it exists), so that every
 * micro-op works on an existing row and takes that row's lock — HerdDB locks rows, not ranges,
 * and a read of an absent row would lock nothing. Then one bridge transaction at the run's
 * isolation: a read is `SELECT v … WHERE k=?`; a write is `UPDATE … SET v=? WHERE k=?`; an
 * append is `UPDATE … SET v = v * 32 + ? WHERE k=?`. HerdDB's SQL has no string concatenation
 * (`||`: "unsupported operator"), so a list is a long holding its elements as base-32 digits,
 * oldest first: values 1..31, at most {@link MAX_LIST} of them (HerdDB runs the workload with
 * `txnMaxWritesPerKey` {@link MAX_LIST}). Each update must change one row (else the bridge
 * rolls back and the op fails). The initial rows are what "absent" means to the checker (an
 * empty list 0, null), so they are not writes.
 *
 * Failures are classified by failure.ts (a transaction that writes: `tx`; a read-only one:
 * `read`, which always fails certainly).
 */
import type { Op } from '../../core/op.js';
import type { Completion } from '../../core/plugins.js';
import type { Stmt } from './bridge.js';
import { failedCompletion, shortError } from './failure.js';
import type { BridgeSession } from './session.js';

/** The two workloads. */
export type HerdTxnWorkload = 'append' | 'wr';

/** Longest list a key's long holds: 10 base-32 digits = 50 bits, exact as a JSON number through the bridge. */
export const MAX_LIST = 10;
/** List elements are digits of this base. */
const BASE = 32;

/** Tables keys are spread over. */
export const TXN_TABLES = 2;

/** The table of key `k`. Pure. */
export function txnTable(workload: HerdTxnWorkload, k: number): string {
  return `faultline_${workload}_${((k % TXN_TABLES) + TXN_TABLES) % TXN_TABLES}`;
}

/** The tables' `CREATE TABLE`s (an "already exists" answer is fine). Pure. */
export function txnSchema(workload: HerdTxnWorkload): Stmt[] {
  return Array.from({ length: TXN_TABLES }, (_, i) => ({ sql: `CREATE TABLE faultline_${workload}_${i} (k long primary key, v long)` }));
}

/** The auto-committed insert that makes sure key `k` has its row. Pure. */
export function keyRowStatement(workload: HerdTxnWorkload, k: number): Stmt {
  return { sql: `INSERT INTO ${txnTable(workload, k)}(k,v) VALUES(?,?)`, params: [k, workload === 'append' ? 0 : null] };
}

type MicroOp = [string, number, unknown];

function microOps(value: unknown): MicroOp[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const ok = value.every((m) => Array.isArray(m) && m.length === 3 && ['r', 'append', 'w'].includes(m[0] as string) && Number.isSafeInteger(m[1]));
  return ok ? (value as MicroOp[]) : undefined;
}

/** The statement of one micro-op. Pure. */
export function txnStatement(workload: HerdTxnWorkload, [f, k, v]: MicroOp): Stmt {
  const t = txnTable(workload, k);
  if (f === 'r') return { sql: `SELECT v FROM ${t} WHERE k=?`, params: [k], query: true };
  if (workload === 'append') return { sql: `UPDATE ${t} SET v = v * ${BASE} + ? WHERE k=?`, params: [v as number, k], expect: 1 };
  return { sql: `UPDATE ${t} SET v=? WHERE k=?`, params: [v as number, k], expect: 1 };
}

/** A read's value from its rows: list-append → the list (null: no row); rw-register → the number or null. Pure. */
export function txnReadValue(workload: HerdTxnWorkload, rows: readonly unknown[][]): number[] | number | null {
  const v = rows[0]?.[0];
  if (v === undefined || v === null) return null;
  if (workload !== 'append') return Number(v);
  const out: number[] = [];
  for (let n = BigInt(String(v)); n > 0n; n /= BigInt(BASE)) out.unshift(Number(n % BigInt(BASE)));
  return out;
}

/** Keys known to have their row, per run (shared by the run's connections). */
export type KnownKeys = Set<number>;

const EXISTS = /DuplicatePrimaryKeyException/;

/** Runs one `txn` op through `session`; see the module notes. */
export async function invokeTxn(session: BridgeSession, op: Op, workload: HerdTxnWorkload, known: KnownKeys): Promise<Completion> {
  const mops = microOps(op.value);
  if (workload === 'append' && mops?.some(([f, , v]) => f === 'append' && !(Number.isInteger(v) && (v as number) >= 1 && (v as number) < BASE))) {
    return { type: 'fail', value: op.value, error: `herddb append: values must be 1..${BASE - 1} (run with --max-writes-per-key ${MAX_LIST} or less)` };
  }
  if (op.f !== 'txn' || mops === undefined) return { type: 'fail', value: op.value, error: `${workload} has no op ${JSON.stringify(op.f)} ${JSON.stringify(op.value)}` };
  for (const k of new Set(mops.map(([, key]) => key))) {
    if (known.has(k)) continue;
    const a = await session.exec([keyRowStatement(workload, k)]);
    if (!a.ok && !EXISTS.test(a.error)) return { type: 'fail', value: op.value, error: `key row ${k}: ${a.stage}: ${shortError(a.error)}` };
    known.add(k);
  }
  const readOnly = mops.every(([f]) => f === 'r');
  const a = await session.exec(mops.map((m) => txnStatement(workload, m)), true);
  if (!a.ok) return failedCompletion(readOnly ? 'read' : 'tx', op.value, a);
  if (a.aborted !== undefined) {
    known.delete(mops[a.aborted][1]);
    return { type: 'fail', value: op.value, error: `no row for key ${mops[a.aborted][1]}: rolled back` };
  }
  const out = mops.map(([f, k, v], i): MicroOp => {
    const r = a.results[i];
    return f === 'r' ? [f, k, txnReadValue(workload, r !== undefined && 'rows' in r ? r.rows : [])] : [f, k, v];
  });
  return { type: 'ok', value: out };
}

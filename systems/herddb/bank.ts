/**
 * The bank workload's client on HerdDB (contract in workloads/bank.ts). Accounts live in two
 * tables — even accounts in {@link BANK_TABLES}[0], odd ones in [1] — so a transfer between
 * accounts of different parity is a transaction over two tables.
 *
 * - `transfer` {from, to, amount} → one transaction of two updates, the debit `UPDATE ... SET
 *   balance=balance-amount WHERE id=from AND balance>=amount` (0 rows: rolled back, `fail`
 *   with {@link INSUFFICIENT_FUNDS}) and the credit `UPDATE ... SET balance=balance+amount
 *   WHERE id=to` (0 rows: rolled back, `fail`: no such account), then commit. The two run in
 *   {@link lockOrder} (even table first, then by id), the order the whole-bank read takes its
 *   locks in, so under repeatable read no two transactions wait on each other in a cycle;
 * - `read` → one transaction selecting both tables (even, then odd); `ok` with
 *   `{ [account]: balance }`.
 *
 * The accounts are created once per run ({@link bankSchema}: the tables, then every account in
 * one transaction; a duplicate key means an earlier client did it).
 */
import type { Op } from '../../core/op.js';
import type { Completion } from '../../core/plugins.js';
import { INSUFFICIENT_FUNDS, initialBalances, type BankSettings } from '../../workloads/bank.js';
import type { Stmt } from './bridge.js';
import { failedCompletion } from './failure.js';
import type { BridgeSession } from './session.js';

/** The two account tables. */
export const BANK_TABLES = ['faultline_bank_even', 'faultline_bank_odd'] as const;

/** The table of `account`. Pure. */
export function bankTable(account: number): string {
  return BANK_TABLES[account % 2 === 0 ? 0 : 1];
}

/** The schema statements (each run alone; "already exists" is fine) and the accounts' inserts (one transaction). Pure. */
export function bankSchema(settings: BankSettings): { tables: Stmt[]; accounts: Stmt[] } {
  const balances = initialBalances(settings);
  return {
    tables: BANK_TABLES.map((t) => ({ sql: `CREATE TABLE ${t} (id int primary key, balance int)` })),
    accounts: Object.entries(balances).map(([a, b]) => ({ sql: `INSERT INTO ${bankTable(Number(a))}(id,balance) VALUES(?,?)`, params: [Number(a), b] })),
  };
}

function isTransfer(v: unknown, accounts: number): v is { from: number; to: number; amount: number } {
  const t = v as { from?: unknown; to?: unknown; amount?: unknown } | null;
  const acct = (x: unknown): boolean => typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < accounts;
  return t !== null && typeof t === 'object' && acct(t.from) && acct(t.to) && t.from !== t.to && typeof t.amount === 'number' && Number.isInteger(t.amount) && t.amount >= 1;
}

/** Where `account`'s row lock comes in the order every transaction takes them: even table first, then by id. Pure. */
export function lockOrder(account: number): number {
  return (account % 2 === 0 ? 0 : 1) * 2 ** 31 + account;
}

/**
 * The transaction of a transfer: the debit (guarded against going negative) and the credit,
 * in {@link lockOrder}; `debit` is the debit's index among them. Pure.
 */
export function transferStatements(t: { from: number; to: number; amount: number }): { stmts: Stmt[]; debit: number } {
  const debit: Stmt = { sql: `UPDATE ${bankTable(t.from)} SET balance=balance-? WHERE id=? AND balance>=?`, params: [t.amount, t.from, t.amount], expect: 1 };
  const credit: Stmt = { sql: `UPDATE ${bankTable(t.to)} SET balance=balance+? WHERE id=?`, params: [t.amount, t.to], expect: 1 };
  return lockOrder(t.from) < lockOrder(t.to) ? { stmts: [debit, credit], debit: 0 } : { stmts: [credit, debit], debit: 1 };
}

/** The whole-bank read: both tables, in one transaction. */
export const BANK_READ: readonly Stmt[] = BANK_TABLES.map((t) => ({ sql: `SELECT id, balance FROM ${t}`, query: true }));

/** The balances in the rows of the {@link BANK_READ} results: `{ [account]: balance }`. Pure. */
export function balancesOf(results: readonly ({ rows: unknown[][] } | { count: number })[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) {
    if (!('rows' in r)) continue;
    for (const row of r.rows) out[String(row[0])] = Number(row[1]);
  }
  return out;
}

/** Runs a bank `transfer` or `read` through `session`; see the module notes. */
export async function invokeBank(session: BridgeSession, op: Op, settings: BankSettings): Promise<Completion> {
  if (op.f === 'read') {
    const a = await session.exec(BANK_READ, true);
    if (!a.ok) return failedCompletion('read', op.value, a);
    return { type: 'ok', value: balancesOf(a.results) };
  }
  if (op.f !== 'transfer') return { type: 'fail', value: op.value, error: `bank has no op ${JSON.stringify(op.f)} (transfer, read)` };
  if (!isTransfer(op.value, settings.accounts)) return { type: 'fail', value: op.value, error: `transfer needs {from, to, amount} of accounts 0..${settings.accounts - 1}, got ${JSON.stringify(op.value)}` };
  const { stmts, debit } = transferStatements(op.value);
  const a = await session.exec(stmts, true);
  if (!a.ok) return failedCompletion('tx', op.value, a);
  if (a.aborted === debit) return { type: 'fail', value: op.value, error: INSUFFICIENT_FUNDS };
  if (a.aborted !== undefined) return { type: 'fail', value: op.value, error: `no account ${op.value.to}: rolled back` };
  return { type: 'ok', value: op.value };
}

/**
 * The `bank` workload: a fixed number of accounts holding a fixed total; clients move small
 * amounts between random accounts while faults happen, and read every balance in one
 * transaction. Whatever happens, every `ok` read must sum to the total with no negative
 * balance (checked by `checkers/bank.ts`); after healing, every client thread reads once more.
 *
 * The op contract, shared with every bank client:
 * - accounts are the integers `0 .. accounts-1`; the run options `bankAccounts` and
 *   `bankTotal` (defaults {@link BANK_DEFAULTS}) set them, read by {@link bankSettings} on both
 *   sides; the first client to connect creates the accounts (idempotently) with
 *   `total / accounts` each ({@link initialBalances});
 * - `transfer`: invoke value `{ from, to, amount }` (from ≠ to, amount ≥ 1); `ok` = done (value
 *   repeated); `fail` = definitely not applied (e.g. error {@link INSUFFICIENT_FUNDS} when it
 *   would make `from` negative); `info` = unknown;
 * - `read`: invoke value `null`; `ok` value = `{ [account]: balance }` for every account, read
 *   in one transaction.
 */
import { checkBank } from '../checkers/bank.js';
import { checkStats } from '../checkers/stats.js';
import { UsageError, quote } from '../core/errors.js';
import { fromFn, mix, type Generator } from '../core/generator/index.js';
import type { Workload } from '../core/plugins.js';
import { finalRead } from './set.js';

/** Default accounts and total of a bank run (options `bankAccounts`, `bankTotal`). */
export const BANK_DEFAULTS = Object.freeze({ accounts: 8, total: 800 });

/** Largest amount a generated transfer moves (amounts are 1 .. this). */
export const BANK_MAX_AMOUNT = 5;

/** The `error` of a transfer that failed because `from` would have gone negative. */
export const INSUFFICIENT_FUNDS = 'insufficient funds';

/** How many accounts a bank run has and the total they hold. */
export interface BankSettings {
  /** Accounts `0 .. accounts-1`; an integer ≥ 2. */
  readonly accounts: number;
  /** Sum of all balances; a non-negative multiple of `accounts`. */
  readonly total: number;
}

/** A transfer's invoke value. */
export interface Transfer {
  from: number;
  to: number;
  amount: number;
}

function intOption(options: Readonly<Record<string, unknown>>, name: string, dflt: number, min: number): number {
  const raw = options[name];
  if (raw === undefined) return dflt;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${name}: expected an integer ≥ ${min}, got ${quote(String(raw))}`);
  }
  return n;
}

/**
 * The bank settings of a run from its options `bankAccounts` (default 8) and `bankTotal`
 * (default 800); numeric strings are accepted. Pure.
 * @throws UsageError naming the option and quoting the bad value (not an integer, fewer than
 *   2 accounts, a negative total, or a total that does not divide evenly among the accounts)
 */
export function bankSettings(options: Readonly<Record<string, unknown>>): BankSettings {
  const accounts = intOption(options, 'bankAccounts', BANK_DEFAULTS.accounts, 2);
  const total = intOption(options, 'bankTotal', BANK_DEFAULTS.total, 0);
  if (total % accounts !== 0) {
    throw new UsageError(`bankTotal: expected a multiple of bankAccounts (${accounts}), got ${quote(String(options.bankTotal ?? total))}`);
  }
  return Object.freeze({ accounts, total });
}

/** The starting balances: `total / accounts` in each account, keyed `"0" .. "accounts-1"`. Pure. */
export function initialBalances(settings: BankSettings): Record<string, number> {
  const each = settings.total / settings.accounts;
  const out: Record<string, number> = {};
  for (let a = 0; a < settings.accounts; a++) out[String(a)] = each;
  return out;
}

/**
 * A random transfer between two different accounts of `0 .. accounts-1`, amount
 * 1 .. `maxAmount`. Pure apart from three draws on `rng`.
 */
export function randomTransfer(rng: { int(n: number): number }, accounts: number, maxAmount = BANK_MAX_AMOUNT): Transfer {
  const from = rng.int(accounts);
  const to = (from + 1 + rng.int(accounts - 1)) % accounts;
  return { from, to, amount: 1 + rng.int(maxAmount) };
}

/** Options of {@link bankWorkload}. */
export interface BankOptions {
  /** Accounts the transfers pick from. Default {@link BANK_DEFAULTS}.accounts. */
  accounts?: number;
  /** Largest transfer amount. Default {@link BANK_MAX_AMOUNT}. */
  maxAmount?: number;
  /** Relative weight of reads against transfers (weight 1). Default 1 (half the ops read). */
  readWeight?: number;
  /** Attempts of the final read per client thread. Default 5. */
  finalReadAttempts?: number;
  /** Pause between failed final reads, seconds. Default 1. */
  finalReadRetryS?: number;
}

/**
 * The main phase: an endless mix of random transfers and whole-bank reads on any free client
 * thread (bound it with `limit` or `timeLimit`). Pure apart from draws on the context's PRNG.
 */
export function bankOps(accounts: number = BANK_DEFAULTS.accounts, maxAmount = BANK_MAX_AMOUNT, readWeight = 1): Generator {
  return mix(
    [fromFn((ctx) => ({ f: 'transfer', value: randomTransfer(ctx.rng, accounts, maxAmount) })), fromFn(() => ({ f: 'read', value: null }))],
    [1, readWeight],
  );
}

/**
 * The bank workload: {@link bankOps} in the main phase; in the final phase (run once per
 * client thread) a read retried until ok. Checkers: `bank` (accounts and total from the run's
 * options through {@link bankSettings}; option `negativeBalancesAllowed`) and `stats`.
 */
export function bankWorkload(opts: BankOptions = {}): Workload {
  return {
    name: 'bank',
    generator: bankOps(opts.accounts ?? BANK_DEFAULTS.accounts, opts.maxAmount ?? BANK_MAX_AMOUNT, opts.readWeight ?? 1),
    finalGenerator: finalRead(opts.finalReadAttempts ?? 5, opts.finalReadRetryS ?? 1),
    checkers: {
      bank: (history, ctx) => checkBank(history, { ...bankSettings(ctx.options), negativeBalancesAllowed: ctx.options.negativeBalancesAllowed === true }),
      stats: (history) => checkStats(history),
    },
  };
}

/**
 * The `memory` system's bank: accounts `0 .. accounts-1` with integer balances, created once
 * per run by the first client that connects; transfers and reads are applied atomically, so it
 * is a correct (serialisable) bank — unless a read is served torn: then it sees the last
 * transfer's debit but not its credit, as a replica that applied half a transaction would, and
 * the bank checker must report a sum below the total. Op contract: `workloads/bank.ts`.
 */
import { INSUFFICIENT_FUNDS, initialBalances, type BankSettings, type Transfer } from '../../workloads/bank.js';
import type { Op } from '../../core/op.js';
import type { Completion } from '../../core/plugins.js';

function isTransfer(v: unknown, accounts: number): v is Transfer {
  if (typeof v !== 'object' || v === null) return false;
  const { from, to, amount } = v as Partial<Transfer>;
  const account = (a: unknown): boolean => typeof a === 'number' && Number.isSafeInteger(a) && a >= 0 && a < accounts;
  return account(from) && account(to) && from !== to && typeof amount === 'number' && Number.isSafeInteger(amount) && amount >= 1;
}

/** A bank of accounts; mutable, one per run. */
export class MemoryBank {
  private balances: number[] | undefined;
  private last: Transfer | undefined;

  /**
   * Creates the accounts with `total / accounts` each unless they exist already (the first
   * client to connect wins; later calls change nothing). Idempotent.
   */
  open(settings: BankSettings): void {
    if (this.balances !== undefined) return;
    this.balances = Object.values(initialBalances(settings));
  }

  /**
   * Applies a `transfer` or `read` atomically. A transfer that would overdraw `from` fails
   * with {@link INSUFFICIENT_FUNDS}; a malformed one, or any op before {@link open}, fails.
   * With `torn`, a read sees the last transfer debited but not credited.
   */
  apply(op: Op, torn: boolean): Completion {
    const b = this.balances;
    if (b === undefined) return { type: 'fail', value: op.value, error: 'memory bank: accounts not created' };
    switch (op.f) {
      case 'transfer': {
        if (!isTransfer(op.value, b.length)) return { type: 'fail', value: op.value, error: `memory bank: bad transfer ${JSON.stringify(op.value)}` };
        const { from, to, amount } = op.value;
        if (b[from] < amount) return { type: 'fail', value: op.value, error: INSUFFICIENT_FUNDS };
        b[from] -= amount;
        b[to] += amount;
        this.last = { from, to, amount };
        return { type: 'ok', value: op.value };
      }
      case 'read': {
        const out: Record<string, number> = {};
        b.forEach((v, a) => (out[String(a)] = v));
        if (torn && this.last !== undefined) out[String(this.last.to)] -= this.last.amount;
        return { type: 'ok', value: out };
      }
      default:
        return { type: 'fail', value: op.value, error: `memory bank: unknown op ${JSON.stringify(op.f)}` };
    }
  }
}

import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { limit, simulate } from '../../core/generator/index.js';
import type { History } from '../../core/op.js';
import { BANK_DEFAULTS, bankSettings, bankWorkload, initialBalances, randomTransfer } from '../../workloads/bank.js';
import { buildWorkload } from '../../workloads/index.js';

describe('bank settings', () => {
  it('defaults to 8 accounts holding 800, and reads bankAccounts / bankTotal (numbers or numeric strings)', () => {
    expect(BANK_DEFAULTS).toEqual({ accounts: 8, total: 800 });
    expect(bankSettings({})).toEqual({ accounts: 8, total: 800 });
    expect(bankSettings({ bankAccounts: 4, bankTotal: '40' })).toEqual({ accounts: 4, total: 40 });
    expect(initialBalances({ accounts: 4, total: 40 })).toEqual({ 0: 10, 1: 10, 2: 10, 3: 10 });
  });

  it('rejects bad values with a one-line usage error naming the option and the value', () => {
    const bad = (o: Record<string, unknown>): string => {
      try {
        bankSettings(o);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad({ bankAccounts: 1 })).toBe('bankAccounts: expected an integer ≥ 2, got "1"');
    expect(bad({ bankAccounts: 'lots' })).toBe('bankAccounts: expected an integer ≥ 2, got "lots"');
    expect(bad({ bankTotal: -8 })).toBe('bankTotal: expected an integer ≥ 0, got "-8"');
    expect(bad({ bankTotal: 2.5 })).toBe('bankTotal: expected an integer ≥ 0, got "2.5"');
    expect(bad({ bankTotal: 801 })).toBe('bankTotal: expected a multiple of bankAccounts (8), got "801"');
  });
});

describe('bank workload', () => {
  it('mixes transfers between two different accounts (amount 1..5) with whole-bank reads', () => {
    const w = bankWorkload({ accounts: 3 });
    const invokes = simulate(limit(400, w.generator), { threads: 4, nemesis: false, seed: 5 }).filter((o) => o.type === 'invoke');
    expect(invokes).toHaveLength(400);
    const transfers = invokes.filter((o) => o.f === 'transfer').map((o) => o.value as { from: number; to: number; amount: number });
    const reads = invokes.filter((o) => o.f === 'read');
    expect(transfers.length + reads.length).toBe(400);
    expect(transfers.length).toBeGreaterThan(120);
    expect(reads.length).toBeGreaterThan(120);
    expect(reads.every((o) => o.value === null)).toBe(true);
    for (const t of transfers) {
      expect(t.from).not.toBe(t.to);
      expect([t.from, t.to].every((a) => Number.isInteger(a) && a >= 0 && a < 3)).toBe(true);
      expect(t.amount >= 1 && t.amount <= 5).toBe(true);
    }
    expect(new Set(transfers.map((t) => `${t.from}>${t.to}`)).size).toBe(6);
    expect(new Set(transfers.map((t) => t.amount))).toEqual(new Set([1, 2, 3, 4, 5]));
  });

  it('randomTransfer never picks the same account twice, even with two accounts', () => {
    let s = 0;
    const rng = { int: (n: number) => (s++ * 7) % n };
    for (let i = 0; i < 50; i++) {
      const t = randomTransfer(rng, 2);
      expect(t.from).not.toBe(t.to);
    }
  });

  it('buildWorkload takes the accounts from the run options', () => {
    const w = buildWorkload('bank', { nodes: 3, concurrency: 6, options: { bankAccounts: 2, bankTotal: 10 } });
    const h = simulate(limit(100, w.generator), { threads: 6, nemesis: false, seed: 2 });
    const accounts = new Set(h.filter((o) => o.type === 'invoke' && o.f === 'transfer').flatMap((o) => [(o.value as { from: number }).from, (o.value as { to: number }).to]));
    expect(accounts).toEqual(new Set([0, 1]));
  });

  it('final read retries until ok, at most 5 times', () => {
    const w = bankWorkload({ finalReadRetryS: 0 });
    const h = simulate(w.finalGenerator!, { threads: 1, nemesis: false, completion: () => 'fail' });
    expect(h.filter((o) => o.type === 'invoke').map((o) => o.f)).toEqual(['read', 'read', 'read', 'read', 'read']);
    const ok = simulate(w.finalGenerator!, { threads: 1, nemesis: false, completion: (op) => (op.process === 0 ? 'info' : 'ok') });
    expect(ok.filter((o) => o.type === 'invoke')).toHaveLength(2);
  });

  it('checks with bank (settings from the run options) and stats', async () => {
    const w = bankWorkload();
    expect(Object.keys(w.checkers)).toEqual(['bank', 'stats']);
    const op = (index: number, process: number, type: History[number]['type'], f: string, value: unknown) => ({ index, time: index, process, type, f, value });
    const h: History = [op(0, 0, 'invoke', 'transfer', { from: 0, to: 1, amount: 2 }), op(1, 0, 'ok', 'transfer', { from: 0, to: 1, amount: 2 }), op(2, 1, 'invoke', 'read', null), op(3, 1, 'ok', 'read', { 0: 3, 1: 7 })];
    expect((await w.checkers.bank(h, { options: { bankAccounts: 2, bankTotal: 10 } })).valid).toBe(true);
    // The same read against the default 8 accounts / 800 is wrong.
    const v = await w.checkers.bank(h, { options: {} });
    expect(v.valid).toBe(false);
    expect(v.problems).toEqual({ 'wrong-total': 1, 'missing-account': 1 });
    const neg: History = [op(0, 1, 'invoke', 'read', null), op(1, 1, 'ok', 'read', { 0: -1, 1: 11 })];
    expect((await w.checkers.bank(neg, { options: { bankAccounts: 2, bankTotal: 10 } })).valid).toBe(false);
    expect((await w.checkers.bank(neg, { options: { bankAccounts: 2, bankTotal: 10, negativeBalancesAllowed: true } })).valid).toBe(true);
    expect((await w.checkers.stats(h, { options: {} })).valid).toBe(true);
  });
});

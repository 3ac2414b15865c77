import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBank } from '../../checkers/bank.js';
import type { History, Op } from '../../core/op.js';

const S = { accounts: 3, total: 30 };

/** Builds a history from compact events: [process, type, f, value, node?]; time = index ms. */
function h(...events: [Op['process'], Op['type'], string, unknown, string?][]): History {
  return events.map(([process, type, f, value, node], index) => ({ index, time: index * 1_000_000, process, type, f, value, ...(node ? { node } : {}) }));
}
type Ev = [Op['process'], Op['type'], string, unknown, string?];
const transfer = (p: number, from: number, to: number, amount: number, outcome: 'ok' | 'fail' | 'info' | null): Ev[] => {
  const v = { from, to, amount };
  return outcome === null ? [[p, 'invoke', 'transfer', v]] : [[p, 'invoke', 'transfer', v], [p, outcome, 'transfer', v]];
};
const read = (p: number, balances: unknown, node?: string): Ev[] => [
  [p, 'invoke', 'read', null, node],
  [p, 'ok', 'read', balances, node],
];

describe('checkBank on hand-built histories', () => {
  it('is valid when every read holds the accounts and sums to the total', () => {
    const v = checkBank(h(...read(0, { 0: 10, 1: 10, 2: 10 }), ...transfer(1, 0, 1, 4, 'ok'), ...read(0, { 0: 6, 1: 14, 2: 10 }), ...transfer(1, 2, 0, 5, 'fail')), S);
    expect(v.valid).toBe(true);
    expect(v).toMatchObject({ reads: 2, badReads: 0, bad: [], transfers: { ok: 1, fail: 1, info: 0, open: 0 } });
    expect(v.explanation).toMatch(/All 2 ok reads of the 3 accounts holding 30 were consistent snapshots/);
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it('reports a read with the wrong total, with its op index, node, and sum', () => {
    const v = checkBank(h(...read(0, { 0: 10, 1: 10, 2: 10 }), ...transfer(1, 0, 1, 4, 'ok'), ...read(2, { 0: 6, 1: 10, 2: 10 }, 'n2')), S);
    expect(v.valid).toBe(false);
    expect(v.badReads).toBe(1);
    expect(v.problems).toEqual({ 'wrong-total': 1 });
    expect(v.bad).toEqual([{ index: 5, invokeIndex: 4, process: 2, node: 'n2', timeS: 0.005, sum: 26, problems: ['wrong-total'] }]);
    expect(v.explanation).toMatch(/^1 of 2 ok reads \(50%\).*first is op 5 \(process 2 on n2/);
  });

  it('reports a negative balance even when the sum is right, unless negatives are allowed', () => {
    const events = h(...transfer(0, 0, 1, 5, 'ok'), ...read(1, { 0: -5, 1: 25, 2: 10 }));
    const v = checkBank(events, S);
    expect(v.valid).toBe(false);
    expect(v.bad[0]).toMatchObject({ sum: 30, problems: ['negative-balance'], negative: { 0: -5 } });
    const allowed = checkBank(events, { ...S, negativeBalancesAllowed: true });
    expect(allowed.valid).toBe(true);
    expect(allowed.negativeBalancesAllowed).toBe(true);
  });

  it('reports missing and unexpected accounts', () => {
    const v = checkBank(h(...read(0, { 0: 15, 1: 15 }), ...read(0, { 0: 10, 1: 10, 2: 5, 3: 5 }), ...read(0, { 0: 10, 1: 10, 2: 'ten' }), ...read(0, [10, 10, 10])), S);
    expect(v.valid).toBe(false);
    expect(v.badReads).toBe(4);
    expect(v.bad[0]).toMatchObject({ sum: 30, problems: ['missing-account'], missing: [2] });
    expect(v.bad[1]).toMatchObject({ sum: 30, problems: ['unexpected-account'], unexpected: ['3'] });
    expect(v.bad[2]).toMatchObject({ sum: 20, problems: ['wrong-total', 'not-a-number'], notNumbers: ['2'] });
    expect(v.bad[3]).toMatchObject({ problems: ['not-a-map'] });
    expect(v.problems).toEqual({ 'missing-account': 1, 'unexpected-account': 1, 'wrong-total': 1, 'not-a-number': 1, 'not-a-map': 1 });
  });

  it('needs nothing from info, open or failed transfers and ignores failed or info reads', () => {
    const v = checkBank(
      h(
        ...transfer(0, 0, 1, 3, 'info'),
        ...read(1, { 0: 7, 1: 13, 2: 10 }),
        ...transfer(2, 1, 2, 2, null),
        [3, 'invoke', 'read', null],
        [3, 'info', 'read', null],
        [4, 'invoke', 'read', null],
        [4, 'fail', 'read', { 0: 1 }],
        ...read(1, { 0: 7, 1: 13, 2: 10 }),
        ['nemesis', 'invoke', 'kill', null],
      ),
      S,
    );
    expect(v.valid).toBe(true);
    expect(v.reads).toBe(2);
    expect(v.transfers).toEqual({ ok: 0, fail: 0, info: 1, open: 1 });
  });

  it('is unknown when no read completed ok', () => {
    const v = checkBank(h(...transfer(0, 0, 1, 3, 'ok'), [1, 'invoke', 'read', null], [1, 'info', 'read', null]), S);
    expect(v.valid).toBe('unknown');
    expect(v.reason).toMatch(/no read completed ok/);
    expect(v.overTime).toEqual([]);
  });

  it('bounds its lists and splits the fraction of bad reads over time', () => {
    const events: Ev[] = [];
    for (let i = 0; i < 50; i++) events.push(...read(0, i < 25 ? { 0: 10, 1: 10, 2: 10 } : { 0: 10, 1: 10, 2: 9 }));
    const v = checkBank(h(...events), { ...S, maxListed: 5, buckets: 2 });
    expect(v.badReads).toBe(25);
    expect(v.bad).toHaveLength(5);
    expect(v.bad[0].index).toBe(51);
    expect(v.overTime.map((b) => [b.reads, b.bad, b.fraction])).toEqual([
      [25, 0, 0],
      [25, 25, 1],
    ]);
    expect(JSON.stringify(v).length).toBeLessThan(4000);
  });
});

// ---- property tests: a simulated serialisable bank under concurrent transfers ----

/** One step of the simulation: which thread moves, and the random numbers it uses. */
type Step = [thread: number, kind: number, from: number, to: number, amount: number];

/**
 * Runs a bank of `accounts` accounts holding `total` under the steps: a free thread invokes a
 * transfer or a read; a busy one applies its op atomically (its linearization point), or
 * completes it — `ok`, `fail` (insufficient funds, or rejected before it applied), or `info`
 * (applied or not; the thread then goes on under a fresh process). With `loseLeg`, a transfer
 * debits `from` but its credit to `to` is lost. Returns the history and how many lossy
 * transfers applied before some read that completed ok.
 */
function runBank(steps: readonly Step[], accounts: number, total: number, loseLeg: boolean): { history: History; caught: boolean } {
  const balances = Array.from({ length: accounts }, () => total / accounts);
  type Busy = { f: string; value: unknown; applied: boolean; sawLoss?: boolean; result?: { type: 'ok' | 'fail'; value: unknown; error?: string } };
  const threads = [0, 1, 2, 3].map((t) => ({ process: t, busy: undefined as Busy | undefined }));
  let nextProcess = threads.length;
  const history: History = [];
  let lossyApplied = false;
  let caught = false;
  const rec = (process: number, type: Op['type'], f: string, value: unknown, error?: string): void => {
    history.push({ index: history.length, time: history.length * 1000, process, type, f, value, ...(error ? { error } : {}) });
  };
  for (const [t, kind, a, b, amount] of steps) {
    const th = threads[t % threads.length];
    const busy = th.busy;
    if (busy === undefined) {
      const op = kind % 2 === 0 ? { f: 'read', value: null } : { f: 'transfer', value: { from: a % accounts, to: (a + 1 + (b % (accounts - 1))) % accounts, amount: 1 + (amount % 5) } };
      th.busy = { ...op, applied: false };
      rec(th.process, 'invoke', op.f, op.value);
    } else if (!busy.applied && kind % 5 !== 4) {
      // The op's linearization point: applied atomically.
      busy.applied = true;
      if (busy.f === 'read') {
        busy.result = { type: 'ok', value: Object.fromEntries(balances.map((v, i) => [String(i), v])) };
        busy.sawLoss = lossyApplied;
      } else {
        const { from, to, amount: n } = busy.value as { from: number; to: number; amount: number };
        if (balances[from] < n) busy.result = { type: 'fail', value: busy.value, error: 'insufficient funds' };
        else {
          balances[from] -= n;
          if (loseLeg) lossyApplied = true;
          else balances[to] += n;
          busy.result = { type: 'ok', value: busy.value };
        }
      }
    } else {
      th.busy = undefined;
      if (busy.result === undefined && busy.f === 'transfer' && kind % 2 === 0) {
        // Rejected before it applied: a certain failure.
        rec(th.process, 'fail', busy.f, busy.value, 'rejected');
      } else if (busy.result !== undefined && kind % 3 !== 0) {
        rec(th.process, busy.result.type, busy.f, busy.result.value, busy.result.error);
        if (busy.sawLoss === true) caught = true;
      } else {
        // Unknown, whether it applied or not; the thread goes on under a fresh process.
        rec(th.process, 'info', busy.f, busy.f === 'read' ? null : busy.value, 'timeout');
        th.process = nextProcess++;
      }
    }
  }
  return { history, caught };
}

const steps = fc.array(fc.tuple(fc.nat(3), fc.nat(29), fc.nat(20), fc.nat(20), fc.nat(20)), { minLength: 20, maxLength: 200 });

describe('checkBank properties', () => {
  it('accepts every history of a correct serialisable bank with ok, fail and info outcomes', () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(steps, fc.constantFrom(2, 3, 5), (ss, accounts) => {
        const total = accounts * 4; // small balances, so some transfers fail for insufficient funds
        const { history } = runBank(ss, accounts, total, false);
        const v = checkBank(history, { accounts, total });
        const reads = history.filter((o) => o.f === 'read' && o.type === 'ok').length;
        expect(v.valid).toBe(reads === 0 ? 'unknown' : true);
        expect(v.reads).toBe(reads);
        for (const o of history) if (o.type !== 'invoke') outcomes.add(`${o.f} ${o.type}${o.error ? ` ${o.error}` : ''}`);
      }),
      { numRuns: 300 },
    );
    // The generated histories did exercise every kind of outcome.
    expect([...outcomes].sort()).toEqual(['read info timeout', 'read ok', 'transfer fail insufficient funds', 'transfer fail rejected', 'transfer info timeout', 'transfer ok']);
  });

  it('catches a bank that loses a transfer leg whenever an ok read comes after it', () => {
    let seen = 0;
    fc.assert(
      fc.property(steps, (ss) => {
        const { history, caught } = runBank(ss, 3, 30, true);
        const v = checkBank(history, { accounts: 3, total: 30 });
        if (caught) {
          seen++;
          expect(v.valid).toBe(false);
          expect(v.problems['wrong-total']).toBeGreaterThan(0);
        }
        // With no ok read after a lossy transfer every read summed right: nothing to catch.
        else expect(v.valid).not.toBe(false);
      }),
      { numRuns: 300 },
    );
    expect(seen).toBeGreaterThan(30);
  });
});

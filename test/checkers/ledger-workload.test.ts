/**
 * The ledger workload (workloads/ledger.ts) in simulated time: writer threads send increasing
 * values to their own log only, readers assign before polling (again after a crash) and fence
 * now and then; the final phase fences every log before polling; the key count is capped so a
 * reader is left; its checkers are stream, ledger and stats.
 */
import { describe, expect, it } from 'vitest';
import { limit, simulate } from '../../core/generator/index.js';
import type { Op } from '../../core/op.js';
import { ledgerMain, ledgerWorkload } from '../../workloads/ledger.js';

const done = (op: { f: string; value: unknown }) => (op.f === 'crash' ? ('info' as const) : op.f === 'poll' ? { type: 'ok' as const, value: [['poll', {}]] } : ('ok' as const));

describe('ledger workload', () => {
  const keys = ['l0', 'l1'];
  const h: Op[] = simulate(limit(400, ledgerMain(keys, { fence: 20, crash: 5 })), { threads: 4, nemesis: false, seed: 7, completion: done });
  const invokes = h.filter((o) => o.type === 'invoke');

  it('thread i < keys sends increasing unique values to l<i> only', () => {
    for (const [t, key] of keys.entries()) {
      const sends = invokes.filter((o) => (o.process as number) % 4 === t && o.f === 'send');
      expect(sends.length).toBeGreaterThan(20);
      expect(sends.every((o) => (o.value as [[string, string, number]])[0][1] === key)).toBe(true);
      const values = sends.map((o) => (o.value as [[string, string, number]])[0][2]);
      expect(values).toEqual(values.map((_, i) => i));
      expect(invokes.some((o) => (o.process as number) % 4 === t && (o.f === 'poll' || o.f === 'fence'))).toBe(false);
    }
  });

  it('readers assign every key before their first poll, and again after a crash; they fence', () => {
    for (const t of [2, 3]) {
      const mine = invokes.filter((o) => (o.process as number) % 4 === t);
      expect(mine.some((o) => o.f === 'send')).toBe(false);
      const byProcess = new Map<number, string[]>();
      for (const o of mine) byProcess.set(o.process as number, [...(byProcess.get(o.process as number) ?? []), o.f]);
      for (const fs of byProcess.values()) {
        const firstPoll = fs.indexOf('poll');
        if (firstPoll >= 0) expect(fs.slice(0, firstPoll)).toContain('assign');
      }
      expect(byProcess.size).toBeGreaterThan(1); // crashes replaced processes
    }
    const fences = invokes.filter((o) => o.f === 'fence');
    expect(fences.length).toBeGreaterThan(5);
    expect(fences.every((o) => keys.includes(o.value as string) && o.key === o.value)).toBe(true);
  });

  it('caps logs at threads − 1, fences every log in the final phase (retried at most 5 times), and checks with stream, ledger and stats', () => {
    const w = ledgerWorkload({ keys: 5, threads: 3 });
    expect(Object.keys(w.checkers)).toEqual(['stream', 'ledger', 'stats']);
    const fin = simulate(w.finalGenerator!, { threads: 1, nemesis: false, completion: done }).filter((o) => o.type === 'invoke');
    expect(fin.slice(0, 3).map((o) => [o.f, o.value])).toEqual([['fence', 'l0'], ['fence', 'l1'], ['assign', ['l0', 'l1']]]);
    expect(fin.slice(3).every((o) => o.f === 'poll')).toBe(true);
    const failing = simulate(w.finalGenerator!, { threads: 1, nemesis: false, completion: (op) => (op.f === 'fence' ? 'info' : done(op)) }).filter((o) => o.type === 'invoke');
    expect(failing.filter((o) => o.f === 'fence').map((o) => o.value)).toEqual(['l0', 'l0', 'l0', 'l0', 'l0', 'l1', 'l1', 'l1', 'l1', 'l1']);
    expect(() => ledgerWorkload({ keys: 0 })).toThrow(/keys must be a positive integer, got 0/);
  });
});

import { describe, expect, it } from 'vitest';
import { ddmin } from '../../../harness/shrink/ddmin.js';

/** A fake test: fails when every culprit is in the list. */
const failsWith = (culprits: number[], log: number[][] = []) => async (xs: number[]) => {
  log.push(xs);
  return culprits.every((c) => xs.includes(c)) ? ('fail' as const) : ('pass' as const);
};
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('ddmin', () => {
  it('finds one culprit among 16 in few tests', async () => {
    const r = await ddmin(range(16), failsWith([11]), 50);
    expect(r).toMatchObject({ minimal: [11], exhausted: false });
    expect(r.tests).toBeLessThanOrEqual(10);
  });

  it('finds two culprits far apart (needs complements)', async () => {
    const r = await ddmin(range(12), failsWith([2, 9]), 100);
    expect(r.minimal).toEqual([2, 9]);
    expect(r.exhausted).toBe(false);
  });

  it('returns the empty list when it fails with no faults at all', async () => {
    expect(await ddmin(range(5), failsWith([]), 10)).toEqual({ minimal: [], tests: 1, exhausted: false });
  });

  it('never tests a list twice and stops at the budget with the best so far', async () => {
    const log: number[][] = [];
    const r = await ddmin(range(32), failsWith([5, 6, 20]), 9);
    expect(r.exhausted).toBe(true);
    expect(r.tests).toBe(9);
    expect(r.minimal.length).toBeLessThan(32);
    for (const c of [5, 6, 20]) expect(r.minimal).toContain(c);
    const r2 = await ddmin(range(8), failsWith([1, 6], log), 100);
    expect(r2.minimal).toEqual([1, 6]);
    expect(new Set(log.map((l) => l.join(','))).size).toBe(log.length);
  });
});

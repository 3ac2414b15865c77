import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateAppendHistory, type AppendGenOptions } from '../../../bench/txn-gen.js';
import { checkTxn } from '../../../checkers/txn/index.js';
import type { History } from '../../../core/op.js';

/** Small generated histories: a few keys so that transactions meet. */
const small = fc.record({
  txns: fc.integer({ min: 10, max: 150 }),
  processes: fc.integer({ min: 2, max: 6 }),
  activeKeys: fc.integer({ min: 1, max: 4 }),
  writesPerKey: fc.integer({ min: 3, max: 12 }),
  maxMops: fc.integer({ min: 1, max: 4 }),
  seed: fc.integer({ min: 1, max: 2 ** 30 }),
  crashRate: fc.constantFrom(0, 0.05),
});

const check = (h: History, models: string[]) => checkTxn(h, { model: 'list-append', consistencyModels: models });

/** The external ok reads of key `k` in `h` (no earlier append to `k` in the same txn). */
function reads(h: History, k: number): number[][] {
  const out: number[][] = [];
  for (const op of h) {
    if (op.type !== 'ok') continue;
    const mops = op.value as [string, number, unknown][];
    mops.forEach((m, i) => {
      if (m[0] === 'r' && m[1] === k && !mops.slice(0, i).some((e) => e[0] === 'append' && e[1] === k)) out.push((m[2] ?? []) as number[]);
    });
  }
  return out;
}

describe('txn checker properties (simulated stores)', () => {
  it('a serializable store (each txn at one instant inside its call) is strict-serializable', () => {
    fc.assert(
      fc.property(small, (o: AppendGenOptions) => {
        const v = check(generateAppendHistory({ ...o, mode: 'serializable' }).history, ['strict-serializable']);
        expect(v.anomalyTypes).toEqual([]);
        expect(v.valid).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('a snapshot-isolation store never yields G0, G1, lost update or G-single, and does yield write skew (G2-item)', () => {
    const forbidden = /^(G0|G1|G-single|G-nonadjacent|lost-update|internal|dirty|incompatible|duplicate|garbage|future)/;
    let skew = 0;
    fc.assert(
      fc.property(small, (o: AppendGenOptions) => {
        const v = check(generateAppendHistory({ ...o, mode: 'snapshot-isolation' }).history, ['strong-session-snapshot-isolation']);
        expect(v.anomalyTypes.filter((t) => forbidden.test(t))).toEqual([]);
        expect(v.valid).toBe(true);
        if (v.anomalyTypes.some((t) => t.startsWith('G2-item'))) skew++;
      }),
      { numRuns: 150 },
    );
    expect(skew).toBeGreaterThan(0);
  });

  it('a read-committed store yields only what read committed allows, and some read skew or lost updates', () => {
    let weaker = 0;
    fc.assert(
      fc.property(small, (o: AppendGenOptions) => {
        const v = check(generateAppendHistory({ ...o, mode: 'read-committed' }).history, ['read-committed']);
        expect(v.valid).toBe(true);
        if (!check(generateAppendHistory({ ...o, mode: 'read-committed' }).history, ['snapshot-isolation']).valid) weaker++;
      }),
      { numRuns: 100 },
    );
    expect(weaker).toBeGreaterThan(0);
  });

  it('an intermediate read that is also out of order is still G1b (fast-check counterexample, seed 299404126)', () => {
    const o = { txns: 10, processes: 4, activeKeys: 1, writesPerKey: 5, maxMops: 2, seed: 299404126, crashRate: 0 } as AppendGenOptions;
    const { history, injected } = generateAppendHistory({ ...o, mode: 'serializable', inject: { abortedReads: 2, intermediateReads: 2, lostAppends: 2 } });
    const v = check(history, ['serializable']);
    const inter = injected.filter((inj) => inj.kind === 'intermediate-read' && reads(history, inj.key).some((r) => r.at(-1) === inj.value));
    expect(inter.length).toBeGreaterThan(0);
    expect(v.anomalyTypes).toContain('G1b');
  });

  it('injected aborted reads, intermediate reads and lost appends are found whenever a read shows them', () => {
    let seen = 0;
    fc.assert(
      fc.property(small, (o: AppendGenOptions) => {
        const { history, injected } = generateAppendHistory({ ...o, mode: 'serializable', inject: { abortedReads: 2, intermediateReads: 2, lostAppends: 2 } });
        const v = check(history, ['serializable']);
        for (const inj of injected) {
          const rs = reads(history, inj.key);
          if (inj.kind === 'aborted-read' && rs.some((r) => r.includes(inj.value as number))) {
            seen++;
            expect(v.anomalyTypes).toContain('G1a');
          }
          if (inj.kind === 'intermediate-read' && rs.some((r) => r.at(-1) === inj.value)) {
            seen++;
            expect(v.anomalyTypes).toContain('G1b');
          }
          const prefix = (a: number[], b: number[]): boolean => a.every((x, i) => b[i] === x);
          if (inj.kind === 'lost-append' && rs.some((a) => rs.some((b) => !prefix(a, b) && !prefix(b, a)))) {
            seen++;
            expect(v.anomalyTypes).toContain('incompatible-order');
          }
        }
      }),
      { numRuns: Number(process.env.TXN_PROP_RUNS ?? 150) },
    );
    expect(seen).toBeGreaterThan(20);
  });
});

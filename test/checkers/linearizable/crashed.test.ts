/**
 * Crashed (`info`) ops: the checker, which places crashed ops as interchangeable tokens by
 * class, prunes dominated and needless placements, and stops at reads nothing can satisfy,
 * agrees with a brute-force oracle on 10,000 small histories with 0–4 crashed ops; and on the
 * bench's hot-key histories, one read altered to a never-written value is found and named.
 */
import { describe, expect, it } from 'vitest';
import { checkLinearizable, findModel } from '../../../checkers/linearizable/index.js';
import { alterOneRead, generateCrashedHistory } from '../../../bench/crash-gen.js';
import { bruteForceLinearizable } from './brute-force.js';
import { smallCrashHistory } from './crash-sim.js';

describe('crashed ops: fast checker agrees with brute force', () => {
  for (const model of ['register', 'cas-register'] as const) {
    it(`${model}: 5,000 histories of up to 10 ops with 0-4 crashed`, async () => {
      const m = findModel(model);
      if (m === undefined) throw new Error(model);
      const kinds = { valid: 0, invalid: 0, crashed: 0 };
      const disagreements: number[] = [];
      for (let seed = 1; seed <= 5000; seed++) {
        const h = smallCrashHistory({
          model,
          ops: 1 + (seed % 10),
          crashed: seed % 5,
          threads: 2 + (seed % 3),
          corruptRate: 0.6,
          seed: seed * 7919 + model.length,
        });
        const expected = bruteForceLinearizable(h, m);
        const v = await checkLinearizable(h, model);
        if (v.valid !== expected) disagreements.push(seed);
        kinds[expected ? 'valid' : 'invalid']++;
        if (h.some((op) => op.type === 'info')) kinds.crashed++;
      }
      expect(disagreements).toEqual([]);
      expect(kinds.valid).toBeGreaterThan(1000);
      expect(kinds.invalid).toBeGreaterThan(1000);
      expect(kinds.crashed).toBeGreaterThan(3000);
    });
  }
});

describe('hot-key histories with crashed ops (bench generator)', () => {
  const h = generateCrashedHistory({ ops: 3000, threads: 20, seed: 5 });

  it('a generated history is linearizable', async () => {
    const v = await checkLinearizable(h, 'cas-register', { timeoutMs: 30_000 });
    expect(v.valid).toBe(true);
  });

  it('one read altered to a never-written value is invalid, and the read is named', async () => {
    const altered = alterOneRead(h);
    const v = await checkLinearizable(altered.history, 'cas-register', { timeoutMs: 30_000 });
    expect(v.valid).toBe(false);
    const p = v.failures[0].prefixes[0];
    expect(p.blocking.text).toBe(`p${String(altered.history[altered.index].process)} read → 99`);
    expect(p.why).toBe('unreachable');
    expect(v.explanation).toMatch(/read → 99/);
  });
});

describe('property: a read of a never-written value breaks a linearizable history', () => {
  for (const model of ['register', 'cas-register'] as const) {
    it(`${model}: 300 histories of up to 40 ops with crashes, each with one read altered`, async () => {
      let altered = 0;
      for (let seed = 1; seed <= 300; seed++) {
        const h = smallCrashHistory({ model, ops: 10 + (seed % 31), crashed: seed % 6, threads: 2 + (seed % 5), corruptRate: 0, seed: seed * 104729 });
        expect((await checkLinearizable(h, model)).valid).toBe(true);
        const reads = h.flatMap((op, i) => (op.type === 'ok' && op.f === 'read' ? [i] : []));
        if (reads.length === 0) continue;
        const at = reads[seed % reads.length];
        const bad = h.slice();
        bad[at] = { ...h[at], value: 99 };
        const v = await checkLinearizable(bad, model);
        expect(v.valid, `seed ${seed}`).toBe(false);
        expect(v.explanation).toMatch(/read → 99/);
        altered++;
      }
      expect(altered).toBeGreaterThan(250);
    });
  }
});

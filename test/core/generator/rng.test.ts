import { describe, expect, it } from 'vitest';
import { Rng } from '../../../core/generator/index.js';

const draws = (r: Rng, n: number): number[] => Array.from({ length: n }, () => r.next());

describe('Rng', () => {
  it('gives the same sequence for the same seed and different ones for different seeds', () => {
    expect(draws(Rng.fromSeed(42), 20)).toEqual(draws(Rng.fromSeed(42), 20));
    expect(draws(Rng.fromSeed(42), 20)).not.toEqual(draws(Rng.fromSeed(43), 20));
    expect(draws(Rng.fromSeed(0), 20)).not.toEqual(draws(Rng.fromSeed(2 ** 32), 20));
    expect(draws(Rng.fromSeed(-1), 20)).not.toEqual(draws(Rng.fromSeed(1), 20));
    expect(draws(Rng.fromSeed(7, 0), 20)).not.toEqual(draws(Rng.fromSeed(7, 1), 20));
  });

  it('draws 32-bit unsigned integers', () => {
    for (const x of draws(Rng.fromSeed(9), 1000)) {
      expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
    }
  });

  it('int(n) covers 0..n-1 roughly uniformly', () => {
    const r = Rng.fromSeed(3);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 60_000; i++) counts[r.int(6)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(r.int(1)).toBe(0);
    const big = r.int(2 ** 40);
    expect(Number.isInteger(big) && big >= 0 && big < 2 ** 40).toBe(true);
  });

  it('float() lies in [0, 1) with mean about 1/2', () => {
    const r = Rng.fromSeed(5);
    let sum = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = r.float();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
    }
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
  });

  it('clone copies the state; fork is deterministic and independent of the parent', () => {
    const a = Rng.fromSeed(11);
    a.next();
    const b = a.clone();
    expect(draws(b, 10)).toEqual(draws(a, 10));
    const p1 = Rng.fromSeed(12);
    const p2 = Rng.fromSeed(12);
    const c1 = p1.fork();
    const c2 = p2.fork();
    expect(draws(c1, 10)).toEqual(draws(c2, 10));
    expect(draws(p1.clone(), 10)).not.toEqual(draws(p1.fork(), 10));
  });

  it('round-trips its state', () => {
    const a = Rng.fromSeed(99);
    a.next();
    const b = Rng.fromState(a.state());
    expect(draws(b, 5)).toEqual(draws(a, 5));
  });

  it('rejects bad seeds and bounds, quoting them', () => {
    expect(() => Rng.fromSeed(1.5)).toThrow(/1\.5/);
    expect(() => Rng.fromSeed(Number.NaN)).toThrow(/NaN/);
    expect(() => Rng.fromSeed(1).int(0)).toThrow(/got 0/);
    expect(() => Rng.fromSeed(1).pick([])).toThrow(RangeError);
    expect(() => Rng.fromState([0, 0, 0, 0])).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { checkTxn } from '../../../checkers/txn/index.js';
import { randomHistory, randomRegisterHistory, registerSerializableByBruteForce, serializableByBruteForce } from './oracle.js';

describe('txn checker vs a brute-force oracle (every serial order of ≤ 8 txns)', () => {
  it('agrees on serializability for 10,000 random small list-append histories', () => {
    const disagreements: number[] = [];
    let invalid = 0;
    for (let seed = 1; seed <= 10_000; seed++) {
      const h = randomHistory(seed);
      const oracle = serializableByBruteForce(h);
      const v = checkTxn(h, { model: 'list-append', consistencyModels: ['serializable'] });
      if (!oracle) invalid++;
      if ((v.valid === true) !== oracle) disagreements.push(seed);
    }
    expect(disagreements.slice(0, 10)).toEqual([]);
    expect(invalid).toBeGreaterThan(1000);
    expect(invalid).toBeLessThan(9000);
  });

  it('rw-register: never calls a serializable history invalid (its inference is sound, not complete, like Elle)', () => {
    const wrong: number[] = [];
    let caught = 0;
    let invalid = 0;
    for (let seed = 1; seed <= 5_000; seed++) {
      const h = randomRegisterHistory(seed);
      const oracle = registerSerializableByBruteForce(h);
      const v = checkTxn(h, { model: 'rw-register', consistencyModels: ['serializable'] });
      if (!oracle) invalid++;
      if (v.valid === false && oracle) wrong.push(seed);
      if (v.valid === false && !oracle) caught++;
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(invalid).toBeGreaterThan(500);
    expect(caught / invalid).toBeGreaterThan(0.5);
  });
});

/**
 * Random words for hashing sets of ops incrementally: the hash of a set is the XOR of its
 * members' words, so adding or removing an op is one XOR and nothing is ever rehashed.
 */

/** Deterministic 32-bit xorshift words for the per-op hashes. Pure given the seed. */
export function randomWords(n: number, seed: number, out: Int32Array = new Int32Array(n)): Int32Array {
  let x = seed | 0 || 0x2545f491;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x;
  }
  return out;
}

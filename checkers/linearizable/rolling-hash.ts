/**
 * A rolling string hash for models whose states are strings that grow by appending: the hash
 * of `s + v` comes from the hash of `s` in O(|v|). 32 bits; collisions are for the caller to
 * resolve by comparing the strings. Pure.
 */

const BASE = 0x01000193;

/** The hash of the empty string. */
export const EMPTY_HASH = 0x2f5d1ea3;

/** The hash of `s + v`, given `h`, the hash of `s`. Pure. */
export function rollHash(h: number, v: string): number {
  let a = h;
  for (let i = 0; i < v.length; i++) a = (Math.imul(a, BASE) + v.charCodeAt(i)) | 0;
  return a;
}

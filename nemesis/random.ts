/**
 * The randomness nemesis helpers take: anything with `int(n)`. The generator PRNG
 * (`Rng` from core/generator) is one, so a seed replays the same targets and cuts. Pure.
 */

/** A source of uniform integers: `int(n)` returns an integer in `0..n-1`. */
export interface Random {
  int(n: number): number;
}

/** A copy of `xs` in random order (Fisher–Yates; n−1 draws). Pure apart from the draws. */
export function shuffle<T>(xs: readonly T[], random: Random): T[] {
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}

/** The smallest majority of `n` nodes: ⌊n/2⌋ + 1. Pure. */
export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

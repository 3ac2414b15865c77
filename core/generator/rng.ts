/**
 * A small, fast, seeded pseudo-random number generator for generators and simulations:
 * xoshiro128** over four 32-bit words, seeded through splitmix32. Same seed ⇒ same sequence,
 * on every platform. Not for cryptography.
 */

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** One splitmix32 step: returns the output and the next state. Pure. */
function splitmix32(state: number): [out: number, next: number] {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z ^= z >>> 15;
  return [z >>> 0, next];
}

/** Four state words from two 32-bit seed halves and a stream number. Pure. */
function expand(lo: number, hi: number, stream: number): [number, number, number, number] {
  const words: number[] = [];
  let a = lo | 0;
  let b = (hi ^ Math.imul(stream, 0x85ebca6b) ^ 0x6a09e667) | 0;
  for (let i = 0; i < 4; i++) {
    const [x, na] = splitmix32(a);
    const [y, nb] = splitmix32(b);
    a = na;
    b = nb;
    words.push((x ^ Math.imul(y, 0x27d4eb2f)) >>> 0);
  }
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1; // all-zero is a fixed point
  return [words[0], words[1], words[2], words[3]];
}

/**
 * A seeded PRNG (xoshiro128**). Mutable: every draw advances it. Use {@link Rng.clone} to keep
 * a checkpoint and {@link Rng.fork} to hand an independent stream to someone else.
 *
 * @example
 * const rng = Rng.fromSeed(42);
 * rng.int(6); // 0..5, the same on every run with seed 42
 */
export class Rng {
  private constructor(
    private s0: number,
    private s1: number,
    private s2: number,
    private s3: number,
  ) {}

  /**
   * A generator seeded by `seed` (any safe integer, negative allowed) and an optional `stream`
   * number (default 0) that selects an independent sequence for the same seed. Throws a
   * RangeError quoting the seed when it is not a safe integer.
   */
  static fromSeed(seed: number, stream = 0): Rng {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`Rng seed must be a safe integer, got ${String(seed)}`);
    const big = BigInt(seed);
    const lo = Number(BigInt.asUintN(32, big));
    const hi = Number(BigInt.asUintN(32, big >> 32n));
    return new Rng(...expand(lo, hi, stream | 0));
  }

  /** A generator resuming from a state captured with {@link Rng.state}. */
  static fromState(state: readonly [number, number, number, number]): Rng {
    const [a, b, c, d] = state.map((w) => w >>> 0);
    if ((a | b | c | d) === 0) throw new RangeError('Rng state must not be all zero');
    return new Rng(a, b, c, d);
  }

  /** The next 32-bit unsigned integer, uniform over 0..2^32-1. Advances the state. */
  next(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * A uniform integer in `0..n-1`, without modulo bias. `n` must be a positive safe integer;
   * throws a RangeError quoting it otherwise.
   */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`Rng.int bound must be a positive integer, got ${String(n)}`);
    if (n === 1) return 0;
    if (n > TWO_POW_32) return Math.floor(this.float() * n);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.next();
      if (x < limit) return x % n;
    }
  }

  /** A uniform float in [0, 1) with 53 random bits (two draws). */
  float(): number {
    const hi = this.next() >>> 5; // 27 bits
    const lo = this.next() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_POW_53;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new RangeError('Rng.pick needs a non-empty array');
    return xs[this.int(xs.length)];
  }

  /**
   * A new, independent generator seeded from this one's next draws (advances this one by four
   * draws). Deterministic: the same parent state forks the same child.
   */
  fork(): Rng {
    return new Rng(...expand(this.next(), this.next(), this.next() ^ Math.imul(this.next(), 0x9e3779b1)));
  }

  /** An exact copy of this generator's state; the two then advance independently. */
  clone(): Rng {
    return new Rng(this.s0, this.s1, this.s2, this.s3);
  }

  /** The current state, for storing and {@link Rng.fromState}. */
  state(): [number, number, number, number] {
    return [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0];
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

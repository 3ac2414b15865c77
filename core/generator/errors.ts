/**
 * Errors raised by the generator library: a broken generator contract (an op for a busy
 * thread, a schedule that can never progress) or a bad argument to a combinator.
 */

/** A generator broke its contract or a combinator got a bad argument. The message quotes it. */
export class GeneratorError extends Error {
  override name = 'GeneratorError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Throws a {@link GeneratorError} unless `n` is a non-negative integer (or Infinity when allowed). */
export function checkCount(what: string, n: number, allowInfinity = false): void {
  const ok = (allowInfinity && n === Infinity) || (Number.isSafeInteger(n) && n >= 0);
  if (!ok) throw new GeneratorError(`${what} must be a non-negative integer, got ${String(n)}`);
}

/** Throws a {@link GeneratorError} unless `ns` is a finite, non-negative duration. */
export function checkDuration(what: string, ns: number): void {
  if (!Number.isFinite(ns) || ns < 0) throw new GeneratorError(`${what} must be a finite, non-negative number of ns, got ${String(ns)}`);
}

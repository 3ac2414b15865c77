/**
 * Parsing single flag values (as strings) for `faultline test` and the systems' options. Pure:
 * a bad value throws a {@link UsageError} naming the flag (or `file: key`) and quoting the
 * value, on one line.
 */
import { UsageError, quote } from '../errors.js';

/** A positive decimal number (e.g. seconds, ops/s), at most `max`. Pure. */
export function positiveNumber(flag: string, raw: string, what: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(n > 0) || !Number.isFinite(n) || n > max) {
    throw new UsageError(`${flag}: expected ${what}${max < Number.MAX_SAFE_INTEGER ? ` (at most ${max})` : ''}, got ${quote(raw)}`);
  }
  return n;
}

/** An integer in `min..max`. Pure. */
export function integerIn(flag: string, raw: string, min: number, max: number): number {
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got ${quote(raw)}`);
  }
  return n;
}

/**
 * Client threads: an integer ≥ 1, or `<k>n` / `n` meaning k × nodes (e.g. `2n`). Pure.
 * @returns the number of threads, at most 1000
 */
export function concurrency(raw: string, nodes: number, flag = '--concurrency'): number {
  const m = /^\s*(\d*)n\s*$/.exec(raw);
  const n = m ? (m[1] === '' ? 1 : Number(m[1])) * nodes : /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 1000) {
    throw new UsageError(`${flag}: expected a number of threads (1 to 1000) or a multiple of the node count like 2n, got ${quote(raw)}`);
  }
  return n;
}

/** A seed: an integer from 0 to 2^53 - 1. Pure. */
export function seed(raw: string, flag = '--seed'): number {
  const n = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag}: expected an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got ${quote(raw)}`);
  return n;
}

/**
 * Nemesis names: a comma-separated list of distinct lowercase names, or `none` (→ empty).
 * Pure.
 */
export function nemesisList(raw: string, flag = '--nemesis'): string[] {
  const names = raw.split(',').map((s) => s.trim());
  if (names.length === 1 && names[0] === 'none') return [];
  for (const n of names) {
    if (!/^[a-z][a-z0-9-]*$/.test(n) || n === 'none') {
      throw new UsageError(`${flag}: expected comma-separated fault names (e.g. partition,kill) or none, got ${quote(raw)}`);
    }
  }
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new UsageError(`${flag}: ${quote(dup)} is listed twice in ${quote(raw)}`);
  return names;
}

/** A probability in (0, 1]; `true` (flag without value) means `dflt`. Pure. */
export function probability(flag: string, raw: string | boolean, dflt: number): number {
  if (raw === true) return dflt;
  if (raw === false) return 0;
  const n = /^\s*\d*(\.\d+)?\s*$/.test(raw) && raw.trim() !== '' ? Number(raw) : NaN;
  if (!(n > 0 && n <= 1)) throw new UsageError(`${flag}: expected a probability greater than 0 and at most 1, got ${quote(raw)}`);
  return n;
}

/**
 * Checks that a system-specific flag is used with its system.
 * @throws UsageError naming the flag, its system and the one given
 */
export function systemOnly(flag: string, system: string, wanted: string): void {
  if (system !== wanted) throw new UsageError(`${flag}: applies to system ${wanted} only, not ${quote(system)}`);
}

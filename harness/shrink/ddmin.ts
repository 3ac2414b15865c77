/**
 * Delta debugging (Zeller's ddmin) over a list, with a budget of tests: the smallest sublist
 * found that still fails, trying chunks and their complements at finer and finer grain. A
 * test says whether a sublist still fails; tests are expensive (each is a whole run), so the
 * same sublist is never tested twice and the search stops when the budget is spent (the best
 * failing list so far is the answer). Pure apart from the injected test.
 */

/** What a test of a sublist found. */
export type Outcome = 'fail' | 'pass';

/** The result of {@link ddmin}. */
export interface DdminResult<T> {
  /** The smallest failing list found. */
  minimal: T[];
  /** Tests run. */
  tests: number;
  /** True when the budget ran out before the list was 1-minimal. */
  exhausted: boolean;
}

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  const size = xs.length / n;
  for (let i = 0; i < n; i++) out.push(xs.slice(Math.round(i * size), Math.round((i + 1) * size)));
  return out.filter((c) => c.length > 0);
}

/**
 * Shrinks `failing` (known to fail) to a smaller failing sublist. Tries the empty list first
 * (does it fail with no faults at all?), then ddmin.
 * @param test runs a sublist; called at most `budget` times
 */
export async function ddmin<T>(failing: readonly T[], test: (xs: T[]) => Promise<Outcome>, budget: number): Promise<DdminResult<T>> {
  let tests = 0;
  const seen = new Map<string, Outcome>();
  const key = (xs: readonly T[]): string => xs.map((x) => failing.indexOf(x)).join(',');
  const fails = async (xs: T[]): Promise<boolean | undefined> => {
    const k = key(xs);
    const known = seen.get(k);
    if (known !== undefined) return known === 'fail';
    if (tests >= budget) return undefined;
    tests++;
    const o = await test(xs);
    seen.set(k, o);
    return o === 'fail';
  };
  let c = [...failing];
  const none = await fails([]);
  if (none === true) return { minimal: [], tests, exhausted: false };
  let n = 2;
  while (c.length >= 2) {
    const parts = chunks(c, n);
    let reduced = false;
    for (const part of parts) {
      const r = await fails(part);
      if (r === undefined) return { minimal: c, tests, exhausted: true };
      if (r) {
        c = part;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced && n > 2) {
      for (const part of parts) {
        const complement = c.filter((x) => !part.includes(x));
        const r = await fails(complement);
        if (r === undefined) return { minimal: c, tests, exhausted: true };
        if (r) {
          c = complement;
          n = Math.max(n - 1, 2);
          reduced = true;
          break;
        }
      }
    }
    if (reduced) continue;
    if (n >= c.length) break;
    n = Math.min(c.length, n * 2);
  }
  if (c.length === 1 && none === undefined) return { minimal: c, tests, exhausted: true };
  return { minimal: c, tests, exhausted: false };
}

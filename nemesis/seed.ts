/**
 * The seed nemeses use for choices an op leaves open (a shape without a seed, targets without
 * a seed): the run's `seed` option, so a replay with `--seed` makes the same choices. Pure.
 */

/** The run's seed from its options (`seed`, a safe integer), or 0. Pure. */
export function nemesisSeed(options: Readonly<Record<string, unknown>>): number {
  const s = options.seed;
  return typeof s === 'number' && Number.isSafeInteger(s) ? s : 0;
}

/**
 * The memory system's options as `faultline test memory --help` lists them and the config file
 * takes them. Pure.
 */
import { UsageError } from '../../core/errors.js';
import type { OptionSpec } from '../../core/options/spec.js';
import { show } from '../../core/options/spec.js';
import { probability } from '../../core/options/values.js';

/** Stale-read probability of the bare `--memory-stale-reads` flag. */
export const DEFAULT_STALE_READS = 0.5;

/** The memory system's options. */
export const MEMORY_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'memoryStaleReads',
    type: 'probability 0..1',
    default: 0,
    flag: '--memory-stale-reads [p]',
    help: `reads on nodes other than n1 are stale with probability p (0 = off; the bare flag: ${DEFAULT_STALE_READS})`,
    fromFlag: (raw, label) => probability(label, raw, DEFAULT_STALE_READS),
    parse: (v, label) => {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new UsageError(`${label}: expected a probability from 0 to 1, got ${show(v)}`);
      return v;
    },
    describe: (v) => ((v as number) > 0 ? `stale reads p=${v as number}` : ''),
  },
];

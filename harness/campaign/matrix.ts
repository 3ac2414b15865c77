/**
 * The plan of a campaign: systems × workloads × nemesis sets, each cell run `testCount` times
 * with fresh seeds (or given ones), as a flat list of planned runs in the order they start
 * (cell by cell). Parsing the list flags is pure: a bad value is a one-line UsageError naming
 * the flag.
 */
import { UsageError, quote } from '../../core/errors.js';
import { nemesisList } from '../../core/options/values.js';

/** One run the campaign will start. */
export interface PlannedRun {
  /** 1-based position in the campaign. */
  readonly index: number;
  readonly system: string;
  readonly workload: string;
  /** The nemesis set; empty = none. */
  readonly nemesis: readonly string[];
  /** 1-based repetition of its cell. */
  readonly repeat: number;
  /** A given seed; absent = a fresh one when the run starts. */
  readonly seed?: number;
}

/** What a campaign's matrix is made of. */
export interface MatrixSpec {
  systems: readonly string[];
  workloads: readonly string[];
  /** Nemesis sets, each a list of fault names (empty = none); or the sets of each system. */
  nemeses: readonly (readonly string[])[] | ((system: string) => readonly (readonly string[])[]);
  /** Runs per cell. */
  testCount: number;
  /** Seeds by repetition (repetition k uses seeds[k-1]); absent = fresh seeds. */
  seeds?: readonly number[];
}

/** A comma-separated list of distinct names (`--systems etcd,zookeeper`). Pure. */
export function nameList(flag: string, raw: string): string[] {
  const names = raw.split(',').map((s) => s.trim());
  for (const n of names) if (!/^[a-z][a-z0-9_-]*$/.test(n)) throw new UsageError(`${flag}: expected comma-separated names, got ${quote(raw)}`);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new UsageError(`${flag}: ${quote(dup)} is listed twice in ${quote(raw)}`);
  return names;
}

/**
 * Nemesis sets: sets separated by `;` (or `|`), faults in a set by `,`; `none` is the empty
 * set. `partition,kill` is one set of two faults, `partition;kill` two sets. Pure.
 */
export function nemesisSets(raw: string, label = '--nemeses'): string[][] {
  const sets = raw.split(/[;|]/).map((s) => s.trim());
  const out: string[][] = [];
  for (const s of sets) {
    if (s === '') throw new UsageError(`${label}: an empty set in ${quote(raw)} (use none for no faults)`);
    try {
      out.push(nemesisList(s));
    } catch (e) {
      throw new UsageError(`${label}: ${(e as Error).message.replace(/^--nemesis: /, '')} (in ${quote(raw)})`);
    }
  }
  const key = out.map((s) => s.join(','));
  const dup = key.find((k, i) => key.indexOf(k) !== i);
  if (dup !== undefined) throw new UsageError(`${label}: the set ${quote(dup || 'none')} is listed twice in ${quote(raw)}`);
  return out;
}

/** Seeds `--seeds 1,2,3`: integers from 0 to 2^53 - 1. Pure. */
export function seedList(raw: string, label = '--seeds'): number[] {
  return raw.split(',').map((s) => {
    const n = /^\s*\d+\s*$/.test(s) ? Number(s) : NaN;
    if (!Number.isSafeInteger(n)) throw new UsageError(`${label}: expected comma-separated integers from 0 to ${Number.MAX_SAFE_INTEGER}, got ${quote(raw)}`);
    return n;
  });
}

/** The nemesis set as the table shows it (`partition,kill`, or `none`). Pure. */
export function nemesisLabel(set: readonly string[]): string {
  return set.length === 0 ? 'none' : set.join(',');
}

/**
 * Every run of the matrix, cell by cell (systems, then workloads, then nemesis sets), each
 * cell's repetitions together. Pure.
 * @throws UsageError when more seeds are given than runs per cell
 */
export function planRuns(spec: MatrixSpec): PlannedRun[] {
  if (spec.seeds !== undefined && spec.seeds.length > spec.testCount) {
    throw new UsageError(`--seeds: ${spec.seeds.length} seeds given for --test-count ${spec.testCount} (at most one seed per repetition)`);
  }
  const runs: PlannedRun[] = [];
  for (const system of spec.systems) {
    for (const workload of spec.workloads) {
      const sets = typeof spec.nemeses === 'function' ? spec.nemeses(system) : spec.nemeses;
      for (const nemesis of sets) {
        for (let k = 1; k <= spec.testCount; k++) {
          const seed = spec.seeds?.[k - 1];
          runs.push({ index: runs.length + 1, system, workload, nemesis, repeat: k, ...(seed === undefined ? {} : { seed }) });
        }
      }
    }
  }
  return runs;
}

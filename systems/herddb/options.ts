/**
 * The run options the HerdDB system reads (from the config file), validated once. Pure.
 */
import { UsageError } from '../../core/errors.js';
import type { Isolation } from './bridge.js';
import { DEFAULT_HEAP_MB } from './config.js';

/** HerdDB's options. */
export interface HerddbOptions {
  /**
   * The bridge's per-request deadline, ms (option `herddbTimeoutMs`, default 4000: under the
   * runner's 5 s op timeout, so an unanswered write is recorded with the bridge's reason).
   */
  timeoutMs: number;
  /** The JDBC driver's retries of a rejected request (option `herddbRetries`, default 3; the driver's own default is 100). */
  retries: number;
  /** Server JVM heap, MB (option `herddbHeapMb`, default 384; 128–1024). */
  heapMb: number;
  /**
   * Isolation of the clients' transactions (option `herddbIsolation`): `repeatable-read`
   * (default: read locks kept to the commit, the strongest level HerdDB offers) or
   * `read-committed` (the driver's default, under which a read of several rows may see a
   * transfer half done).
   */
  isolation: Isolation;
}

function integer(options: Readonly<Record<string, unknown>>, key: string, dflt: number, min: number, max: number, what: string): number {
  const v = options[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new UsageError(`${key} must be ${what} (${min}..${max}), got ${JSON.stringify(v)}`);
  }
  return v;
}

function isolation(v: unknown): Isolation {
  if (v === undefined) return 'repeatable-read';
  if (v === 'repeatable-read' || v === 'read-committed') return v;
  throw new UsageError(`herddbIsolation must be repeatable-read or read-committed, got ${JSON.stringify(v)}`);
}

/**
 * Reads {@link HerddbOptions} from a run's options, with defaults.
 * @throws UsageError quoting a value of the wrong type or range
 */
export function herddbOptions(options: Readonly<Record<string, unknown>>): HerddbOptions {
  return {
    timeoutMs: integer(options, 'herddbTimeoutMs', 4_000, 100, 600_000, 'an integer number of ms'),
    retries: integer(options, 'herddbRetries', 3, 0, 100, 'an integer count'),
    heapMb: integer(options, 'herddbHeapMb', DEFAULT_HEAP_MB, 128, 1024, 'an integer number of MB'),
    isolation: isolation(options.herddbIsolation),
  };
}

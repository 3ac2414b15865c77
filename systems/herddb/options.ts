/**
 * The run options the HerdDB system reads (from the config file), validated once. Pure.
 */
import { UsageError } from '../../core/errors.js';
import { booleanValue, integerValue, oneOfValue, type OptionSpec } from '../../core/options/spec.js';
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
  /**
   * Let the JDBC driver continue a transaction on whichever server leads now (option
   * `herddbUnpinnedTransactions`, default false). By default the bridge refuses to re-send or
   * send a transaction's statements and COMMIT anywhere but the server (and connection) that
   * began it: after a leader change or restart the id names another client's transaction there
   * (systems/herddb/findings/bank-failover.md). True reproduces HerdDB's half-applied transfers.
   */
  unpinned: boolean;
  /** Log every log entry each server applies, with its transaction id (option `herddbTraceLog`, default false; see config.ts). */
  traceApply: boolean;
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
    traceApply: options.herddbTraceLog === undefined ? false : booleanValue(options.herddbTraceLog, 'herddbTraceLog'),
    unpinned: options.herddbUnpinnedTransactions === undefined ? false : booleanValue(options.herddbUnpinnedTransactions, 'herddbUnpinnedTransactions'),
  };
}

/** HerdDB's options (config file keys) as `faultline test herddb --help` lists them. */
export const HERDDB_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'herddbIsolation', type: '"repeatable-read" | "read-committed"', default: 'repeatable-read', flag: '--herddb-isolation <level>',
    fromFlag: (raw, label) => oneOfValue(raw, label, ['repeatable-read', 'read-committed'] as const),
    help: 'isolation of the clients\' transactions: repeatable-read (read locks kept to the commit) or read-committed (a read of several rows may see a transfer half done)',
    parse: (v, label) => oneOfValue(v, label, ['repeatable-read', 'read-committed'] as const),
    describe: (v) => (v === 'repeatable-read' ? '' : `isolation ${v as string}`),
  },
  { key: 'herddbTimeoutMs', type: 'integer 100..600000 (ms)', default: 4_000, help: 'the bridge\'s per-request deadline', parse: (v, label) => integerValue(v, label, 100, 600_000) },
  { key: 'herddbRetries', type: 'integer 0..100', default: 3, help: 'the JDBC driver\'s retries of a rejected request', parse: (v, label) => integerValue(v, label, 0, 100) },
  {
    key: 'herddbUnpinnedTransactions', type: 'boolean', default: false, flag: '--herddb-unpinned-transactions',
    help: 'let the JDBC driver continue a transaction on a new leader (reproduces HerdDB\'s transaction-id reuse; default: refused, the transaction fails)',
    fromFlag: () => true, parse: booleanValue, describe: (v) => (v ? 'unpinned transactions' : ''),
  },
  {
    key: 'herddbTraceLog', type: 'boolean', default: false, flag: '--herddb-trace-log',
    help: 'servers log every log entry they apply, with its transaction id (large logs; for tracing replays across leader changes)',
    fromFlag: () => true, parse: booleanValue, describe: (v) => (v ? 'trace log' : ''),
  },
  { key: 'herddbHeapMb', type: 'integer 128..1024 (MB)', default: DEFAULT_HEAP_MB, help: 'server JVM heap', parse: (v, label) => integerValue(v, label, 128, 1024) },
];

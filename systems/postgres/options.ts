/**
 * The run options the PostgreSQL system reads (flags `--pg-isolation`, `--pg-replica-reads`,
 * `--pg-sync-standbys`; config keys `pgSynchronousCommit`, `pgTimeoutMs`, `pgTables`),
 * validated once. Pure.
 */
import { UsageError, quote } from '../../core/errors.js';

/** Isolation levels a client runs its transactions at. */
export const PG_ISOLATIONS = ['serializable', 'repeatable-read', 'read-committed'] as const;
/** One of {@link PG_ISOLATIONS}. */
export type PgIsolation = (typeof PG_ISOLATIONS)[number];

const SYNC_COMMIT = ['on', 'remote_apply', 'remote_write', 'local', 'off'] as const;

/** PostgreSQL's options. */
export interface PgOptions {
  /** `pgIsolation`, default `serializable`. */
  isolation: PgIsolation;
  /** `pgReplicaReads`: read-only transactions go to the worker's node when it is a standby. Default false. */
  replicaReads: boolean;
  /** `pgSyncStandbys`: commits wait for this many standbys. Default 0 (asynchronous). */
  syncStandbys: number;
  /** `pgSynchronousCommit`, default `on`. */
  synchronousCommit: (typeof SYNC_COMMIT)[number];
  /** `pgTimeoutMs`: deadline of one statement and of connecting, ms. Default 4000 (under the runner's 5 s op timeout). */
  timeoutMs: number;
  /** `pgTables`: keys are spread over this many tables (key mod tables). Default 3. */
  tables: number;
}

function integer(options: Readonly<Record<string, unknown>>, key: string, dflt: number, min: number, max: number): number {
  const v = options[key] ?? dflt;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new UsageError(`${key}: expected an integer from ${min} to ${max}, got ${quote(String(v))}`);
  return v;
}

function oneOf<T extends string>(options: Readonly<Record<string, unknown>>, key: string, allowed: readonly T[], dflt: T): T {
  const v = options[key] ?? dflt;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) throw new UsageError(`${key}: expected one of ${allowed.join(', ')}, got ${quote(String(v))}`);
  return v as T;
}

/**
 * Reads {@link PgOptions} from a run's options, with defaults.
 * @throws UsageError naming the option and quoting a bad value
 */
export function pgOptions(options: Readonly<Record<string, unknown>>): PgOptions {
  return {
    isolation: oneOf(options, 'pgIsolation', PG_ISOLATIONS, 'serializable'),
    replicaReads: options.pgReplicaReads === true,
    syncStandbys: integer(options, 'pgSyncStandbys', 0, 0, 16),
    synchronousCommit: oneOf(options, 'pgSynchronousCommit', SYNC_COMMIT, 'on'),
    timeoutMs: integer(options, 'pgTimeoutMs', 4_000, 100, 600_000),
    tables: integer(options, 'pgTables', 3, 1, 64),
  };
}

/** The SQL name of an isolation level. Pure. */
export function isolationSql(i: PgIsolation): string {
  return i === 'serializable' ? 'SERIALIZABLE' : i === 'repeatable-read' ? 'REPEATABLE READ' : 'READ COMMITTED';
}

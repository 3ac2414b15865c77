/**
 * The run options the PostgreSQL system reads (flags `--pg-isolation`, `--pg-replica-reads`,
 * `--pg-sync-standbys`, `--pg-synchronous-commit`; config keys `pgTimeoutMs`, `pgTables`),
 * validated once. Pure.
 */
import { UsageError, quote } from '../../core/errors.js';
import { booleanValue, integerValue, oneOfValue, type OptionSpec } from '../../core/options/spec.js';
import { integerIn } from '../../core/options/values.js';

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
  /** `pgFsync`: postgresql.conf `fsync`. Default true; false = `fsync = off` (commits survive a crash only by luck). */
  fsync: boolean;
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
    fsync: options.pgFsync !== false,
  };
}

/** The SQL name of an isolation level. Pure. */
export function isolationSql(i: PgIsolation): string {
  return i === 'serializable' ? 'SERIALIZABLE' : i === 'repeatable-read' ? 'REPEATABLE READ' : 'READ COMMITTED';
}

/** PostgreSQL's options as `faultline test postgres --help` lists them and the config file takes them. */
export const POSTGRES_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'pgIsolation', type: '"serializable" | "repeatable-read" | "read-committed"', default: 'serializable', flag: '--pg-isolation <level>',
    help: 'isolation level of the clients\' transactions',
    fromFlag: (raw, label) => oneOfValue(raw, label, PG_ISOLATIONS), parse: (v, label) => oneOfValue(v, label, PG_ISOLATIONS),
    describe: (v) => (v === 'serializable' ? '' : `isolation ${v as string}`),
  },
  {
    key: 'pgReplicaReads', type: 'boolean', default: false, flag: '--pg-replica-reads',
    help: 'read-only transactions go to the streaming replicas (repeatable read there)',
    fromFlag: () => true, parse: booleanValue, describe: (v) => (v ? 'reads on replicas' : ''),
  },
  {
    key: 'pgSyncStandbys', type: 'integer 0..16', default: 0, flag: '--pg-sync-standbys <n>',
    help: 'commits wait for n synchronous standbys (0: asynchronous replication)',
    fromFlag: (raw, label) => integerIn(label, String(raw), 0, 16), parse: (v, label) => integerValue(v, label, 0, 16),
    describe: (v) => ((v as number) > 0 ? `${v as number} synchronous standbys` : ''),
  },
  {
    key: 'pgSynchronousCommit', type: SYNC_COMMIT.map((s) => `"${s}"`).join(' | '), default: 'on', flag: '--pg-synchronous-commit <mode>',
    help: 'the primary\'s synchronous_commit (remote_apply with --pg-sync-standbys: a commit returns once the standbys applied it)',
    fromFlag: (raw, label) => oneOfValue(raw, label, SYNC_COMMIT), parse: (v, label) => oneOfValue(v, label, SYNC_COMMIT),
    describe: (v) => (v === 'on' ? '' : `synchronous_commit ${v as string}`),
  },
  { key: 'pgTimeoutMs', type: 'integer 100..600000 (ms)', default: 4_000, help: 'deadline of one statement and of connecting', parse: (v, label) => integerValue(v, label, 100, 600_000) },
  { key: 'pgTables', type: 'integer 1..64', default: 3, help: 'keys are spread over this many tables (key mod tables)', parse: (v, label) => integerValue(v, label, 1, 64) },
  {
    key: 'pgFsync', type: 'boolean', default: true, flag: '--pg-no-fsync',
    help: 'postgresql.conf fsync; the flag (or false) gives fsync=off: commits acknowledged without reaching the disk (lost by --nemesis power-loss)',
    fromFlag: () => false, parse: booleanValue, describe: (v) => (v ? '' : 'fsync=off'),
  },
];

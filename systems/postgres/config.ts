/**
 * Where PostgreSQL 15 lives on a node (image `postgres`) and how it is configured and started:
 * one data directory per run under {@link PG_DIR}, owned by the `postgres` user; the primary on
 * the first node, physical streaming replicas on the others; every postgres process under
 * libfaketime reading its offset from {@link FAKETIME_FILE}. Pure.
 */
import { LIBFAKETIME } from '../../clusters/jvm/faketime.js';

/** Debian's PostgreSQL 15 binaries. */
export const PG_BIN = '/usr/lib/postgresql/15/bin';
/** The run's folder on a node. */
export const PG_DIR = '/var/lib/faultline-pg';
/** The cluster's data directory. */
export const DATA_DIR = `${PG_DIR}/data`;
/**
 * A cleanly shut-down cluster made by {@link initdbArgv} when the image was built (the same on
 * every node: one system identifier). A run copies it to {@link DATA_DIR} on every node, so a
 * standby starts from the primary's own first state instead of initdb plus a base backup.
 */
export const TEMPLATE_DIR = '/var/lib/faultline-pg-template';
/** The server's log (stdout and stderr of every start in the run). */
export const LOG_FILE = `${PG_DIR}/postgres.log`;
/** libfaketime's time file: `+0`, `+120`, `-90.5` (seconds of offset from the real clock). */
export const FAKETIME_FILE = `${PG_DIR}/faketime`;
/** The port every server listens on. */
export const PG_PORT = 5432;
/** The OS user the server runs as. */
export const PG_USER = 'postgres';
/** The process name `pgrep -x` finds (the postmaster and every backend). */
export const PROCESS = 'postgres';

/** How the primary commits. */
export interface PrimaryConf {
  /** Commits wait for this many standbys (`ANY n (...)`); 0 = asynchronous replication. */
  syncStandbys: number;
  /** `synchronous_commit` (`on`, `remote_apply`, `remote_write`, `local`, `off`). */
  synchronousCommit: string;
  /** Names of the standbys (their `application_name`s, i.e. node names). */
  standbys: readonly string[];
  /** `fsync`; false writes `fsync = off`. Default true. */
  fsync?: boolean;
}

/** Quotes a value for postgresql.conf. Pure. */
export function confString(v: string): string {
  return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Lines appended to postgresql.conf on every node (a standby copies the primary's). Pure. */
export function postgresqlConf(c: PrimaryConf): string {
  const names = c.standbys.map((n) => `"${n}"`).join(', ');
  return [
    '# faultline',
    "listen_addresses = '*'",
    `port = ${PG_PORT}`,
    'wal_level = replica',
    'max_wal_senders = 10',
    "wal_keep_size = '256MB'",
    'hot_standby = on',
    "shared_buffers = '32MB'",
    'max_connections = 100',
    `synchronous_commit = ${c.synchronousCommit}`,
    ...(c.fsync === false ? ['fsync = off'] : []),
    `synchronous_standby_names = ${confString(c.syncStandbys > 0 && c.standbys.length > 0 ? `ANY ${Math.min(c.syncStandbys, c.standbys.length)} (${names})` : '')}`,
    // Serialization failures, deadlocks and lost clients show up in the log collected after the run.
    "log_line_prefix = '%m [%p] %a '",
    'log_connections = off',
    "log_min_error_statement = 'error'",
    "wal_receiver_timeout = '5s'",
    "wal_sender_timeout = '5s'",
    "wal_retrieve_retry_interval = '1s'",
    '',
  ].join('\n');
}

/** pg_hba.conf: trust from anywhere (the nodes are the run's own containers). Pure. */
export function pgHba(): string {
  return ['local all all trust', 'host all all 0.0.0.0/0 trust', 'host replication all 0.0.0.0/0 trust', 'local replication all trust', ''].join('\n');
}

/** A standby's connection to the primary, its `application_name` being the node name. Pure. */
export function primaryConninfo(primaryAddress: string, node: string): string {
  return `primary_conninfo = ${confString(`host=${primaryAddress} port=${PG_PORT} user=${PG_USER} application_name=${node} connect_timeout=2`)}\n`;
}

/**
 * The environment that puts postgres under libfaketime: the offset is re-read at most once a
 * second (postgres asks the time very often); the monotonic clock stays real. Pure.
 */
export function faketimeEnv(file = FAKETIME_FILE): string[] {
  return [`LD_PRELOAD=${LIBFAKETIME}`, `FAKETIME_TIMESTAMP_FILE=${file}`, 'FAKETIME_CACHE_DURATION=1', 'DONT_FAKE_MONOTONIC=1'];
}

/** Runs `argv` as the postgres user (through `runuser`). Pure. */
export function asPostgres(argv: readonly string[]): string[] {
  return ['runuser', '-u', PG_USER, '--', ...argv];
}

/**
 * `initdb` of a data directory: the primary's ({@link DATA_DIR}, unsynced) when the image has no
 * template, or the image's {@link TEMPLATE_DIR} (its Dockerfile runs exactly this). With page
 * checksums (`--data-checksums`): a page damaged on disk is refused when read (`invalid page in
 * block …`) instead of served, as on most production clusters (PostgreSQL 18's default). Pure.
 */
export function initdbArgv(dir: string = DATA_DIR): string[] {
  return asPostgres([`${PG_BIN}/initdb`, '-D', dir, '-U', PG_USER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--data-checksums', ...(dir === DATA_DIR ? ['--no-sync'] : [])]);
}

/** `psql` on the node's own server as the postgres user, quiet, unaligned, stopping at the first error; the script on stdin. Pure. */
export function psqlArgv(): string[] {
  return asPostgres([`${PG_BIN}/psql`, '-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', '127.0.0.1', '-p', String(PG_PORT), '-U', PG_USER, '-d', 'postgres', '-f', '-']);
}

/** A standby's base backup of the primary at `primaryAddress`. Pure. */
export function basebackupArgv(primaryAddress: string): string[] {
  return asPostgres([`${PG_BIN}/pg_basebackup`, '-h', primaryAddress, '-p', String(PG_PORT), '-U', PG_USER, '-D', DATA_DIR, '-X', 'stream', '-c', 'fast', '--no-sync']);
}

/**
 * Starts the server in the background under libfaketime, output appended to {@link LOG_FILE};
 * `pg_ctl` returns once it forked (no waiting: the caller polls). Pure.
 */
export function startArgv(): string[] {
  return asPostgres(['env', ...faketimeEnv(), `${PG_BIN}/pg_ctl`, 'start', '-D', DATA_DIR, '-l', LOG_FILE, '-W']);
}

/** True for a `pg_is_in_recovery()` / version answer shape; the version in `SHOW server_version`. Pure. */
export function versionOf(serverVersion: string): string {
  return /^(\d+(?:\.\d+)?)/.exec(serverVersion.trim())?.[1] ?? (serverVersion.trim() || 'unknown');
}

/**
 * PostgreSQL 15's server side on the nodes (image `postgres`): the primary on the first node
 * (the image's template cluster, its own postgresql.conf lines and pg_hba.conf), a physical
 * streaming replica on every other node (the same template, `standby.signal`,
 * `primary_conninfo` naming the node as `application_name` so synchronous standbys can be
 * named). No failover: the primary stays on n1, a killed one is restarted there and replays its
 * WAL. Every postgres runs under libfaketime (clock faults). Every remote command is an argv array.
 */
import type { DB, HasClock, HasDataFiles, HasFaultTargets, HasLogFiles, HasPrimaries, Killable, Pausable, RunContext } from '../../core/plugins.js';
import { mountLazyFsScript, syncLazyFsScript, unmountLazyFsScript } from '../../clusters/lazyfs.js';
import type { Remote } from '../../core/remote.js';
import { poll } from '../../clusters/poll.js';
import { killProcess, processRunning, signalProcess, type ServerProcess } from '../../clusters/node-process.js';
import {
  DATA_DIR, FAKETIME_FILE, LOG_FILE, PG_BIN, PG_DIR, PG_PORT, PG_USER, PROCESS, TEMPLATE_DIR,
  basebackupArgv, initdbArgv, pgHba, postgresqlConf, primaryConninfo, psqlArgv, startArgv, versionOf,
} from './config.js';
import type { PgOptions } from './options.js';
import { parseRelationFiles, relationFilesSql, type PgTxnWorkload } from './sql.js';

/** Remote commands run as root, killed on the node after 60 s. */
const RUN = { sudo: true, timeoutMs: 60_000 } as const;

/** The server processes `pgrep` / `pkill` find (postmaster and backends). */
const SERVER: ServerProcess = { match: '-x', pattern: PROCESS, label: 'postgres' };

/** Time limits, ms. */
const SETUP_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 60_000;
const KILL_TIMEOUT_MS = 10_000;

/** PostgreSQL on the nodes; see the module documentation. */
export class PostgresDb implements DB, Killable, Pausable, HasPrimaries, HasLogFiles, HasClock, HasFaultTargets, HasDataFiles {
  readonly name = 'postgres';
  /** The data directory lives on faultline-lazyfs (asked for by `--nemesis power-loss`). */
  readonly lazyFs: boolean;
  /** Kills, pauses and clock faults hit the primary or one other node; partitions cut one node (often the primary) off. */
  readonly faultTargets = { kinds: ['primaries', 'one'], shapes: ['primaries', 'one', 'halves'] } as const;

  /** The workload's table and index files (`base/<db>/<relfilenode>`), looked up on the primary at setup. */
  private relationFiles: string[] = [];

  /**
   * `workload` (with `tables`): setup creates its tables on the primary and looks up their
   * files, which {@link PostgresDb.dataFiles} then names.
   */
  constructor(private readonly opts: Pick<PgOptions, 'syncStandbys' | 'synchronousCommit'> & { fsync?: boolean; lazyFs?: boolean; workload?: PgTxnWorkload; tables?: number }) {
    this.lazyFs = opts.lazyFs === true;
  }

  /** The data directory (the same on every node). */
  dataDir(): string {
    return DATA_DIR;
  }

  /**
   * What `corrupt-file` may hit: the WAL segments, the control file, and the workload's own
   * tables and primary-key indexes (their main forks; the same relfilenodes on every node,
   * physical replication copies files). Before setup found them, or without a workload:
   * every relation file (`base/**`) — which are mostly the template databases' catalogs.
   */
  dataFiles(): string[] {
    const relations = this.relationFiles.length > 0 ? this.relationFiles.flatMap((f) => [f, `${f}.*`]) : ['base/**'];
    return ['pg_wal/0*', 'global/pg_control', ...relations];
  }

  /** The primary's node: the first. */
  primaryOf(ctx: RunContext): string {
    return ctx.nodes[0];
  }

  /**
   * Wipes what an earlier run left, then copies the image's template cluster into the data
   * directory and starts it: the primary on the first node, a standby of it on the others.
   * Without a template (an image made before it), the primary is made with initdb and each
   * standby waits for it and takes a base backup. Resolves when the node's server accepts
   * connections. Nodes may be set up concurrently.
   */
  async setup(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await this.kill(ctx, node);
    await r.exec(unmountLazyFsScript(DATA_DIR), RUN);
    await r.exec(['rm', '-rf', '--', PG_DIR], RUN);
    await r.exec(['install', '-d', '-o', PG_USER, '-g', PG_USER, '-m', '0700', PG_DIR], RUN);
    if (this.lazyFs) {
      await r.exec(mountLazyFsScript(DATA_DIR), RUN);
      await r.exec(['chown', `${PG_USER}:${PG_USER}`, DATA_DIR], RUN);
      await r.exec(['chmod', '0700', DATA_DIR], RUN);
    }
    await r.exec(['install', '-o', PG_USER, '-m', '0644', '/dev/stdin', FAKETIME_FILE], { ...RUN, stdin: '+0\n' });
    const primary = this.primaryOf(ctx);
    const primaryAddress = ctx.addresses[primary];
    const standbys = ctx.nodes.filter((n) => n !== primary);
    const conf = postgresqlConf({ ...this.opts, standbys });
    if ((await r.exec(['test', '-f', `${TEMPLATE_DIR}/PG_VERSION`], { ...RUN, check: false })).exitCode === 0) {
      // Every node starts from the image's template; a standby then streams the primary's WAL
      // from the template's shutdown checkpoint on, as from a cold backup.
      // `<template>/.`: the contents, also into an existing DATA_DIR (a faultline-lazyfs mount point).
      await r.exec(['cp', '-a', '--', `${TEMPLATE_DIR}/.`, DATA_DIR], RUN);
      await this.appendFile(r, `${DATA_DIR}/postgresql.conf`, conf);
      await r.exec(['install', '-o', PG_USER, '-m', '0600', '/dev/stdin', `${DATA_DIR}/pg_hba.conf`], { ...RUN, stdin: pgHba() });
      if (node !== primary) await this.makeStandby(r, primaryAddress, node);
    } else if (node === primary) {
      await r.exec(initdbArgv(), RUN);
      await this.appendFile(r, `${DATA_DIR}/postgresql.conf`, conf);
      await r.exec(['install', '-o', PG_USER, '-m', '0600', '/dev/stdin', `${DATA_DIR}/pg_hba.conf`], { ...RUN, stdin: pgHba() });
    } else {
      await poll(async (note) => {
        const a = await r.exec([`${PG_BIN}/pg_isready`, '-h', primaryAddress, '-p', String(PG_PORT), '-U', PG_USER, '-t', '2'], { ...RUN, check: false });
        if (a.exitCode === 0) return true;
        note(`primary ${primaryAddress}: ${a.stdout.trim()}`);
        return undefined;
      }, { timeoutMs: SETUP_TIMEOUT_MS, intervalMs: 500, signal: ctx.signal, what: `the primary on ${primary} before the base backup of ${node}` });
      await r.exec(basebackupArgv(primaryAddress), { ...RUN, timeoutMs: SETUP_TIMEOUT_MS });
      await this.makeStandby(r, primaryAddress, node);
    }
    await this.start(ctx, node);
    if (node === primary && this.opts.workload !== undefined) {
      const { stdout } = await r.exec(psqlArgv(), { ...RUN, stdin: relationFilesSql(this.opts.workload, this.opts.tables ?? 3) });
      this.relationFiles = parseRelationFiles(stdout);
    }
    // What setup wrote counts as written back (a machine that ran this long would have): power losses take only the run's writes.
    if (this.lazyFs) await r.exec(syncLazyFsScript(DATA_DIR), RUN);
  }

  /** Turns the data directory on `r` into a standby of the primary at `primaryAddress`. */
  private async makeStandby(r: Remote, primaryAddress: string, node: string): Promise<void> {
    await r.exec(['install', '-o', PG_USER, '-m', '0600', '/dev/null', `${DATA_DIR}/standby.signal`], RUN);
    await this.appendFile(r, `${DATA_DIR}/postgresql.auto.conf`, primaryConninfo(primaryAddress, node));
  }

  /** Kills the server and removes its data (the log and the folder stay for collection). Idempotent. */
  async teardown(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await this.kill(ctx, node);
    await r.exec(unmountLazyFsScript(DATA_DIR), RUN);
    await r.exec(['rm', '-rf', '--', DATA_DIR], RUN);
  }

  /** SIGKILLs every postgres process on `node` (paused ones too) and waits until none is left. */
  async kill(ctx: RunContext, node: string): Promise<void> {
    await killProcess(ctx.cluster.remote(node), SERVER, KILL_TIMEOUT_MS);
  }

  /**
   * Starts the server (nothing when it runs or has no data directory) and waits until it
   * accepts connections — a standby once it reached a consistent state (bounded, even after an
   * abort: healing calls it).
   */
  async start(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    if (await processRunning(r, SERVER)) return;
    if ((await r.exec(['test', '-f', `${DATA_DIR}/PG_VERSION`], { ...RUN, check: false })).exitCode !== 0) return;
    await r.exec(['rm', '-f', '--', `${DATA_DIR}/postmaster.pid`], RUN);
    await r.exec(startArgv(), RUN);
    await poll(async (note) => {
      const a = await r.exec([`${PG_BIN}/pg_isready`, '-h', '127.0.0.1', '-p', String(PG_PORT), '-U', PG_USER, '-t', '2'], { ...RUN, check: false });
      if (a.exitCode === 0) return true;
      note(a.stdout.trim());
      if (!(await processRunning(r, SERVER))) throw new Error(`postgres on ${node} exited after start:\n${await this.logTail(r)}`);
      return undefined;
    }, { timeoutMs: START_TIMEOUT_MS, intervalMs: 200, what: `postgres on ${node} to accept connections` });
  }

  /** SIGSTOPs every postgres process on `node`. */
  async pause(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'STOP');
  }

  /** SIGCONTs them (harmless when none is paused). */
  async resume(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'CONT');
  }

  /** The primary: always the first node (no failover). */
  async primaries(ctx: RunContext): Promise<string[]> {
    return [this.primaryOf(ctx)];
  }

  /** The server's log. */
  logFiles(): string[] {
    return [LOG_FILE];
  }

  /** The libfaketime time file every postgres process reads. */
  clockFile(): string {
    return FAKETIME_FILE;
  }

  /** `postgres --version` on the first node, e.g. `15.14`. */
  async version(ctx: RunContext): Promise<string> {
    const { stdout } = await ctx.cluster.remote(ctx.nodes[0]).exec([`${PG_BIN}/postgres`, '--version'], { ...RUN, check: false });
    return versionOf(stdout.replace(/^.*\)\s*/, ''));
  }

  private async appendFile(r: Remote, path: string, text: string): Promise<void> {
    await r.exec(['runuser', '-u', PG_USER, '--', 'tee', '-a', path], { ...RUN, stdin: text });
  }

  private async logTail(r: Remote): Promise<string> {
    const { stdout } = await r.exec(['tail', '-n', '20', LOG_FILE], { ...RUN, check: false });
    return stdout;
  }
}

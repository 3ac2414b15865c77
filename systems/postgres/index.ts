/**
 * PostgreSQL 15 (Debian's) as a system under test: the primary on n1 and physical streaming
 * replicas on the other nodes (image `clusters/images/postgres`), every postgres under
 * libfaketime; clients for the transactional workloads `append` and `wr` over the `pg` package.
 * See README.md here.
 *
 * Run options read: `pgIsolation` (`serializable`, the default, `repeatable-read`,
 * `read-committed`), `pgReplicaReads`, `pgSyncStandbys`, `pgSynchronousCommit`, `pgTimeoutMs`,
 * `pgTables`, and the txn workloads' `txnKeyCount`, `txnMaxLength`, `txnMaxWritesPerKey`,
 * `consistencyModels`.
 */
import type { SystemDefinition } from '../../core/plugins.js';
import { postgresClient, POSTGRES_WORKLOADS } from './client.js';
import { PostgresDb } from './db.js';
import { POSTGRES_OPTIONS, pgOptions } from './options.js';

export { PostgresDb } from './db.js';
export { postgresClient, POSTGRES_WORKLOADS } from './client.js';
export { pgOptions, isolationSql, PG_ISOLATIONS, type PgIsolation, type PgOptions } from './options.js';
export { connectionBroken, describePgError, outcomeOf, sqlState, ROLLED_BACK_CODES, type TxnStage } from './failure.js';
export { microOpSql, parseRelationFiles, readValue, relationFilesSql, schemaSql, tableOf, type PgTxnWorkload, type Sql } from './sql.js';
export * from './config.js';

/**
 * PostgreSQL: image `postgres`, workloads `append` and `wr`, clock faults supported (postgres
 * reads the time through libc). `db` and `client` validate the run's options.
 */
export const postgres: SystemDefinition = {
  name: 'postgres',
  summary: 'PostgreSQL 15 primary + streaming replicas, append and wr transactions',
  image: 'postgres',
  provisioning: 'containers',
  defaultNemesis: ['partition', 'kill'],
  options: POSTGRES_OPTIONS,
  workloads: POSTGRES_WORKLOADS,
  clockFaults: true,
  db(options) {
    const o = pgOptions(options);
    const nemesis = Array.isArray(options.nemesis) ? (options.nemesis as unknown[]) : [];
    const workload = options.workload === 'append' || options.workload === 'wr' ? options.workload : undefined;
    return new PostgresDb({
      syncStandbys: o.syncStandbys, synchronousCommit: o.synchronousCommit, fsync: o.fsync, lazyFs: nemesis.includes('power-loss'),
      ...(workload ? { workload, tables: o.tables } : {}),
    });
  },
  client(workload, options) {
    return postgresClient(workload, options);
  },
};

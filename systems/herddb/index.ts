/**
 * HerdDB 0.29.0 as a system under test: on each node (image `zookeeper`) a ZooKeeper ensemble
 * member and a HerdDB server in cluster mode with an embedded bookie, started by our own
 * launcher under libfaketime; tablespace `herd` replicated on every node with automatic
 * failover. Clients for `register`, `set`, `bank`, `append` and `wr` through one JDBC bridge JVM on the
 * controller. The public barrel of `systems/herddb/`.
 *
 * Run options read: `herddbTimeoutMs` (bridge deadline per request, default 4000),
 * `herddbRetries` (the driver's retries, default 3), `herddbHeapMb` (server heap, default
 * 384), `herddbIsolation` (`repeatable-read`, the default, or `read-committed`),
 * `herddbUnpinnedTransactions` (let the driver continue a transaction on a new leader, default
 * false), `herddbTraceLog` (servers log every log entry they apply, default false), and for
 * `bank` `bankAccounts` / `bankTotal`.
 */
import type { SystemDefinition } from '../../core/plugins.js';
import { herddbClient, HERDDB_WORKLOADS } from './client.js';
import { HerddbDb } from './db.js';
import { HERDDB_OPTIONS, herddbOptions } from './options.js';
import { MAX_LIST } from './txn.js';

export { HerddbDb, type HerddbDbOptions } from './db.js';
export { herddbClient, applySchema, HERDDB_WORKLOADS } from './client.js';
export { herddbOptions, type HerddbOptions } from './options.js';
export { Bridge, bridgeArgs, closeBridge, herddbJars, sharedBridge, startBridge, type BridgeAnswer, type ExecRequest, type Isolation, type Stmt, type StmtResult } from './bridge.js';
export { BridgeSession } from './session.js';
export * from './config.js';
export { failedCompletion, rejectedBeforeExecution, shortError, REJECTED_BEFORE_EXECUTION, type OpKind } from './failure.js';
export { ALTER_TABLESPACE, LEADER_QUERY, REPLICA_STATE_QUERY, allReplicasRunning, bridgeProps, leaderOf, nodeNameOf } from './tablespace.js';
export { invokeRegister, registerStatement, REGISTER_SCHEMA, REGISTER_TABLE } from './register.js';
export { invokeSet, setStatement, SET_SCHEMA, SET_TABLE } from './set.js';
export { invokeTxn, keyRowStatement, MAX_LIST, txnReadValue, txnSchema, txnStatement, txnTable, TXN_TABLES, type HerdTxnWorkload, type KnownKeys } from './txn.js';
export { BANK_READ, BANK_TABLES, balancesOf, bankSchema, bankTable, invokeBank, transferStatements } from './bank.js';

/**
 * HerdDB: image `jvm`, workloads `register`, `set`, `bank`, `append`, `wr`; clock faults supported (JVMs
 * read the time through libc, which libfaketime intercepts). `db` and `client` validate the
 * run's options.
 */
export const herddb: SystemDefinition = {
  name: 'herddb',
  summary: 'HerdDB 0.29 cluster (ZooKeeper ensemble, embedded bookies): register, set, bank, append, wr over JDBC',
  image: 'jvm',
  provisioning: 'containers',
  defaultNemesis: ['kill', 'partition'],
  options: HERDDB_OPTIONS,
  workloads: HERDDB_WORKLOADS,
  clockFaults: true,
  nodeMemoryMiB: 900,
  // A list-append key holds at most 10 elements (base-32 digits of a long: HerdDB's SQL has no string concatenation).
  workloadOptions: { txnMaxWritesPerKey: MAX_LIST },
  db(options) {
    return new HerddbDb(herddbOptions(options));
  },
  client(workload, options) {
    return herddbClient(workload, options);
  },
};

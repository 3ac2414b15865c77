/**
 * The flags of the transactional workloads (`append`, `wr`) and of the PostgreSQL and HerdDB
 * transaction options, resolved into run options (only those given, so each system's and
 * workload's defaults apply otherwise). Pure.
 */
import { MAX_NODES } from '../../clusters/cluster-spec.js';
import { UsageError, quote } from '../../core/errors.js';
import type { RawTestFlags } from './config.js';
import { integerIn, systemOnly } from './config-values.js';

const TXN_WORKLOADS = ['append', 'wr'];
const ISOLATIONS: Readonly<Record<string, readonly string[]>> = {
  postgres: ['serializable', 'repeatable-read', 'read-committed'],
  herddb: ['repeatable-read', 'read-committed'],
};

function oneOf(flag: string, raw: string, allowed: readonly string[]): string {
  if (!allowed.includes(raw)) throw new UsageError(`${flag}: expected one of ${allowed.join(', ')}, got ${quote(raw)}`);
  return raw;
}

/**
 * The transactional-workload and PostgreSQL / HerdDB options given as flags (only those given).
 * @throws UsageError naming the flag and quoting the bad value
 */
export function txnFlags(system: string, workload: string, flags: RawTestFlags): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const txnOnly = (flag: string): void => {
    if (!TXN_WORKLOADS.includes(workload)) throw new UsageError(`${flag}: applies to workloads ${TXN_WORKLOADS.join(', ')} only, not ${quote(workload)}`);
  };
  if (flags.keyCount !== undefined) {
    txnOnly('--key-count');
    out.txnKeyCount = integerIn('--key-count', flags.keyCount, 1, 10_000);
  }
  if (flags.maxTxnLength !== undefined) {
    txnOnly('--max-txn-length');
    out.txnMaxLength = integerIn('--max-txn-length', flags.maxTxnLength, 1, 1_000);
  }
  if (flags.maxWritesPerKey !== undefined) {
    txnOnly('--max-writes-per-key');
    out.txnMaxWritesPerKey = integerIn('--max-writes-per-key', flags.maxWritesPerKey, 1, 100_000);
  }
  if (flags.consistencyModels !== undefined) {
    txnOnly('--consistency-models');
    const ms = flags.consistencyModels.split(',').map((m) => m.trim());
    if (ms.some((m) => !/^[A-Za-z0-9.-]+$/.test(m))) throw new UsageError(`--consistency-models: expected a comma-separated list of models, got ${quote(flags.consistencyModels)}`);
    out.consistencyModels = Object.freeze(ms);
  }
  if (flags.pgIsolation !== undefined) {
    systemOnly('--pg-isolation', system, 'postgres');
    out.pgIsolation = oneOf('--pg-isolation', flags.pgIsolation, ISOLATIONS.postgres);
  }
  if (flags.pgReplicaReads === true) {
    systemOnly('--pg-replica-reads', system, 'postgres');
    out.pgReplicaReads = true;
  }
  if (flags.pgSyncStandbys !== undefined) {
    systemOnly('--pg-sync-standbys', system, 'postgres');
    out.pgSyncStandbys = integerIn('--pg-sync-standbys', flags.pgSyncStandbys, 0, MAX_NODES - 1);
  }
  if (flags.herddbIsolation !== undefined) {
    systemOnly('--herddb-isolation', system, 'herddb');
    out.herddbIsolation = oneOf('--herddb-isolation', flags.herddbIsolation, ISOLATIONS.herddb);
  }
  return out;
}


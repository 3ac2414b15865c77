/**
 * The flags of the transactional workloads (`append`, `wr`), resolved into run options (only
 * those given, so the workload's defaults apply otherwise). Pure.
 */
import { UsageError, quote } from '../../core/errors.js';
import { integerIn } from '../../core/options/values.js';

const TXN_WORKLOADS = ['append', 'wr'];

/** The raw flags of the transactional workloads (commander attribute names = config file keys). */
export interface TxnRawFlags {
  keyCount?: string;
  maxTxnLength?: string;
  maxWritesPerKey?: string;
  consistencyModels?: string;
}

/** Their keys. */
export const TXN_FLAG_KEYS: readonly (keyof TxnRawFlags)[] = ['keyCount', 'maxTxnLength', 'maxWritesPerKey', 'consistencyModels'];

/**
 * The transactional-workload options given as flags (only those given).
 * @throws UsageError naming the flag and quoting the bad value
 */
export function txnFlags(workload: string, flags: TxnRawFlags): Record<string, unknown> {
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
  return out;
}


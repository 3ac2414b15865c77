/**
 * The workloads `faultline test --workload <name>` knows, built from a run's resolved options
 * (the same options rebuild them in `faultline analyze`, so checks are reproducible).
 *
 * Convention: a workload's `finalGenerator` is run once per client thread (it is the
 * campaign's `final.reads`), after the nemesis healed.
 */
import type { Workload } from '../core/plugins.js';
import { bankSettings, bankWorkload } from './bank.js';
import { ledgerOptionsOf, ledgerWorkload } from './ledger.js';
import { queueOptionsOf, queueWorkload } from './queue.js';
import { registerWorkload } from './register.js';
import { setWorkload } from './set.js';
import { txnSettings, txnWorkload } from './txn.js';

export { registerWorkload, registerOps, dropUnobservedCas, CAS_MISMATCH, REGISTER_MODEL, type RegisterOptions } from './register.js';
export { setWorkload, finalRead, type SetOptions } from './set.js';
export { uniqueAdds } from './unique-adds.js';
export { DEFAULT_CONSISTENCY_MODELS, FINAL_READ_CHUNK, txnSettings, txnWorkload, type TxnSettings, type TxnWorkloadOptions } from './txn.js';
export { KeysUsed, TXN_GEN_DEFAULTS, exponentialIndex, readAllTxns, txnGen, type MicroOp, type TxnGenOptions, type TxnKind } from './txn-gen.js';
export { queueWorkload, queueMain, finalPolls, queueKeys, streamOptionsOf, queueOptionsOf, DEFAULT_QUEUE_MIX, type QueueOptions, type QueueMix } from './queue.js';
export { DEFAULT_LEDGER_MIX, ledgerKeys, ledgerMain, ledgerOptionsOf, ledgerWorkload, type LedgerMix, type LedgerOptions } from './ledger.js';
export { BANK_DEFAULTS, BANK_MAX_AMOUNT, INSUFFICIENT_FUNDS, bankOps, bankSettings, bankWorkload, initialBalances, randomTransfer, type BankOptions, type BankSettings, type Transfer } from './bank.js';

/** What a workload is built from: the run's node count and client threads. */
export interface WorkloadParams {
  /** Number of nodes. */
  nodes: number;
  /** Client threads. */
  concurrency: number;
  /** The run's resolved options (the bank workload reads `bankAccounts`); default none. */
  options?: Readonly<Record<string, unknown>>;
}

/** Names of the known workloads. */
export const WORKLOAD_NAMES = ['register', 'set', 'bank', 'queue', 'ledger', 'append', 'wr'] as const;

/** A known workload name. */
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];

/** True when `name` is a known workload. Pure. */
export function isWorkloadName(name: string): name is WorkloadName {
  return (WORKLOAD_NAMES as readonly string[]).includes(name);
}

/**
 * Builds workload `name` for a run. The register workload puts as many threads on a key as
 * there are nodes (at most the client threads), so every key is worked on through every node
 * (worker i talks to node i mod n). Pure.
 */
export function buildWorkload(name: WorkloadName, params: WorkloadParams): Workload {
  switch (name) {
    case 'register':
      return registerWorkload({ threadsPerKey: Math.max(1, Math.min(params.nodes, params.concurrency)) });
    case 'set':
      return setWorkload();
    case 'bank':
      return bankWorkload({ accounts: bankSettings(params.options ?? {}).accounts });
    case 'queue':
      return queueWorkload(queueOptionsOf(params.options ?? {}));
    case 'ledger':
      return ledgerWorkload(ledgerOptionsOf(params.options ?? {}, params.concurrency));
    case 'append':
    case 'wr':
      return txnWorkload(txnSettings(name, params.options ?? {}));
  }
}

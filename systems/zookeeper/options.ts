/**
 * The run options the ZooKeeper system reads (CLI flags or the config file), validated once.
 * Pure.
 */
import { UsageError } from '../../core/errors.js';
import { booleanValue, positiveValue, type OptionSpec } from '../../core/options/spec.js';

/** ZooKeeper's client options. */
export interface ZookeeperOptions {
  /**
   * Put a quorum write barrier before every read and cas (option `zkSyncReads`, default true):
   * plain ZooKeeper reads are only sequentially consistent, served from the contacted
   * server's possibly stale state. See register.ts for how the barrier replaces `sync`.
   */
  syncReads: boolean;
  /** Per-request deadline, ms (option `zkTimeoutMs`). Default 5000. */
  timeoutMs: number;
  /** Session timeout asked of the server, ms (option `zkSessionTimeoutMs`). Default 10 000. */
  sessionTimeoutMs: number;
}

/** Default per-request deadline, ms. */
export const DEFAULT_TIMEOUT_MS = 5_000;

function positive(options: Readonly<Record<string, unknown>>, key: string, dflt: number): number {
  const t = options[key] ?? dflt;
  if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) throw new UsageError(`${key} must be a positive number of ms, got ${JSON.stringify(t)}`);
  return t;
}

/**
 * Reads {@link ZookeeperOptions} from a run's options, with defaults.
 * @throws UsageError quoting a value of the wrong type or range
 */
export function zookeeperOptions(options: Readonly<Record<string, unknown>>): ZookeeperOptions {
  const s = options.zkSyncReads ?? true;
  if (typeof s !== 'boolean') throw new UsageError(`zkSyncReads must be true or false, got ${JSON.stringify(s)}`);
  return { syncReads: s, timeoutMs: positive(options, 'zkTimeoutMs', DEFAULT_TIMEOUT_MS), sessionTimeoutMs: positive(options, 'zkSessionTimeoutMs', 10_000) };
}

/** ZooKeeper's options as `faultline test zookeeper --help` lists them and the config file takes them. */
export const ZOOKEEPER_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'zkSyncReads', type: 'boolean', default: true, flag: '--zk-no-sync-reads',
    help: 'a quorum barrier before every read and cas (linearizable reads); the flag (or false) gives plain reads with no sync barrier before them (sequentially consistent only: may be stale)',
    fromFlag: () => false, parse: booleanValue, describe: (v) => (v ? '' : 'plain reads (no sync)'),
  },
  {
    key: 'zkForceSync', type: 'boolean', default: true, flag: '--zk-no-force-sync',
    help: 'zoo.cfg forceSync; the flag (or false) gives forceSync=no: writes acknowledged before they are fsynced (lost in a power loss)',
    fromFlag: () => false, parse: booleanValue, describe: (v) => (v ? '' : 'forceSync=no'),
  },
  { key: 'zkTimeoutMs', type: 'number (ms)', default: DEFAULT_TIMEOUT_MS, help: 'per-request deadline', parse: (v, label) => positiveValue(v, label, 'a positive number of ms') },
  { key: 'zkSessionTimeoutMs', type: 'number (ms)', default: 10_000, help: 'session timeout asked of the server', parse: (v, label) => positiveValue(v, label, 'a positive number of ms') },
];

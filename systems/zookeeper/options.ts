/**
 * The run options the ZooKeeper system reads (CLI flags or the config file), validated once.
 * Pure.
 */
import { UsageError } from '../../core/errors.js';

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

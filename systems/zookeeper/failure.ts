/**
 * What a failed ZooKeeper request means for the history. Pure; unit-tested.
 *
 * - A read that failed in any way did not observe anything: `fail`.
 * - A write (write or cas) the server rejected before applying it (`BAD_VERSION`, `NO_NODE`,
 *   `NODE_EXISTS`, `BAD_ARGUMENTS`, `NO_AUTH`, ...) certainly did not happen: `fail`.
 * - A write whose fate is unknown (our deadline, `CONNECTION_LOSS`, `OPERATION_TIMEOUT`,
 *   `SESSION_EXPIRED`, an unknown error) may have been applied: `info`.
 */
import type { Completion } from '../../core/plugins.js';

/** Our own per-request deadline passed. */
export class ZkTimeout extends Error {
  override name = 'ZK_TIMEOUT';
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** Error names after which a write may or may not have been applied. */
const INDETERMINATE = new Set(['ZK_TIMEOUT', 'CONNECTION_LOSS', 'OPERATION_TIMEOUT', 'SESSION_EXPIRED', 'SYSTEM_ERROR', 'RUNTIME_INCONSISTENCY', 'MARSHALLING_ERROR']);

/** The name of a ZooKeeper error (`CONNECTION_LOSS`, ...), or `UNKNOWN`. Pure. */
export function zkErrorName(e: unknown): string {
  const n = (e as { name?: unknown } | null)?.name;
  const code = (e as { code?: unknown } | null)?.code;
  if (typeof n === 'string' && (typeof code === 'number' || n === 'ZK_TIMEOUT')) return n;
  return 'UNKNOWN';
}

/** True when a write that failed with `e` certainly was not applied. Pure. */
export function certainlyNotApplied(e: unknown): boolean {
  const name = zkErrorName(e);
  return name !== 'UNKNOWN' && !INDETERMINATE.has(name);
}

/** The completion of a `read` or write (`write`, `cas`) of `value` that failed with `e`. Pure. */
export function failedCompletion(kind: 'read' | 'write', value: unknown, e: unknown): Completion {
  const error = `${zkErrorName(e)}: ${e instanceof Error ? e.message : String(e)}`;
  return { type: kind === 'read' || certainlyNotApplied(e) ? 'fail' : 'info', value, error };
}

/**
 * What a failed bridge request means for the history. Pure; unit-tested with messages the
 * bridge recorded from a real cluster.
 *
 * - A read that failed in any way changed nothing and observed nothing: `fail`.
 * - Nothing was sent (no connection could be made, a malformed request): `fail`.
 * - A transaction whose statements failed before we asked for the commit was never committed
 *   (the bridge rolls it back and drops the connection; HerdDB discards an uncommitted
 *   transaction): `fail`. A failure at or after the commit: `info`. The bridge's own deadline
 *   says how far the request got; a transaction it cancels before the commit never commits.
 * - A single auto-committed statement that the server rejected before executing it — the node
 *   is not the tablespace's leader, a constraint (duplicate key), a missing table, a statement
 *   it could not plan, a row lock not granted in time, or the driver could not find the
 *   leader or connect at all ("Connection refused") —
 *   certainly did not happen: `fail`. Anything else (our deadline, the
 *   connection lost or reset after sending, an unknown error): `info`.
 *
 * HerdDB's driver re-sends a request only after a `RetryRequestException` (a server's
 * rejection before execution, such as "not leader"), so its retries never hide an applied
 * write; we lower their number anyway (tablespace.ts).
 */
import type { Completion } from '../../core/plugins.js';
import type { BridgeAnswer } from './bridge.js';

/** What kind of op failed: a read, one auto-committed write, or a transaction that writes. */
export type OpKind = 'read' | 'write' | 'tx';

/** A failed bridge answer. */
export type BridgeFailure = Extract<BridgeAnswer, { ok: false }>;

/**
 * Server answers meaning "rejected before execution". Matched against the exception chain the
 * bridge reports (class names and messages).
 */
export const REJECTED_BEFORE_EXECUTION: readonly RegExp[] = [
  /NotLeaderException/,
  /\bnot (the )?leader\b/i,
  /DuplicatePrimaryKeyException/,
  /SQLIntegrityConstraintViolationException/,
  /UniqueIndexContraintViolationException/,
  /ForeignKeyViolationException/,
  /TableDoesNotExistException/,
  /TableAlreadyExistsException/,
  /TableSpaceDoesNotExistException/,
  /CalciteContextException|ValidationException|SqlParseException|JSQLParserException/,
  /insufficient funds/,
  // A row lock not granted in time (server.tablemanager.*locktimeout): the statement did not run.
  /LockAcquireTimeoutException/,
  // The driver could not learn the tablespace's leader from ZooKeeper: nothing was sent.
  /ClientSideMetadataProviderException/,
  // The driver could not even connect (it re-sends only after a server's rejection, so nothing of this request was applied).
  /ConnectException[^<]*Connection refused/,
];

/** True when `error` says the server rejected the request before executing it. Pure. */
export function rejectedBeforeExecution(error: string): boolean {
  return REJECTED_BEFORE_EXECUTION.some((re) => re.test(error));
}

/** A short form of the bridge's exception chain for the history: the innermost HerdDB cause first, at most 300 chars. Pure. */
export function shortError(error: string): string {
  const parts = error.split(' <- ').map((p) => p.trim()).filter((p) => p !== '');
  const herd = parts.filter((p) => /herddb\.|java\.net|java\.io/.test(p));
  const best = herd.length > 0 ? herd[herd.length - 1] : parts[0] ?? error;
  return best.length > 300 ? `${best.slice(0, 297)}...` : best;
}

/** The completion of an op of `kind` with input `value` whose bridge request failed as `f`. Pure. */
export function failedCompletion(kind: OpKind, value: unknown, f: BridgeFailure): Completion {
  const error = `${f.stage}: ${shortError(f.error)}`;
  if (kind === 'read') return { type: 'fail', value, error };
  if (f.stage === 'connect' || f.stage === 'request') return { type: 'fail', value, error };
  if (f.stage === 'timeout' && f.reached !== undefined) {
    // The bridge's own deadline: it knows how far the request got (a cancelled transaction never commits).
    const notApplied = f.reached === 'connect' || (kind === 'tx' && f.reached === 'execute');
    return { type: notApplied ? 'fail' : 'info', value, error: `${error} (reached ${f.reached})` };
  }
  if (f.stage === 'timeout' || f.stage === 'bridge') return { type: 'info', value, error };
  if (kind === 'tx') return { type: f.stage === 'execute' ? 'fail' : 'info', value, error };
  return { type: f.stage === 'execute' && rejectedBeforeExecution(f.error) ? 'fail' : 'info', value, error };
}

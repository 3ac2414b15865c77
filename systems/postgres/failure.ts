/**
 * What a PostgreSQL error means for a transaction's outcome. Pure.
 *
 * - Before COMMIT was sent, nothing can have committed: the server rolls back a transaction
 *   whose connection is gone, and every error aborts it. Any error then → `fail`.
 * - An error answer to COMMIT with a serialization failure (40001) or deadlock (40P01) → `fail`
 *   (the server says it rolled back).
 * - Anything else once COMMIT was sent — the connection lost or timed out before the answer,
 *   the server shut down, a cancelled wait for a synchronous standby (the commit is then local
 *   already) → `info`.
 * - A refused or failed connection attempt → `fail` (nothing was sent).
 */

/** SQLSTATEs of a certain rollback of the whole transaction. */
export const ROLLED_BACK_CODES: ReadonlySet<string> = new Set(['40001', '40P01']);

/** Where a transaction was when an error came. */
export type TxnStage = 'connect' | 'before-commit' | 'commit';

/** The SQLSTATE of a server error answer, else undefined (a network or client error). Pure. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** One line describing `err`: SQLSTATE and message, or the network error's code and message. Pure. */
export function describePgError(err: unknown): string {
  const e = err as { code?: unknown; message?: unknown } | null;
  const msg = String(e?.message ?? err).split('\n')[0].slice(0, 300);
  const code = typeof e?.code === 'string' ? e.code : undefined;
  return code === undefined || msg.includes(code) ? msg : `${code} ${msg}`;
}

/** The outcome of a transaction that hit `err` at `stage`. Pure. */
export function outcomeOf(stage: TxnStage, err: unknown): 'fail' | 'info' {
  if (stage !== 'commit') return 'fail';
  const code = sqlState(err);
  return code !== undefined && ROLLED_BACK_CODES.has(code) ? 'fail' : 'info';
}

/** True when the connection must be dropped after `err` (anything but a plain SQL error answer). Pure. */
export function connectionBroken(err: unknown): boolean {
  const code = sqlState(err);
  // Class 08 (connection exception) and 57P (operator intervention: shutdown, termination) end the session too.
  return code === undefined || code.startsWith('08') || code.startsWith('57P');
}

/**
 * What a failed JetStream call means for the history. Pure; unit-tested.
 *
 * A `send` (publish with a JetStream ack) is `fail` only when the message certainly was not
 * stored:
 * - the step before publishing failed (the connection was already closed, the stream could not
 *   be created or looked up): nothing was sent;
 * - `503` without a JetStream API error ("no responders"): the server had no subscriber for the
 *   subject, so no stream took the message;
 * - the stream answered with one of {@link DEFINITE_PUB_ERRORS} (it rejected the message).
 * Anything else after the publish left the client (a timeout, a disconnect, another API
 * error) may have stored it: `info`.
 *
 * A `poll` only reads (and at most acknowledges what it read), so any failure is `fail`, with
 * the records received before it kept.
 */
import type { Completion } from '../../core/plugins.js';

/**
 * JetStream `err_code`s after which a published message was definitely not stored:
 * 10059 stream not found, 10060 expected stream does not match, 10071 wrong last sequence,
 * 10076 JetStream not enabled, 10039 JetStream not enabled for the account.
 */
export const DEFINITE_PUB_ERRORS: ReadonlySet<number> = new Set([10059, 10060, 10071, 10076, 10039]);

/** `err_code` 10059: the stream does not exist. */
export const STREAM_NOT_FOUND = 10059;

/** A JetStream API error as carried by the nats client's errors (`api_error`). */
export interface ApiError {
  code: number;
  err_code?: number;
  description?: string;
}

/** The JetStream API error inside `e`, if any. Pure. */
export function apiErrorOf(e: unknown): ApiError | undefined {
  const a = (e as { api_error?: unknown } | null)?.api_error as Partial<ApiError> | undefined;
  return a !== undefined && a !== null && typeof a === 'object' && typeof a.code === 'number' ? (a as ApiError) : undefined;
}

/** The nats client's error code of `e` (`503`, `TIMEOUT`, `CONNECTION_CLOSED`, ...), else undefined. Pure. */
export function natsCodeOf(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}

/** True when `e` says the stream does not exist (`err_code` 10059). Pure. */
export function isStreamNotFound(e: unknown): boolean {
  return apiErrorOf(e)?.err_code === STREAM_NOT_FOUND;
}

/** True when `e` is the server's "no responders" status (nobody subscribed to the subject). Pure. */
export function isNoResponders(e: unknown): boolean {
  return natsCodeOf(e) === '503' && apiErrorOf(e) === undefined;
}

/** One line describing `e`: `<code> [err_code]: <message>`. Pure. */
export function describeError(e: unknown): string {
  const api = apiErrorOf(e);
  const code = natsCodeOf(e);
  const msg = e instanceof Error ? e.message : String(e);
  if (api !== undefined) return `${api.code}${api.err_code !== undefined ? ` [${api.err_code}]` : ''}: ${api.description ?? msg}`;
  if (code === '503') return '503: no responders';
  return code !== undefined && code !== msg ? `${code}: ${msg}` : msg;
}

/** Where a send failed: before the message left the client, or after publishing it. */
export type SendStage = 'before-publish' | 'publish';

/** True when a send that failed with `e` at `stage` certainly did not store the message. Pure. */
export function sendCertainlyFailed(stage: SendStage, e: unknown): boolean {
  if (stage === 'before-publish') return true;
  if (isNoResponders(e)) return true;
  const api = apiErrorOf(e);
  return api?.err_code !== undefined && DEFINITE_PUB_ERRORS.has(api.err_code);
}

/**
 * The completion of a `send` op whose micro-op number `failedAt` failed with `e` at `stage`;
 * `value` holds the micro-ops, the earlier ones completed. `fail` only when no earlier send
 * completed and this one certainly stored nothing; otherwise `info` (something was stored, or
 * may have been). Pure.
 */
export function sendFailure(value: unknown, failedAt: number, stage: SendStage, e: unknown): Completion {
  const error = `${stage === 'before-publish' ? 'before publishing: ' : ''}${describeError(e)}`;
  return { type: failedAt === 0 && sendCertainlyFailed(stage, e) ? 'fail' : 'info', value, error };
}

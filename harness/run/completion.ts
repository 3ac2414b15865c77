/**
 * Turning whatever a client or nemesis produced into a well-formed completion: a thrown error
 * or a malformed answer becomes `info` with a message. Pure.
 */
import type { Completion } from '../../core/plugins.js';

/** The message of a thrown value, for the `error` field of an `info` completion. Pure. */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message === '' ? err.name : err.message;
  return typeof err === 'string' ? err : safeJson(err);
}

/** An `info` completion repeating the invocation's value, with `error`. Pure. */
export function infoCompletion(value: unknown, error: string): Completion {
  return { type: 'info', value, error };
}

/**
 * Checks a client's answer: `{type: ok|fail|info, value?, error?}`. A missing value becomes
 * the invocation's; anything else malformed becomes `info` naming the problem. Pure.
 */
export function normalizeCompletion(raw: unknown, inputValue: unknown): Completion {
  if (typeof raw !== 'object' || raw === null) return infoCompletion(inputValue, `client returned ${safeJson(raw)}, not a completion`);
  const c = raw as Partial<Completion>;
  if (c.type !== 'ok' && c.type !== 'fail' && c.type !== 'info') {
    return infoCompletion(inputValue, `client returned a completion of type ${safeJson(c.type)}`);
  }
  const out: Completion = { type: c.type, value: c.value === undefined ? inputValue : c.value };
  if (c.error !== undefined) out.error = typeof c.error === 'string' ? c.error : safeJson(c.error);
  return out;
}

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

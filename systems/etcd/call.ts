/**
 * Running one gateway request for an op: with the op's signal plus a per-request deadline, and
 * turning a {@link GatewayFailure} into the op's `fail` / `info` completion (failure.ts).
 */
import type { Completion } from '../../core/plugins.js';
import { failedCompletion, isGatewayFailure } from './failure.js';

/**
 * Runs `body` with a signal that aborts when `signal` does or after `timeoutMs` (reason: a
 * `TimeoutError`). A gateway failure becomes a completion through {@link failedCompletion}
 * (`effect` says whether the op could change state); any other error is rethrown (the
 * interpreter records it as `info`). The timer and the listener on `signal` are released when
 * the request ends (no `AbortSignal.any`: it keeps one entry per call on a long-lived signal).
 */
export async function guarded(
  effect: 'read' | 'write',
  value: unknown,
  signal: AbortSignal,
  timeoutMs: number,
  body: (signal: AbortSignal) => Promise<Completion>,
): Promise<Completion> {
  const ac = new AbortController();
  const onAbort = (): void => ac.abort(signal.reason);
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => ac.abort(new DOMException(`no answer within ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
  try {
    return await body(ac.signal);
  } catch (e) {
    if (isGatewayFailure(e)) return failedCompletion(effect, e.failure, value);
    throw e;
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}

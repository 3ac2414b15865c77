/**
 * Running one gateway request for an op: with the op's signal plus a per-request deadline, and
 * turning a {@link GatewayFailure} into the op's `fail` / `info` completion (failure.ts).
 */
import type { Completion } from '../../harness/plugins.js';
import { failedCompletion, isGatewayFailure } from './failure.js';

/**
 * Runs `body` with a signal that aborts when `signal` does or after `timeoutMs`. A gateway
 * failure becomes a completion through {@link failedCompletion} (`effect` says whether the op
 * could change state); any other error is rethrown (the interpreter records it as `info`).
 */
export async function guarded(
  effect: 'read' | 'write',
  value: unknown,
  signal: AbortSignal,
  timeoutMs: number,
  body: (signal: AbortSignal) => Promise<Completion>,
): Promise<Completion> {
  const combined = AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]);
  try {
    return await body(combined);
  } catch (e) {
    if (isGatewayFailure(e)) return failedCompletion(effect, e.failure, value);
    throw e;
  }
}

/**
 * A {@link Remote} wrapper that retries operations whose connection dropped. A command that may
 * have started is only re-run when the caller marked it `idempotent`; uploads and downloads
 * are always safe to repeat.
 */
import type { Command, ExecOptions, ExecResult, Remote } from '../core/remote.js';
import { RemoteError } from './remote-error.js';

/** Retry policy of {@link withRetries}. */
export interface RetryPolicy {
  /** Total attempts including the first. Default 3. */
  attempts?: number;
  /** Delay before the first retry in ms, doubled each time. Default 200. */
  delayMs?: number;
  /** Called before each retry (for logging). */
  onRetry?: (err: RemoteError, attempt: number) => void;
}

/** True when an operation that failed with `err` may be attempted again. Pure. */
export function isRetryable(err: unknown, idempotent: boolean): err is RemoteError {
  return err instanceof RemoteError && err.isConnection && (!err.started || idempotent);
}

/** Runs `op` up to `policy.attempts` times while it fails retryably. */
async function retry<T>(op: () => Promise<T>, idempotent: boolean, policy: RetryPolicy): Promise<T> {
  const attempts = Math.max(1, policy.attempts ?? 3);
  let delay = policy.delayMs ?? 200;
  for (let attempt = 1; ; attempt++) {
    try {
      return await op();
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err, idempotent)) throw err;
      policy.onRetry?.(err, attempt);
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }
}

/** Returns a {@link Remote} that retries `inner`'s dropped connections under `policy`. */
export function withRetries(inner: Remote, policy: RetryPolicy = {}): Remote {
  return {
    node: inner.node,
    via: inner.via,
    exec: (cmd: Command, opts?: ExecOptions): Promise<ExecResult> =>
      retry(() => inner.exec(cmd, opts), opts?.idempotent ?? false, policy),
    upload: (l: string, r: string) => retry(() => inner.upload(l, r), true, policy),
    download: (r: string, l: string) => retry(() => inner.download(r, l), true, policy),
    close: () => inner.close(),
  };
}

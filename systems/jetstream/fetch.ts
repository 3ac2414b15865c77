/**
 * One bounded pull from a JetStream consumer: ask for up to `batch` messages with `no_wait`
 * (the server sends what it has, then ends the request) and stop at a deadline regardless, so a
 * pull whose consumer is on an unreachable server cannot hang a poll.
 */
import type { JetStreamClient, JsMsg } from 'nats';

/** What one pull got: the messages in the order received, and the error that ended it early. */
export interface Pulled {
  msgs: JsMsg[];
  /** Set when the pull ended by an error or the deadline; `msgs` holds what came before it. */
  error?: unknown;
}

/** The error of a pull that reached its deadline. */
export class PullTimeout extends Error {
  override name = 'PullTimeout';
  readonly code = 'TIMEOUT';
  constructor(ms: number) {
    super(`pull got no end of batch within ${ms} ms`);
  }
}

/**
 * Pulls up to `batch` messages from consumer `consumer` of `stream`. Resolves (never rejects)
 * once the server ends the batch, at `timeoutMs`, or when `signal` aborts.
 */
export async function pullNoWait(js: JetStreamClient, stream: string, consumer: string, batch: number, timeoutMs: number, signal?: AbortSignal): Promise<Pulled> {
  const msgs: JsMsg[] = [];
  let iter: ReturnType<JetStreamClient['fetch']>;
  try {
    iter = js.fetch(stream, consumer, { batch, no_wait: true });
  } catch (e) {
    return { msgs, error: e };
  }
  let error: unknown;
  const stop = (e: unknown): void => {
    if (error === undefined) error = e;
    iter.stop();
  };
  const timer = setTimeout(() => stop(new PullTimeout(timeoutMs)), timeoutMs);
  const onAbort = (): void => stop(signal?.reason ?? new Error('aborted'));
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const m of iter) msgs.push(m);
  } catch (e) {
    if (error === undefined) error = e;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  return error === undefined ? { msgs } : { msgs, error };
}

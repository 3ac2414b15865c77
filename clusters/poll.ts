/**
 * Bounded waiting: ask a question every `intervalMs` until it is answered, the time is up, or
 * the run is aborted.
 */

/** Options of {@link poll}. */
export interface PollOptions {
  /** Give up after this many ms. */
  timeoutMs: number;
  /** Pause between attempts, ms. Default 200. */
  intervalMs?: number;
  /** Stops waiting (rejecting with its reason) when aborted. */
  signal?: AbortSignal;
  /** What is awaited, for the time-out message, e.g. `etcd on n1 to serve`. */
  what: string;
}

/** A pause of `ms` that ends early (rejecting) when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', abort);
      resolve();
    }
    function abort(): void {
      clearTimeout(t);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * Calls `attempt` until it returns something other than `undefined` and resolves with that.
 * An error thrown by `attempt` ends the wait with that error.
 * @throws Error `timed out after N ms waiting for <what>` (with the last note, if any)
 */
export async function poll<T>(attempt: (note: (why: string) => void) => Promise<T | undefined>, opts: PollOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let last = '';
  const note = (why: string): void => {
    last = why;
  };
  for (let round = 0; round < 1_000_000; round++) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const r = await attempt(note);
    if (r !== undefined) return r;
    if (Date.now() >= deadline) break;
    await pause(Math.min(opts.intervalMs ?? 200, Math.max(0, deadline - Date.now())), opts.signal);
  }
  throw new Error(`timed out after ${opts.timeoutMs} ms waiting for ${opts.what}${last ? ` (last: ${last})` : ''}`);
}

/** pullNoWait over a fake JetStream client: it ends with the batch, at its deadline, on abort, or on an error, keeping what came before. */
import type { JetStreamClient, JsMsg } from 'nats';
import { describe, expect, it } from 'vitest';
import { pullNoWait, PullTimeout } from '../../../systems/jetstream/index.js';

/** A fake pull: yields `msgs`, then ends (`end: 'done'`), hangs until stopped (`'hang'`), or throws `end`. */
function fakeJs(msgs: number[], end: 'done' | 'hang' | Error, calls: unknown[] = []): JetStreamClient {
  return {
    fetch(stream: string, consumer: string, opts: unknown) {
      calls.push([stream, consumer, opts]);
      let stopped: (() => void) | undefined;
      const stop = new Promise<void>((r) => (stopped = r));
      return {
        stop: () => stopped?.(),
        async *[Symbol.asyncIterator]() {
          for (const seq of msgs) yield { seq, data: new TextEncoder().encode(String(seq * 10)) } as unknown as JsMsg;
          if (end === 'hang') await stop;
          else if (end instanceof Error) throw end;
        },
      };
    },
  } as unknown as JetStreamClient;
}

describe('pullNoWait', () => {
  it('asks for a no_wait batch and returns the messages when the server ends it', async () => {
    const calls: unknown[] = [];
    const r = await pullNoWait(fakeJs([1, 2], 'done', calls), 'fl-a', 'c1', 50, 1_000);
    expect(r.error).toBeUndefined();
    expect(r.msgs.map((m) => m.seq)).toEqual([1, 2]);
    expect(calls).toEqual([['fl-a', 'c1', { batch: 50, no_wait: true }]]);
  });

  it('stops at its deadline with a timeout error, keeping the messages received', async () => {
    const t0 = Date.now();
    const r = await pullNoWait(fakeJs([7], 'hang'), 's', 'c', 10, 150);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(r.error).toBeInstanceOf(PullTimeout);
    expect(r.msgs.map((m) => m.seq)).toEqual([7]);
  });

  it('stops when the signal aborts, with its reason', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('run stopped')), 50);
    const r = await pullNoWait(fakeJs([], 'hang'), 's', 'c', 10, 5_000, ac.signal);
    expect((r.error as Error).message).toBe('run stopped');
  });

  it('returns the error that ended the pull, and an error thrown by fetch itself', async () => {
    const r = await pullNoWait(fakeJs([3], new Error('consumer deleted')), 's', 'c', 10, 1_000);
    expect((r.error as Error).message).toBe('consumer deleted');
    expect(r.msgs).toHaveLength(1);
    const throwing = { fetch: () => { throw new Error('bad name'); } } as unknown as JetStreamClient;
    expect(await pullNoWait(throwing, 's', 'c', 10, 1_000)).toEqual({ msgs: [], error: new Error('bad name') });
  });
});

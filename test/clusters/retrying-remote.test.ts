import { describe, expect, it } from 'vitest';
import { RemoteError } from '../../clusters/remote-error.js';
import type { Remote } from '../../core/remote.js';
import { isRetryable, withRetries } from '../../clusters/retrying-remote.js';

/** A fake remote whose exec fails with the queued errors first. */
function flaky(errors: RemoteError[]): Remote & { calls: number } {
  const r = {
    node: 'n1', via: 'fake', calls: 0,
    async exec() {
      r.calls++;
      const e = errors.shift();
      if (e) throw e;
      return { stdout: 'ok', stderr: '', exitCode: 0 };
    },
    async upload() {}, async download() {}, async close() {},
  };
  return r;
}

const dropped = (started: boolean): RemoteError => new RemoteError({ node: 'n1', command: 'x', failure: 'connection', started });

describe('withRetries', () => {
  it('retries connections that dropped before the command started', async () => {
    const inner = flaky([dropped(false), dropped(false)]);
    const r = withRetries(inner, { delayMs: 1 });
    expect((await r.exec(['x'])).stdout).toBe('ok');
    expect(inner.calls).toBe(3);
  });
  it('re-runs a started command only when idempotent', async () => {
    await expect(withRetries(flaky([dropped(true)]), { delayMs: 1 }).exec(['x'])).rejects.toThrow(/lost its connection/);
    expect(dropped(false).message).toMatch(/could not reach the node/);
    expect((await withRetries(flaky([dropped(true)]), { delayMs: 1 }).exec(['x'], { idempotent: true })).stdout).toBe('ok');
  });
  it('never retries command failures and gives up after the attempts', async () => {
    const exit = new RemoteError({ node: 'n1', command: 'false', failure: 'exit', exitCode: 1, stderr: 'boom' });
    expect(isRetryable(exit, true)).toBe(false);
    const inner = flaky([dropped(false), dropped(false), dropped(false)]);
    await expect(withRetries(inner, { attempts: 2, delayMs: 1 }).exec(['x'])).rejects.toBeInstanceOf(RemoteError);
    expect(inner.calls).toBe(2);
  });
  it('errors carry the facts', () => {
    const e = new RemoteError({ node: 'n2', command: "echo 'a b'", failure: 'exit', exitCode: 3, stdout: 'o', stderr: 'bad thing\n' });
    expect(e.message).toBe(`n2: "echo 'a b'" exited 3: bad thing`);
    expect([e.node, e.exitCode, e.stdout, e.stderr, e.failure]).toEqual(['n2', 3, 'o', 'bad thing\n', 'exit']);
  });
});

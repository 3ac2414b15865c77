import { afterEach, describe, expect, it, vi } from 'vitest';
import { onInterrupt } from '../../../harness/cli/signals.js';

afterEach(() => vi.restoreAllMocks());

describe('onInterrupt', () => {
  it('aborts on the first signal, exits 2 on the second, and removes its handlers', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const ctl = new AbortController();
    const lines: string[] = [];
    const before = process.listenerCount('SIGINT');
    const h = onInterrupt(ctl, (l) => lines.push(l), 'remove containers with `faultline down`');
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGINT', 'SIGINT');
    expect(ctl.signal.aborted).toBe(true);
    expect(exit).not.toHaveBeenCalled();
    process.emit('SIGTERM', 'SIGTERM');
    expect(exit).toHaveBeenCalledWith(2);
    expect(lines).toEqual([
      'SIGINT: stopping clients, healing and cleaning up (press Ctrl-C again to exit at once)',
      'SIGTERM again: exiting now; cleanup skipped (remove containers with `faultline down`)',
    ]);
    h.dispose();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});

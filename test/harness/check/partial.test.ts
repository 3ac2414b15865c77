import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { partialReason, processAlive } from '../../../harness/check/partial.js';

describe('partialReason', () => {
  it('names why a stored run did not finish, from its outcome and whether its controller lives', () => {
    expect(partialReason({ outcome: 'complete' })).toBeUndefined();
    expect(partialReason({ outcome: 'timed-out' })).toBeUndefined();
    expect(partialReason({ outcome: 'interrupted' })).toBe('interrupted');
    expect(partialReason({ outcome: 'crashed' })).toBe('crashed');
    const died = 'cut short: its controller died (test.json still says running)';
    expect(partialReason({ outcome: 'running' })).toBe(died); // an older run with no pid
    expect(partialReason({ outcome: 'running', pid: 1234, host: hostname() }, () => false)).toBe(died);
    expect(partialReason({ outcome: 'running', pid: 1234, host: hostname() }, () => true)).toBe('still running');
    expect(partialReason({ outcome: 'running', pid: 1234, host: 'elsewhere' }, () => true)).toBe(died);
  });

  it('tells a live pid from a gone one', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 17)).toBe(false);
  });
});

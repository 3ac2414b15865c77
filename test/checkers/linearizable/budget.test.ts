/**
 * Budgets: running out of time or memory gives `unknown` with the reason, never `true`; and
 * a failing key stops the check early unless `exhaustive`.
 */
import { describe, expect, it } from 'vitest';
import { checkLinearizable, formatExplanation } from '../../../checkers/linearizable/index.js';
import type { History } from '../../../core/op.js';
import type { Row } from './history.js';
import { hist } from './history.js';

/**
 * `n` concurrent enqueues on key `key`, then a dequeue of a value never enqueued: the search
 * (which has no shortcut for queues) must try every order of the enqueues: exponential.
 */
function hard(n: number, key = 'k', from = 0): Row[] {
  const rows: Row[] = [];
  for (let p = 0; p < n; p++) rows.push([from + p, 'invoke', 'enqueue', p, key]);
  for (let p = 0; p < n; p++) rows.push([from + p, 'ok', 'enqueue', p, key]);
  rows.push([from + n, 'invoke', 'dequeue', null, key], [from + n, 'ok', 'dequeue', 99, key]);
  return rows;
}

const hardHistory: History = hist(...hard(14));

describe('budgets', () => {
  it('running out of time gives unknown with the reason', async () => {
    const t = Date.now();
    const v = await checkLinearizable(hardHistory, 'fifo-queue', { timeoutMs: 150 });
    expect(Date.now() - t).toBeLessThan(3000);
    expect(v.valid).toBe('unknown');
    expect(v.reason).toMatch(/time budget ran out/);
    expect(v.unknownKeys.map((u) => u.key)).toEqual(['k']);
    // why: where the search spent its configurations, what was in flight, what would help
    expect(v.unknownKeys[0].reason).toMatch(
      /^time budget ran out; most configurations visited \(\d+\) had \d+ completed ops placed, near event \d+ of the history, where \d+ completed ops were in flight \(p\d+ enqueue/,
    );
    expect(v.unknownKeys[0].reason).toMatch(/0 crashed ops were open .*--op-timeout.*--concurrency/);
    expect(formatExplanation(v)).toMatch(/^unknown \(fifo-queue\): 1 of 1 keys undecided: time budget ran out/);
  });

  it('running out of memory gives unknown with the reason', async () => {
    const v = await checkLinearizable(hardHistory, 'fifo-queue', { maxMemoryMiB: 2, timeoutMs: 20_000 });
    expect(v.valid).toBe('unknown');
    expect(v.reason).toMatch(/memory budget ran out/);
    expect(v.stats.peakCacheMiB).toBeLessThanOrEqual(2 * 1.05); // an estimate, checked every 256 steps
  });

  it('running out of time on crashed ops says how many were open', async () => {
    // 12 crashed enqueues stay open; then a dequeue of a value never enqueued
    const rows: Row[] = [];
    for (let p = 0; p < 12; p++) rows.push([p, 'invoke', 'enqueue', p, 'q'], [p, 'info', 'enqueue', p, 'q']);
    for (let p = 20; p < 26; p++) rows.push([p, 'invoke', 'enqueue', p, 'q']);
    for (let p = 20; p < 26; p++) rows.push([p, 'ok', 'enqueue', p, 'q']);
    rows.push([30, 'invoke', 'dequeue', null, 'q'], [30, 'ok', 'dequeue', 99, 'q']);
    const v = await checkLinearizable(hist(...rows), 'fifo-queue', { timeoutMs: 100 });
    expect(v.valid).toBe('unknown');
    expect(v.reason).toMatch(/in flight \(p30 dequeue → 99\) and 12 crashed ops were open/);
  });

  it('a budget never turns into true for a valid-looking prefix', async () => {
    // valid except for the last read; with no time the verdict must not be true
    const v = await checkLinearizable(hardHistory, 'fifo-queue', { timeoutMs: 0 });
    expect(v.valid).not.toBe(true);
  });

  it('stops after a failing key unless exhaustive', async () => {
    const easyBad: Row[] = [
      [100, 'invoke', 'enqueue', 1, 'bad'], [100, 'ok', 'enqueue', 1, 'bad'],
      [101, 'invoke', 'dequeue', null, 'bad'], [101, 'ok', 'dequeue', 2, 'bad'],
    ];
    const h = hist(...hard(14, 'slow'), ...easyBad);
    const t = Date.now();
    const v = await checkLinearizable(h, 'fifo-queue');
    expect(Date.now() - t).toBeLessThan(5000);
    expect(v.valid).toBe(false);
    expect(v.failures.map((f) => f.key)).toEqual(['bad']);
    expect(v.unknownKeys.map((u) => u.key)).toEqual(['slow']);
    expect(v.unknownKeys[0].reason).toMatch(/stopped after finding a key that is not linearizable/);
    const all = await checkLinearizable(h, 'fifo-queue', { exhaustive: true, timeoutMs: 300 });
    expect(all.valid).toBe(false);
    expect(all.unknownKeys.map((u) => u.key)).toEqual(['slow']);
    expect(all.unknownKeys[0].reason).toMatch(/^time budget ran out/);
  });

  it('firstFailure stops at the first failing key, not at the end of its round', async () => {
    const bad = (key: string): Row[] => [
      [100, 'invoke', 'enqueue', 1, key], [100, 'ok', 'enqueue', 1, key],
      [101, 'invoke', 'dequeue', null, key], [101, 'ok', 'dequeue', 2, key],
    ];
    const h = hist(...bad('a'), ...bad('b'), ...bad('c'));
    const round = await checkLinearizable(h, 'fifo-queue');
    expect(round.failures.map((f) => f.key)).toEqual(['a', 'b', 'c']);
    const first = await checkLinearizable(h, 'fifo-queue', { firstFailure: true });
    expect(first.valid).toBe(false);
    expect(first.failures.map((f) => f.key)).toEqual(['a']);
    expect(first.unknownKeys.map((u) => u.key)).toEqual(['b', 'c']);
    expect(first.unknownKeys[0].reason).toMatch(/stopped after finding a key that is not linearizable/);
    const all = await checkLinearizable(h, 'fifo-queue', { firstFailure: true, exhaustive: true });
    expect(all.failures.map((f) => f.key)).toEqual(['a', 'b', 'c']);
  });
});

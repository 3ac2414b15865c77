/**
 * The queue workload end to end on the in-process memory system, through the compiled CLI
 * (needs `npm run build`): a correct log is VALID; with `--memory-stale-reads 1` polls served
 * by n2/n3 skip records and the stream checker says INVALID, report.html carries the per-key
 * offset views, and `faultline analyze` gives the same verdict again. Also the memory consumer
 * on its own.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkStream } from '../../checkers/stream/index.js';
import { Rng } from '../../core/generator/index.js';
import type { Op } from '../../core/op.js';
import { MemoryConsumer, MemoryLog } from '../../systems/memory/index.js';
import { runCli } from '../harness/cli/run-cli.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'faultline-queue-'));
  dirs.push(d);
  return d;
}

const op = (process: number, f: string, value: unknown): Op => ({ index: 0, time: 0, process, type: 'invoke', f, value });

describe('memory consumer', () => {
  it('sends get offsets; assign reads from the start and resumes; subscribe shares the group position; txn polls miss their own sends; crash forgets', () => {
    const log = new MemoryLog();
    const a = new MemoryConsumer(log, Rng.fromSeed(1), 0);
    const b = new MemoryConsumer(log, Rng.fromSeed(2), 0);
    expect(a.apply(op(0, 'send', [['send', 't0', 5]]))).toEqual({ type: 'ok', value: [['send', 't0', [0, 5]]] });
    a.apply(op(0, 'send', [['send', 't0', 6]]));
    expect(a.apply(op(0, 'poll', [['poll']])).value).toEqual([['poll', {}]]);
    a.apply(op(0, 'assign', ['t0']));
    expect(a.apply(op(0, 'poll', [['poll']])).value).toEqual([['poll', { t0: [[0, 5], [1, 6]] }]]);
    expect(a.apply(op(0, 'txn', [['send', 't0', 7], ['poll']])).value).toEqual([['send', 't0', [2, 7]], ['poll', {}]]);
    b.apply(op(1, 'subscribe', ['t0']));
    expect(b.apply(op(1, 'poll', [['poll']])).value).toEqual([['poll', { t0: [[0, 5], [1, 6], [2, 7]] }]]);
    const c = new MemoryConsumer(log, Rng.fromSeed(3), 0);
    c.apply(op(2, 'subscribe', ['t0']));
    expect(c.apply(op(2, 'poll', [['poll']])).value).toEqual([['poll', {}]]); // the group is past everything
    expect(a.apply(op(0, 'crash', null)).type).toBe('info');
    a.apply(op(3, 'assign', ['t0']));
    expect(a.apply(op(3, 'poll', [['poll']])).value).toEqual([['poll', { t0: [[0, 5], [1, 6], [2, 7]] }]]);
  });

  it('with a skip rate, polls of 3+ records drop one from the middle', () => {
    const log = new MemoryLog();
    const a = new MemoryConsumer(log, Rng.fromSeed(1), 1);
    for (let i = 0; i < 3; i++) a.apply(op(0, 'send', [['send', 't0', i]]));
    a.apply(op(0, 'assign', ['t0']));
    const recs = (a.apply(op(0, 'poll', [['poll']])).value as [string, Record<string, number[][]>][])[0][1].t0;
    expect(recs).toEqual([[0, 0], [2, 2]]);
  });
});

describe('faultline test memory --workload queue', () => {
  it('a correct log is VALID, end to end', async () => {
    const store = temp();
    const r = await runCli(['test', 'memory', '--workload', 'queue', '--time-limit', '3', '--rate', '200', '--nemesis', 'kill', '--nemesis-interval', '1', '--store', store, '--seed', '3']);
    expect(r.stdout).toMatch(/memory-queue \(memory, queue, 3 nodes, seed 3\): VALID/);
    expect(r.code).toBe(0);
    const results = JSON.parse(readFileSync(join(store, 'memory-queue', 'latest', 'results.json'), 'utf8'));
    const stream = results.checkers.stream;
    expect(stream.valid).toBe(true);
    expect(stream.stats.acked).toBeGreaterThan(20); // ~600 on a quiet machine; 87 was seen at load 17
    expect(stream.counts.unseen).toBe(0);
    expect(results.checkers.stats.valid).toBe(true);
  }, 180_000);

  it('skipping polls are INVALID; the report shows offset views; analyze agrees', async () => {
    const store = temp();
    const r = await runCli(['test', 'memory', '--workload', 'queue', '--time-limit', '2', '--rate', '200', '--memory-stale-reads', '1', '--store', store, '--seed', '4']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/: INVALID\n/);
    const dir = join(store, 'memory-queue', 'latest');
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    const stream = results.checkers.stream;
    expect(stream.valid).toBe(false);
    expect(stream.counts['internal-skip']).toBeGreaterThan(0);
    expect(stream.explanation).toMatch(/Invalid: .*internal-skip/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toContain('"streams":{"views":[{');
    const a = await runCli(['analyze', dir]);
    expect(a.code).toBe(1);
    const again = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(again.checkers.stream.counts).toEqual(stream.counts);
    // and the checker on the stored history, in process, says the same
    const history = readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as Op);
    expect(checkStream(history).counts).toEqual(stream.counts);
  }, 180_000);
});

/**
 * Worker-thread mode. Workers run the compiled checker (dist/), so this test builds the project
 * first when dist/checkers/linearizable/worker.js is missing (`npm test` builds anyway).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLinearizable, closeWorkerPool } from '../../../checkers/linearizable/index.js';
import { workerScriptPath } from '../../../checkers/linearizable/worker-path.js';
import { parseEdnHistory } from '../../../core/history/import/edn.js';
import type { History } from '../../../core/op.js';
import { planArb, simulate } from './sim.js';
import fc from 'fast-check';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const vectors = join(root, 'test', 'fixtures', 'vectors');

function kv(name: string): History {
  const file = join(vectors, 'porcupine', 'kv', `${name}.txt`);
  return parseEdnHistory(readFileSync(file, 'utf8'), file);
}

beforeAll(() => {
  const built = join(root, 'dist', 'checkers', 'linearizable', 'worker.js');
  if (!existsSync(built)) {
    try {
      execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], {
        cwd: root,
        stdio: 'ignore',
      });
    } catch {
      // tsc emits even when some other file has type errors; the check below decides
    }
  }
}, 300_000);

afterAll(async () => {
  await closeWorkerPool();
});

describe('worker threads', () => {
  it('finds the compiled worker from the TypeScript sources', () => {
    expect(workerScriptPath()).toBe(join(root, 'dist', 'checkers', 'linearizable', 'worker.js'));
  });

  it('gives the same verdicts as one thread, using the workers', async () => {
    for (const [name, expected] of [['c50-ok', true], ['c10-bad', false], ['c50-bad', false]] as const) {
      const h = kv(name);
      const one = await checkLinearizable(h, 'kv');
      const two = await checkLinearizable(h, 'kv', { workers: 2 });
      expect(one.valid).toBe(expected);
      expect(two.valid).toBe(expected);
      expect(two.stats.workers).toBe(2);
      if (expected) expect(two.keysChecked).toBe(one.keysChecked);
      else expect(two.failures.length).toBeGreaterThan(0);
    }
  });

  it('serves concurrent checks asking for different numbers of workers', async () => {
    const ok = kv('c50-ok');
    const bad = kv('c10-bad');
    const vs = await Promise.all([
      checkLinearizable(ok, 'kv', { workers: 2 }),
      checkLinearizable(bad, 'kv', { workers: 3 }),
      checkLinearizable(ok, 'kv', { workers: 2 }),
    ]);
    expect(vs.map((v) => v.valid)).toEqual([true, false, true]);
    expect(vs.map((v) => v.stats.workers)).toEqual([2, 3, 2]);
  });

  it('agrees with one thread on generated keyed histories', async () => {
    const plans = fc.sample(planArb('kv', { maxOps: 30, processes: 4, keyed: true, corruptRate: 0.5 }), { numRuns: 40, seed: 7 });
    for (const plan of plans) {
      const h = simulate('kv', plan);
      const one = await checkLinearizable(h, 'kv', { exhaustive: true });
      const two = await checkLinearizable(h, 'kv', { workers: 2, exhaustive: true });
      expect(two.valid).toBe(one.valid);
      expect(two.failures.map((f) => f.key).sort()).toEqual(one.failures.map((f) => f.key).sort());
    }
  });

  it('honours the time budget in workers', async () => {
    const rows: History = [];
    for (const key of ['a', 'b']) {
      const base = key === 'a' ? 0 : 100;
      for (let p = 0; p < 14; p++) rows.push({ index: 0, time: 0, process: base + p, type: 'invoke', f: 'enqueue', value: p, key });
      for (let p = 0; p < 14; p++) rows.push({ index: 0, time: 0, process: base + p, type: 'ok', f: 'enqueue', value: p, key });
      rows.push({ index: 0, time: 0, process: base + 99, type: 'invoke', f: 'dequeue', value: null, key });
      rows.push({ index: 0, time: 0, process: base + 99, type: 'ok', f: 'dequeue', value: 99, key });
    }
    const h = rows.map((o, i) => ({ ...o, index: i, time: i }));
    const v = await checkLinearizable(h, 'fifo-queue', { workers: 2, timeoutMs: 200 });
    expect(v.valid).toBe('unknown');
    expect(v.reason).toMatch(/time budget ran out/);
  });
});

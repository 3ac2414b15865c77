/**
 * `npm run bench:run`: the interpreter's overhead. A no-op client (answers `ok` at once) at
 * concurrency 10, every event appended to a real history file, no rate limit; reports ops/s
 * (completed client ops per second of wall time) as the median of 5 runs. Target ≥ 20,000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLog } from '../core/log.js';
import { clients, limit, repeat } from '../core/generator/index.js';
import { HistoryWriter } from '../core/history/index.js';
import type { Client, RunContext } from '../core/plugins.js';
import { interpret } from '../harness/run/interpreter.js';
import { nodeNames, stubCluster } from '../core/stub-cluster.js';

const OPS = Number(process.env.BENCH_RUN_OPS ?? 100_000);
const RUNS = 5;
const CONCURRENCY = 10;
const TARGET = 20_000;

const noop: Client = {
  open: async () => ({
    invoke: async (op) => ({ type: 'ok', value: op.value }),
    close: async () => {},
  }),
};

async function once(dir: string, i: number): Promise<{ opsPerS: number; events: number }> {
  const nodes = nodeNames(3);
  const ctx: RunContext = {
    nodes, cluster: stubCluster(nodes), addresses: Object.fromEntries(nodes.map((n) => [n, n])),
    log: silentLog, runDir: dir, options: {}, signal: new AbortController().signal,
  };
  const history = await HistoryWriter.create(join(dir, `history-${i}.jsonl`), { bench: 'run' });
  const gen = clients(limit(OPS, repeat({ f: 'write', value: 1 })));
  const t0 = performance.now();
  const r = await interpret({ generator: gen, seed: i, concurrency: CONCURRENCY, ctx, client: noop, history });
  await history.close();
  const s = (performance.now() - t0) / 1000;
  return { opsPerS: OPS / s, events: r.events };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-run-'));
  try {
    const rates: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const r = await once(dir, i);
      rates.push(r.opsPerS);
      process.stdout.write(`run ${i + 1}/${RUNS}: ${Math.round(r.opsPerS).toLocaleString('en')} ops/s (${r.events.toLocaleString('en')} events)\n`);
    }
    const median = [...rates].sort((a, b) => a - b)[Math.floor(RUNS / 2)];
    const verdict = median >= TARGET ? 'meets' : 'MISSES';
    process.stdout.write(`interpreter, no-op client, concurrency ${CONCURRENCY}, ${OPS.toLocaleString('en')} ops, history written: median ${Math.round(median).toLocaleString('en')} ops/s (${verdict} the target of ${TARGET.toLocaleString('en')})\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

/**
 * The transactional checker's benchmark, printed by `npm run bench:check` (bench/check.ts calls
 * {@link txnBench}): generated list-append histories (Jepsen's append shape: 10 processes, 1–4
 * micro-ops, keys retiring after 32 appends; ./txn-gen.ts) of 100,000 and 1,000,000
 * transactions, valid and with a few injected anomalies, each checked (strict-serializable)
 * in its own child process so that its peak RSS is its own. Figures: median of several check
 * runs after a warm-up (generation excluded; a GC before each run). Targets: 1M in < 5 s with
 * peak RSS < 1.5 GB; 100k in < 1 s. Run alone: `node dist/bench/txn.js [--quick]`.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkTxn } from '../checkers/txn/index.js';
import { median, peakRssMiB, secs, table } from './check-measure.js';
import { generateAppendHistory } from './txn-gen.js';

/** What a child reports. */
interface ChildResult {
  txns: number;
  events: number;
  genS: number;
  runs: number[];
  cpu: number[];
  valid: unknown;
  summary: string;
  rssMiB: number;
  historyRssMiB: number;
}

const INJECT = { abortedReads: 3, intermediateReads: 3, lostAppends: 3, staleReads: 3 };

function child(txns: number, injected: boolean, runs: number): void {
  const t0 = performance.now();
  const { history } = generateAppendHistory({ txns, seed: 42, ...(injected ? { inject: INJECT } : {}) });
  const genS = (performance.now() - t0) / 1000;
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const historyRssMiB = process.memoryUsage().rss / 2 ** 20;
  let v = checkTxn(history, { model: 'list-append' }); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t = performance.now();
    const c = process.cpuUsage();
    v = checkTxn(history, { model: 'list-append' });
    const dc = process.cpuUsage(c);
    times.push((performance.now() - t) / 1000);
    cpu.push((dc.user + dc.system) / 1e6);
  }
  const out: ChildResult = { txns, events: history.length, genS, runs: times, cpu, valid: v.valid, summary: v.summary ?? '', rssMiB: peakRssMiB(), historyRssMiB };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function runChild(txns: number, injected: boolean, runs: number): ChildResult | string {
  const res = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', String(txns), injected ? 'inject' : 'valid', String(runs)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const line = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || line === '') return `child failed (exit ${String(res.status)}): ${res.stderr.trim().split('\n').slice(-3).join(' | ')}`;
  return JSON.parse(line) as ChildResult;
}

/** Runs the txn checker bench (child processes) and prints its table. */
export function txnBench(opts: { quick?: boolean } = {}): void {
  const cases: [number, boolean, number, number][] = [
    [100_000, false, opts.quick ? 3 : 5, 1],
    [100_000, true, opts.quick ? 3 : 5, 1],
    ...(opts.quick ? [] : ([[1_000_000, false, 3, 5], [1_000_000, true, 3, 5]] as [number, boolean, number, number][])),
  ];
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const [n, injected, runs, target] of cases) {
    const r = runChild(n, injected, runs);
    const name = `list-append ${n.toLocaleString('en')} txns, ${injected ? 'injected anomalies' : 'valid'}`;
    if (typeof r === 'string') {
      rows.push([name, '-', '-', '-', '-', '-', '-', '-', secs(target), '-', r]);
      continue;
    }
    const med = median(r.runs);
    rows.push([
      name,
      String(r.events),
      String(r.valid),
      secs(med),
      secs(Math.min(...r.runs)),
      secs(median(r.cpu)),
      Math.round(n / med).toLocaleString('en'),
      r.rssMiB.toFixed(0),
      secs(target),
      n >= 1_000_000 ? '1536' : '-',
      med < target && (n < 1_000_000 || r.rssMiB < 1536) ? 'yes' : 'NO',
    ]);
    notes.push(`${name}: ${r.summary} (generation ${r.genS.toFixed(1)} s; history alone ${r.historyRssMiB.toFixed(0)} MiB RSS)`);
  }
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`\nfaultline txn checker bench (strict-serializable) — node ${process.version}, ${cpus().length} CPUs, load ${load}; median of the check runs after a warm-up, generation excluded, one child process per case`);
  console.log(table(['case', 'events', 'verdict', 'median s', 'min s', 'median CPU s', 'txn/s', 'peak RSS MiB', 'target s', 'RSS target', 'beats'], rows));
  for (const n of notes) console.log(`  ${n}`);
  console.log('  (peak RSS covers generation, the history and the checks; CPU s = user + system time of one check, which load from other processes does not inflate)');
  console.log("  Elle (jepsen-io/elle), same shape of history, strict-serializable, from ../shared/tools/elle-ref/README.md on this machine: 100,000 txns 7–15 s check alone (12–26 s wall), 1.3–1.75 GiB; 1,000,000 txns 61–79 s check alone (101–116 s wall), 11.8–12.6 GiB. Side by side: node dist/bench/txn-elle.js");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--child');
  if (at >= 0) child(Number(process.argv[at + 1]), process.argv[at + 2] === 'inject', Number(process.argv[at + 3]));
  else txnBench({ quick: process.argv.includes('--quick') });
}

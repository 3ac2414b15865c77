/**
 * `npm run bench:check` (dist/bench/check.js [--quick]): check time of the linearizability
 * checker on the test vectors (test/fixtures/vectors) and on large generated histories, single-threaded and with
 * worker threads, next to Porcupine timed in the same run (./porcupine.ts) and the project's
 * targets; then the hot-key histories with crashed ops (./check-crashed.ts). Parsing is excluded;
 * each figure is the median of 5 runs (3 with --quick) after a warm-up. The 1M-op case runs in
 * a child process so that its peak RSS is its own (skipped with --quick). Then the stream
 * checker on a generated 1M-op history (./stream.ts), then the txn checker (./txn.ts).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkLinearizable, closeWorkerPool, type LinearizableOptions } from '../checkers/linearizable/index.js';
import { projectRoot } from '../checkers/linearizable/worker-path.js';
import { parseEdnHistory } from '../core/history/import/edn.js';
import { parseJepsenLog } from '../core/history/import/jepsen-log.js';
import type { History } from '../core/op.js';
import { generateRegisterHistory } from './check-gen.js';
import { crashedChild, runCrashedChild, type CrashedResult } from './check-crashed.js';
import { peakRssMiB, secs, table, timeBatched, timeRuns, type Timing } from './check-measure.js';
import { timePorcupine, PORCUPINE_MODULE, type PorcupineCase, type PorcupineTiming } from './porcupine.js';
import { streamBench } from './stream.js';
import { txnBench } from './txn.js';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 3 : 5;
const WORKERS = 2;

interface Row {
  name: string;
  ops: number;
  verdict: string;
  one?: number;
  many?: number;
  /** CPU seconds of the 1-thread figure, where measured. */
  cpu?: number;
  /** Porcupine, measured in this run: wall and CPU seconds. */
  porcupine?: number;
  porcupineCpu?: number;
  target?: number;
}

/** Porcupine's timings of this run, by case name (empty when it could not run). */
let porcupine = new Map<string, PorcupineTiming>();

function porcupineCases(dir: string, etcdFiles: readonly string[]): PorcupineCase[] {
  const kv = ['c01', 'c10', 'c50'].flatMap((c) => ['ok', 'bad'].map((k) => `${c}-${k}`));
  return [
    { name: 'etcd-all', kind: 'etcd', files: etcdFiles.map((f) => join(dir, f)) },
    ...kv.map((name): PorcupineCase => ({ name, kind: 'kv-split', files: [join(dir, 'porcupine', 'kv', `${name}.txt`)] })),
    // With CheckEventsVerbose also on c50-bad, Porcupine's test process reached 11 GB of RSS in
    // a bench run (seen 12 min in; presumably c50-bad, since Verbose copies the path at every
    // backtrack that lengthens some op's longest prefix), so only c01-bad and c10-bad are timed
    // verbose.
    ...['c01-bad', 'c10-bad'].map((name): PorcupineCase => ({ name: `${name}-verbose`, kind: 'kv-split', files: [join(dir, 'porcupine', 'kv', `${name}.txt`)], verbose: true })),
  ];
}

function vectorsDir(): string {
  const root = projectRoot();
  if (root === undefined) throw new Error('cannot find the project root');
  return join(root, 'test', 'fixtures', 'vectors');
}

function expectedVerdicts(dir: string): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const line of readFileSync(join(dir, 'EXPECTED.tsv'), 'utf8').split('\n')) {
    const [file, v] = line.trim().split('\t');
    if (file && file !== 'file') out.set(file, v === 'true');
  }
  return out;
}

/** The histories as one keyed history: file i's ops get key i and come after file i-1's. */
function concatenate(histories: readonly History[]): History {
  const out: History = [];
  histories.forEach((h, k) => {
    for (const op of h) {
      const process = typeof op.process === 'number' ? op.process + k * 1000 : op.process;
      out.push({ ...op, index: out.length, time: out.length, key: k, process });
    }
  });
  return out;
}

function verdictText(t: Timing, expected: boolean | undefined): string {
  const v = String(t.verdict.valid);
  return expected === undefined ? v : `${v}${String(expected) === v ? '' : ` (EXPECTED ${String(expected)})`}`;
}

async function etcdRows(dir: string, expected: Map<string, boolean>): Promise<Row[]> {
  const files = [...expected.keys()].filter((f) => f.endsWith('.log')).sort();
  const hs = files.map((f) => parseJepsenLog(readFileSync(join(dir, f), 'utf8'), f));
  const perFile: number[][] = files.map(() => []);
  const totals: number[] = [];
  const cpus: number[] = [];
  let matches = 0;
  for (let run = 0; run <= RUNS; run++) {
    let total = 0;
    matches = 0;
    const c0 = process.cpuUsage();
    for (let i = 0; i < files.length; i++) {
      const t = performance.now();
      const v = await checkLinearizable(hs[i], 'cas-register');
      const dt = (performance.now() - t) / 1000;
      total += dt;
      if (run > 0) perFile[i].push(dt);
      if (v.valid === expected.get(files[i])) matches++;
    }
    const c = process.cpuUsage(c0);
    if (run > 0) totals.push(total);
    if (run > 0) cpus.push((c.user + c.system) / 1e6);
  }
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  let slow = 0;
  for (let i = 1; i < files.length; i++) if (med(perFile[i]) > med(perFile[slow])) slow = i;
  const ops = hs.reduce((s, h) => s + h.length, 0);
  const i002 = files.findIndex((f) => f.endsWith('etcd_002.log'));
  const joined = concatenate(hs);
  const opts = (workers: number): LinearizableOptions => ({ exhaustive: true, workers });
  const one = await timeRuns(RUNS, () => checkLinearizable(joined, 'cas-register', opts(0)));
  const many = await timeRuns(RUNS, () => checkLinearizable(joined, 'cas-register', opts(WORKERS)));
  const invalid = [...expected].filter(([f, v]) => f.endsWith('.log') && !v).length;
  return [
    { name: `etcd: ${files.length} files, one check each`, ops, verdict: `${matches}/${files.length} match`, one: med(totals), cpu: med(cpus), porcupine: porcupine.get('etcd-all')?.seconds, porcupineCpu: porcupine.get('etcd-all')?.cpu, target: 0.2 },
    {
      name: `etcd: slowest file here (${files[slow].replace(/^.*\//, '')})`,
      ops: hs[slow].length,
      verdict: String(expected.get(files[slow])),
      one: med(perFile[slow]),
    },
    ...(files[slow].endsWith('etcd_002.log')
      ? []
      : [{ name: "etcd: etcd_002.log (Porcupine's slowest)", ops: hs[i002].length, verdict: String(expected.get(files[i002])), one: med(perFile[i002]) }]),
    {
      name: `etcd: ${files.length} files as one keyed history`,
      ops: joined.length,
      verdict: `${one.verdict.failures.length + one.verdict.failuresOmitted}/${invalid} invalid keys`,
      one: one.median,
      many: many.median,
    },
  ];
}

async function kvRows(dir: string, expected: Map<string, boolean>): Promise<Row[]> {
  const rows: Row[] = [];
  const targets: Record<string, number> = { 'c50-ok': 0.07 };
  for (const c of ['c01', 'c10', 'c50']) {
    for (const kind of ['ok', 'bad']) {
      const name = `${c}-${kind}`;
      const file = `porcupine/kv/${name}.txt`;
      const h = parseEdnHistory(readFileSync(join(dir, file), 'utf8'), file);
      const one = await timeBatched(RUNS, () => checkLinearizable(h, 'kv'));
      const many = await timeBatched(RUNS, () => checkLinearizable(h, 'kv', { workers: WORKERS }));
      if (kind === 'ok') {
        rows.push({ name: `kv ${name}, split by key`, ops: h.length, verdict: verdictText(one, expected.get(file)), one: one.median, cpu: one.cpu, many: many.median, porcupine: porcupine.get(name)?.seconds, porcupineCpu: porcupine.get(name)?.cpu, target: targets[name] });
        continue;
      }
      // Like for like (bench/porcupine.ts): the default (every key checked, every failing key
      // explained) against CheckEventsVerbose (every partition checked, partial linearizations
      // computed); firstFailure (stop at the first failing key, answer only) against CheckEvents.
      const verbose = porcupine.get(`${name}-verbose`);
      rows.push({ name: `kv ${name}, split, default (as CheckEventsVerbose)`, ops: h.length, verdict: verdictText(one, expected.get(file)), one: one.median, cpu: one.cpu, many: many.median, porcupine: verbose?.seconds, porcupineCpu: verbose?.cpu });
      const first = await timeBatched(RUNS, () => checkLinearizable(h, 'kv', { firstFailure: true }));
      rows.push({ name: `kv ${name}, split, firstFailure (as CheckEvents)`, ops: h.length, verdict: verdictText(first, expected.get(file)), one: first.median, cpu: first.cpu, porcupine: porcupine.get(name)?.seconds, porcupineCpu: porcupine.get(name)?.cpu });
    }
  }
  for (const [kind, target] of [['ok', 1.2], ['bad', 1.4]] as const) {
    const file = `porcupine/kv/c10-${kind}.txt`;
    const h = parseEdnHistory(readFileSync(join(dir, file), 'utf8'), file);
    const one = await timeRuns(RUNS, () => checkLinearizable(h, 'kv', { splitByKey: false }));
    rows.push({ name: `kv c10-${kind}, NOT split (1 partition)`, ops: h.length, verdict: verdictText(one, expected.get(file)), one: one.median, target });
  }
  return rows;
}

async function generatedRow(ops: number, keys = 1000): Promise<Row> {
  const h = generateRegisterHistory(ops, 10, keys, 42);
  const one = await timeRuns(RUNS, () => checkLinearizable(h, 'cas-register'));
  const many = keys > 1 ? await timeRuns(RUNS, () => checkLinearizable(h, 'cas-register', { workers: WORKERS })) : undefined;
  const name = `generated ${ops.toLocaleString('en')} ops (${keys} key${keys === 1 ? '' : 's'}, 10 procs)`;
  return { name, ops: h.length, verdict: String(one.verdict.valid), one: one.median, many: many?.median, target: keys === 1000 ? 5 : undefined };
}

/** Child mode: generate and check `ops` ops once; print a JSON line with times and RSS. */
async function child(ops: number): Promise<void> {
  const t0 = performance.now();
  const h = generateRegisterHistory(ops, 10, 1000, 42);
  const t1 = performance.now();
  const v = await checkLinearizable(h, 'cas-register');
  const t2 = performance.now();
  process.stdout.write(`${JSON.stringify({ events: h.length, genS: (t1 - t0) / 1000, checkS: (t2 - t1) / 1000, valid: v.valid, rssMiB: peakRssMiB() })}\n`);
}

function childRow(ops: number): { row: Row; rss: number } {
  const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', String(ops)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = res.stdout.trim().split('\n').pop() ?? '';
  const r = JSON.parse(line) as { events: number; checkS: number; valid: unknown; rssMiB: number };
  return { row: { name: `generated ${ops.toLocaleString('en')} ops (child process, 1 run)`, ops: r.events, verdict: String(r.valid), one: r.checkS, target: 60 }, rss: r.rssMiB };
}

function crashedRow(r: CrashedResult): Row {
  const what = r.altered ? 'one read altered to 99' : 'as generated';
  const verdict = r.altered ? `${String(r.valid)}${r.named ? ', read named' : ', read NOT named'}` : String(r.valid);
  return {
    name: `hot key ${r.ops.toLocaleString('en')} ops, 20 thr, 5 % crashed, ${what} (child, RSS ${r.rssMiB.toFixed(0)} MiB)`,
    ops: r.events,
    verdict,
    one: r.checkS,
    cpu: r.cpuS,
    target: r.ops >= 1_000_000 ? 120 : 10,
  };
}

function beats(r: Row): string {
  if (r.one === undefined || (r.target === undefined && r.porcupine === undefined)) return '';
  const underTarget = r.target === undefined || r.one < r.target;
  const underPorcupine =
    r.porcupine === undefined || (r.cpu !== undefined && r.porcupineCpu !== undefined ? r.cpu <= r.porcupineCpu : r.one <= r.porcupine);
  return underTarget && underPorcupine ? 'yes' : 'NO';
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) return child(Number(process.argv[at + 1]));
  const crash = process.argv.indexOf('--crash-child');
  if (crash >= 0) return crashedChild(Number(process.argv[crash + 1]), process.argv[crash + 2] === 'altered');
  const dir = vectorsDir();
  const expected = expectedVerdicts(dir);
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  const etcdFiles = [...expected.keys()].filter((f) => f.endsWith('.log')).sort();
  const porc = timePorcupine(porcupineCases(dir, etcdFiles), RUNS);
  if (typeof porc === 'string') console.log(porc);
  else porcupine = porc;
  const loadAfterPorcupine = loadavg().map((x) => x.toFixed(2)).join(' ');
  const rows = [
    ...(await etcdRows(dir, expected)),
    ...(await kvRows(dir, expected)),
    await generatedRow(100_000),
    await generatedRow(100_000, 1),
  ];
  const rssMain = peakRssMiB();
  await closeWorkerPool();
  const rss100k = childRow(100_000).rss;
  let rss1m: number | undefined;
  if (!quick) {
    const { row, rss } = childRow(1_000_000);
    rows.push(row);
    rss1m = rss;
  }
  for (const ops of quick ? [100_000] : [100_000, 1_000_000]) {
    for (const altered of [false, true]) rows.push(crashedRow(runCrashedChild(import.meta.url, ops, altered)));
  }
  const header = ['case', 'events', 'verdict', '1 thread s', 'cpu s', `${WORKERS} workers s`, 'porcupine s', 'porc cpu s', 'porc÷fl wall', 'porc÷fl cpu', 'target s', 'beats'];
  const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined ? '' : `${(a / b).toFixed(2)}×`);
  const body = rows.map((r) => [
    r.name,
    String(r.ops),
    r.verdict,
    secs(r.one),
    secs(r.cpu),
    secs(r.many),
    secs(r.porcupine),
    secs(r.porcupineCpu),
    ratio(r.porcupine, r.one),
    ratio(r.porcupineCpu, r.cpu),
    secs(r.target),
    beats(r),
  ]);
  console.log(`faultline linearizability bench — node ${process.version}, ${cpus().length} CPUs, load ${load} (after Porcupine ${loadAfterPorcupine}), median of ${RUNS} runs after a warm-up, parsing excluded${quick ? ' (--quick)' : ''}`);
  console.log(`porcupine s = ${PORCUPINE_MODULE}, measured in this run just before faultline on the same files (GOMAXPROCS=1, its own parsers and models, median of ${RUNS} batches); sub-millisecond cases on both sides are batches of repeated checks; cpu s = user + system CPU per check (steadier than wall on a loaded machine; "beats" compares CPU where both sides have it); target s = this project's goal (single thread)`);
  console.log(table(header, body));
  console.log('workers split a history by key: single-partition cases (one etcd file, unsplit kv) have nothing to spread');
  const big = rss1m === undefined ? '' : `; 1M-op child ${rss1m.toFixed(0)} MiB (target < 2048)`;
  console.log(`peak RSS (maxRSS): this process ${rssMain.toFixed(0)} MiB; 100k-op child ${rss100k.toFixed(0)} MiB${big}`);
  console.log('Knossos: not run here (needs the jepsen-io/knossos mirror and ../shared/tools/knossos-ref; see BENCHMARKS.md)');
  streamBench({ quick });
  txnBench({ quick });
}

await main();

/**
 * The stream checker's benchmark, printed by `npm run bench:check` (bench/check.ts calls
 * {@link streamBench}): a generated history of 1,000,000 stream ops (2,000,000 events) from a
 * correct simulated log, checked in a child process so its peak RSS is its own; the figure is
 * the median of several check runs after a warm-up (generation excluded; the child runs with
 * --expose-gc and collects before each run). Target: < 10 s, < 2 GB. Run alone:
 * `node dist/bench/stream.js [--quick]`.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkStream } from '../checkers/stream/index.js';
import type { History, Op } from '../core/op.js';
import { prng } from './check-gen.js';
import { median, peakRssMiB, secs, table } from './check-measure.js';

/** What the child reports. */
interface ChildResult {
  ops: number;
  events: number;
  genS: number;
  runs: number[];
  /** CPU time (user + system) of each run, s: fairer than wall time on a shared machine. */
  cpu: number[];
  valid: unknown;
  records: number;
  rssMiB: number;
  /** RSS with the history built and garbage collected, before any check, MiB. */
  historyRssMiB: number;
}

interface Proc {
  id: number;
  /** The completion of its op in flight, if any. */
  pending: Op | undefined;
  held: string[];
  next: Map<string, number>;
}

/**
 * A history of `ops` stream ops by `processes` concurrent processes over `keys` keys against a
 * correct log (each op takes effect at its invocation): 45 % sends, 45 % polls (up to 5
 * records per held key), 5 % txns, 5 % assigns of a random subset; then every process assigns
 * every key and polls to the end. Deterministic from `seed`. Not pure (builds a large array).
 */
export function generateStreamHistory(ops: number, processes: number, keys: number, seed = 1): History {
  const rnd = prng(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const names = Array.from({ length: keys }, (_, i) => `t${i}`);
  const logs = new Map(names.map((k) => [k, [] as number[]]));
  const procs: Proc[] = Array.from({ length: processes }, (_, id) => ({ id, pending: undefined, held: [], next: new Map() }));
  const h: History = [];
  let value = 0;
  const push = (op: Omit<Op, 'index' | 'time'>): void => {
    h.push({ index: h.length, time: h.length * 1000, process: op.process, type: op.type, f: op.f, value: op.value });
  };
  const poll = (p: Proc, perKey: number): Record<string, [number, number][]> => {
    const out: Record<string, [number, number][]> = {};
    for (const k of p.held) {
      const log = logs.get(k)!;
      const from = p.next.get(k) ?? 0;
      const to = Math.min(log.length, from + perKey);
      if (to === from) continue;
      const recs: [number, number][] = [];
      for (let o = from; o < to; o++) recs.push([o, log[o]]);
      p.next.set(k, to);
      out[k] = recs;
    }
    return out;
  };
  const send = (k: string): [string, string, [number, number]] => {
    const log = logs.get(k)!;
    log.push(value);
    return ['send', k, [log.length - 1, value++]];
  };
  const invoke = (p: Proc, final: boolean): void => {
    const r = final ? 50 : int(100);
    let f: string;
    let inv: unknown;
    let done: unknown;
    if (r < 45) {
      const k = names[int(keys)];
      f = 'send';
      inv = [['send', k, value]];
      done = [send(k)];
    } else if (r < 90) {
      f = 'poll';
      inv = [['poll']];
      done = [['poll', poll(p, final ? 50 : 5)]];
    } else if (r < 95) {
      const k = names[int(keys)];
      f = 'txn';
      inv = [['send', k, value], ['poll']];
      const polled = poll(p, 5);
      done = [send(k), ['poll', polled]];
    } else {
      f = 'assign';
      p.held = names.filter(() => int(2) === 1);
      inv = p.held;
      done = p.held;
    }
    push({ process: p.id, type: 'invoke', f, value: inv });
    p.pending = { index: -1, time: -1, process: p.id, type: 'ok', f, value: done };
  };
  const complete = (p: Proc): void => {
    const c = p.pending!;
    p.pending = undefined;
    push({ process: c.process, type: 'ok', f: c.f, value: c.value });
  };
  for (let n = 0; n < ops; ) {
    const p = procs[int(processes)];
    if (p.pending !== undefined) complete(p);
    else {
      invoke(p, false);
      n++;
    }
  }
  for (const p of procs) if (p.pending !== undefined) complete(p);
  // final reads: assign every key, poll until nothing is left
  for (const p of procs) {
    push({ process: p.id, type: 'invoke', f: 'assign', value: names });
    p.held = names;
    push({ process: p.id, type: 'ok', f: 'assign', value: names });
    for (;;) {
      const recs = poll(p, 500);
      push({ process: p.id, type: 'invoke', f: 'poll', value: [['poll']] });
      push({ process: p.id, type: 'ok', f: 'poll', value: [['poll', recs]] });
      if (Object.keys(recs).length === 0) break;
    }
  }
  return h;
}

const OPS = 1_000_000;

function child(ops: number, runs: number): void {
  const t0 = performance.now();
  const h = generateStreamHistory(ops, 10, 10, 42);
  const genS = (performance.now() - t0) / 1000;
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc(); // the generator's garbage is not the checker's
  const historyRssMiB = process.memoryUsage().rss / 2 ** 20;
  let v = checkStream(h); // warm-up
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc(); // each run starts from the history alone, as one `faultline analyze` would
    const t = performance.now();
    const c = process.cpuUsage();
    v = checkStream(h);
    const dc = process.cpuUsage(c);
    times.push((performance.now() - t) / 1000);
    cpu.push((dc.user + dc.system) / 1e6);
  }
  const out: ChildResult = { ops: h.filter((o) => o.type === 'invoke').length, events: h.length, genS, runs: times, cpu, valid: v.valid, records: v.stats.records, rssMiB: peakRssMiB(), historyRssMiB };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/**
 * Runs the stream checker bench in a child process and prints its table: median check time of
 * `runs` runs (5, or 3 with `quick`) on {@link OPS} generated ops, and the child's peak RSS.
 */
export function streamBench(opts: { quick?: boolean } = {}): void {
  const runs = opts.quick ? 3 : 5;
  const res = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), '--child', String(OPS), String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = res.stdout.trim().split('\n').pop() ?? '';
  if (res.status !== 0 || line === '') {
    console.log(`stream checker bench: the child failed (exit ${String(res.status)}): ${res.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    return;
  }
  const r = JSON.parse(line) as ChildResult;
  const med = median(r.runs);
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`\nfaultline stream checker bench — node ${process.version}, ${cpus().length} CPUs, load ${load}; median of ${r.runs.length} check runs after a warm-up, generation excluded, in a child process`);
  console.log(
    table(
      ['case', 'ops', 'events', 'records read', 'verdict', 'median s', 'min s', 'max s', 'median CPU s', 'target s', 'peak RSS MiB', 'beats'],
      [
        [
          `generated stream history (10 keys, 10 procs)`,
          String(r.ops),
          String(r.events),
          String(r.records),
          String(r.valid),
          secs(med),
          secs(Math.min(...r.runs)),
          secs(Math.max(...r.runs)),
          secs(median(r.cpu)),
          secs(10),
          r.rssMiB.toFixed(0),
          med < 10 && r.rssMiB < 2048 ? 'yes' : 'NO',
        ],
      ],
    ),
  );
  console.log(
    `(generating the history took ${r.genS.toFixed(1)} s; the history alone holds ${r.historyRssMiB.toFixed(0)} MiB RSS; peak RSS covers generation, the history and the checks, ` +
      `with a GC before each run; targets < 10 s wall and < 2048 MiB; CPU s = user + system time of the check, which load from other processes does not inflate)`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--child');
  if (at >= 0) child(Number(process.argv[at + 1]), Number(process.argv[at + 2]));
  else streamBench({ quick: process.argv.includes('--quick') });
}

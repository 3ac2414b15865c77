/**
 * `npm run bench:systems [-- <system...>] [--workload W] [--time-limit S] [--rate R] [--runs N]
 * [--cluster NAME --subnet CIDR]` (default cluster `bench-sys` on 10.231.4.0/24; give another pair
 * when another bench may run on the machine at the same time):
 * for each real system (default herddb, kafka, jetstream, bookkeeper, each with its main
 * workload, or `--workload W` for all of them, e.g. `append` for postgres and herddb), whole
 * `faultline test` campaigns side by side: fault-free (`--nemesis none`) and under faults
 * (`--nemesis kill,partition`). Prints, per run, how long the containers and the DB took to
 * come up (from the phase lines' arrival times; images and jars cached), the verdict, ok ops/s
 * and latency p50 / p95 per op kind (from perf.json), then medians over `--runs`.
 * Target (issue 6): HerdDB's 3-node cluster (ZooKeeper + HerdDB with bookies) up in < 90 s.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const BIN = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));

/** Each system's main workload. */
const WORKLOADS: Record<string, string> = { postgres: 'append', herddb: 'register', kafka: 'queue', jetstream: 'queue', bookkeeper: 'ledger', zookeeper: 'register', etcd: 'register' };

/** What one campaign showed. */
interface Outcome {
  system: string;
  nemesis: string;
  verdict: string;
  upS: number;
  dbS: number;
  wallS: number;
  okPerS: number;
  byF: Record<string, { p50: number; p95: number; ok: number }>;
}

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Runs one campaign and reads what it printed and stored. */
async function campaign(system: string, nemesis: string, store: string, timeLimit: string, rate: string, workload: string | undefined): Promise<Outcome> {
  const args = ['test', system, '--workload', workload ?? WORKLOADS[system] ?? 'register', '--nemesis', nemesis, '--time-limit', timeLimit, '--rate', rate,
    '--cluster', flag('--cluster', 'bench-sys'), '--subnet', flag('--subnet', '10.231.4.0/24'), '--store', store];
  const t0 = performance.now();
  const phaseAt: Record<string, number> = {};
  const child = execa('node', [BIN, ...args], { reject: false, stdin: 'ignore', all: false, timeout: 1_800_000 });
  let buf = '';
  child.stderr?.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const m = /^faultline: \[(\d+)\/\d+\] (\w+)/.exec(line);
      if (m) phaseAt[m[2]] ??= performance.now();
    }
  });
  const r = await child;
  const wallS = (performance.now() - t0) / 1000;
  const out = String(r.stdout ?? '');
  const verdict = /: (VALID|INVALID|UNKNOWN|NOT CHECKED)\b/.exec(out)?.[1] ?? `exit ${r.exitCode}`;
  const html = /^report: (.+report\.html)$/m.exec(out)?.[1];
  const s = (a: string, b: string) => (phaseAt[a] !== undefined && phaseAt[b] !== undefined ? (phaseAt[b] - phaseAt[a]) / 1000 : NaN);
  const o: Outcome = { system, nemesis, verdict, upS: s('cluster', 'db'), dbS: s('db', 'nemesis'), wallS, okPerS: NaN, byF: {} };
  if (html === undefined) {
    process.stderr.write(`bench: ${system} ${nemesis}: no report (exit ${r.exitCode}); last output:\n${String(r.stderr ?? '').split('\n').slice(-15).join('\n')}\n`);
    return o;
  }
  const perf = JSON.parse(readFileSync(join(dirname(html), 'perf.json'), 'utf8')) as {
    durationS: number;
    counts: { ok: number; byF: Record<string, { ok: number }> };
    latency: { byFOutcome: Record<string, { ok?: { p50: number; p95: number } }> };
  };
  o.okPerS = perf.counts.ok / Math.max(1e-9, Number(timeLimit));
  for (const [f, c] of Object.entries(perf.counts.byF)) {
    const l = perf.latency.byFOutcome[f]?.ok;
    if (l) o.byF[f] = { p50: l.p50, p95: l.p95, ok: c.ok };
  }
  return o;
}

function line(o: Outcome): string {
  const lat = Object.entries(o.byF).map(([f, l]) => `${f} ${l.p50.toFixed(1)}/${l.p95.toFixed(1)} ms (${l.ok} ok)`).join(', ');
  return `${o.system.padEnd(10)} ${o.nemesis.padEnd(14)} ${o.verdict.padEnd(8)} up ${o.upS.toFixed(1)} s, db ${o.dbS.toFixed(1)} s, wall ${o.wallS.toFixed(0)} s, ${o.okPerS.toFixed(1)} ok ops/s; p50/p95 ${lat}`;
}

async function main(): Promise<void> {
  const systems = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1] ?? '').startsWith('--'));
  const list = systems.length > 0 ? systems : ['herddb', 'kafka', 'jetstream', 'bookkeeper'];
  const timeLimit = flag('--time-limit', '30');
  const rate = flag('--rate', '200');
  const runs = Number(flag('--runs', '1'));
  const workload = process.argv.includes('--workload') ? flag('--workload', '') : undefined;
  const store = mkdtempSync(join(tmpdir(), 'faultline-bench-sys-'));
  const all: Outcome[] = [];
  try {
    for (const system of list) {
      for (let i = 0; i < runs; i++) {
        for (const nemesis of ['none', 'kill,partition']) {
          const o = await campaign(system, nemesis, store, timeLimit, rate, workload);
          all.push(o);
          process.stdout.write(`${line(o)}\n`);
        }
      }
    }
    process.stdout.write(`\nmedians over ${runs} run(s) of ${timeLimit} s at --rate ${rate}:\n`);
    for (const system of list) {
      for (const nemesis of ['none', 'kill,partition']) {
        const os = all.filter((o) => o.system === system && o.nemesis === nemesis);
        const ready = median(os.map((o) => o.upS + o.dbS));
        const target = system === 'herddb' ? ` (target < 90 s: ${ready < 90 ? 'met' : 'MISSED'})` : '';
        process.stdout.write(`${system} ${nemesis}: cluster + DB up ${ready.toFixed(1)} s${target}, ${median(os.map((o) => o.okPerS)).toFixed(1)} ok ops/s, verdicts ${os.map((o) => o.verdict).join(' ')}\n`);
      }
    }
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
}

await main();

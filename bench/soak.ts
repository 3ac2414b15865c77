/**
 * `npm run bench:soak [-- --minutes N]`: a long run at full rate must not grow. Every workload
 * of the in-process `memory` system runs as its own `faultline test memory` process, all at
 * once, at --rate 100000 --concurrency 50 for N minutes (default 2; the figure is 10).
 * Every 5 s the child's live line gives its op count and /proc gives its RSS; per minute the
 * bench prints ops/s and RSS (MB, the minute's peak). The check phase is not measured: each
 * child is stopped once its run phase ends. Target: RSS flat — the last minute's within 10 %
 * of the second's — and ops/s flat (the same ratio is printed).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKLOADS = ['register', 'set', 'bank', 'queue'] as const;
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

function minutesFlag(argv: readonly string[]): number {
  const i = argv.indexOf('--minutes');
  const raw = i >= 0 ? argv[i + 1] : process.env.BENCH_SOAK_MINUTES;
  const m = raw === undefined ? 2 : Number(raw);
  if (!Number.isInteger(m) || m < 2 || m > 120) {
    process.stderr.write(`bench:soak: --minutes expects an integer from 2 to 120, got ${JSON.stringify(raw)}\n`);
    process.exit(254);
  }
  return m;
}

/** One sample: seconds since start, cumulative client completions, RSS in MB. */
interface Sample {
  t: number;
  ops: number;
  rssMb: number;
}

function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Runs one workload for `minutes`, sampling every 5 s; resolves with the samples. */
function soak(workload: string, minutes: number, store: string): Promise<Sample[]> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'faultline.js'), 'test', 'memory', '--workload', workload, '--time-limit', String(minutes * 60), '--rate', '100000', '--concurrency', '50', '--store', store, '--seed', '1'], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0', CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    const samples: Sample[] = [];
    let t0: number | undefined;
    let err = '';
    let done = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err = (err + d).slice(-20_000);
      for (const line of d.split('\n')) {
        if (/\[6\/8\] run/.test(line)) t0 = Date.now();
        const m = /^faultline: ([\d.]+) s\s+\d+ ops\/s\s+ok (\d+)\s+fail (\d+)\s+info (\d+)/.exec(line);
        if (m && child.pid !== undefined) samples.push({ t: Number(m[1]), ops: Number(m[2]) + Number(m[3]) + Number(m[4]), rssMb: rssMb(child.pid) });
        if (!done && /^faultline: run: \d+ client ops/.test(line)) {
          done = true;
          child.kill('SIGKILL'); // the check phase is not part of the soak
        }
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      if (t0 === undefined || samples.length === 0) reject(new Error(`${workload}: no samples; stderr:\n${err}`));
      else resolveRun(samples);
    });
  });
}

/** Per whole minute: ops/s over the minute and the peak RSS sampled in it. Pure. */
function perMinute(samples: readonly Sample[], minutes: number): { opsPerS: number; rssMb: number }[] {
  const out: { opsPerS: number; rssMb: number }[] = [];
  for (let m = 0; m < minutes; m++) {
    const inside = samples.filter((s) => s.t > m * 60 && s.t <= (m + 1) * 60 + 2.5);
    const before = samples.filter((s) => s.t <= m * 60).at(-1);
    const last = inside.at(-1);
    if (last === undefined) break;
    const ops = last.ops - (before?.ops ?? 0);
    const span = last.t - (before?.t ?? 0);
    out.push({ opsPerS: ops / span, rssMb: Math.max(...inside.map((s) => s.rssMb)) });
  }
  return out;
}

async function main(): Promise<void> {
  const minutes = minutesFlag(process.argv.slice(2));
  const store = mkdtempSync(join(tmpdir(), 'faultline-soak-'));
  console.log(`bench:soak: memory system, workloads ${WORKLOADS.join(', ')} side by side, --rate 100000 --concurrency 50, ${minutes} min each`);
  let failed = false;
  try {
    const results = await Promise.all(WORKLOADS.map((w) => soak(w, minutes, join(store, w))));
    for (const [i, w] of WORKLOADS.entries()) {
      const rows = perMinute(results[i]!, minutes);
      console.log(`${w}:`);
      for (const [m, r] of rows.entries()) console.log(`  minute ${m + 1}: ${Math.round(r.opsPerS).toLocaleString('en-US')} ops/s, RSS ${Math.round(r.rssMb)} MB`);
      const second = rows[1];
      const last = rows.at(-1);
      if (second === undefined || last === undefined) continue;
      const rss = last.rssMb / second.rssMb;
      const ops = last.opsPerS / second.opsPerS;
      const ok = rss <= 1.1;
      failed ||= !ok;
      console.log(`  last/second minute: RSS ${rss.toFixed(2)} (target ≤ 1.10: ${ok ? 'met' : 'NOT met'}), ops/s ${ops.toFixed(2)}`);
    }
  } finally {
    rmSync(store, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

await main();

/**
 * Benchmark helpers for bench/check.ts: timing with a warm-up and a median, and table layout.
 */
import type { LinearizableVerdict } from '../checkers/linearizable/index.js';

/** Timings of one case, in seconds. */
export interface Timing {
  median: number;
  /** Median CPU seconds (user + system of this process) per check, when measured. */
  cpu?: number;
  min: number;
  max: number;
  verdict: LinearizableVerdict;
}

/** The median of `xs` (not empty). Pure. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Runs `check` once untimed (warm-up: JIT, worker start), then `runs` times; returns the median,
 * min and max wall time in seconds and the last verdict.
 */
export async function timeRuns(runs: number, check: () => Promise<LinearizableVerdict>): Promise<Timing> {
  let verdict = await check();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    verdict = await check();
    ts.push((performance.now() - t) / 1000);
  }
  return { median: median(ts), min: Math.min(...ts), max: Math.max(...ts), verdict };
}

/** Seconds with 4 decimals (6 below a millisecond), or `-`. */
export function secs(x: number | undefined): string {
  return x === undefined ? '-' : x.toFixed(x < 0.001 ? 6 : 4);
}

/** Lays `rows` out as a fixed-width table under `header`. Pure. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Peak resident set size of this process so far, in MiB. */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Warm-up after the first phase: blocks of this much CPU, ms, up to this much in all. */
const WARM_BLOCK_MS = 50;
const WARM_MAX_MS = 5000;

/** CPU milliseconds (user + system) this process used since `from` (a `process.cpuUsage()`). */
function cpuMsSince(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return (c.user + c.system) / 1000;
}

/**
 * For checks that take microseconds: a warm-up of 1,000 checks or 2 s of CPU time, whichever
 * comes first, and at least 200 ms (so the JIT has compiled the checker before anything is
 * timed: a small check reaches its steady speed only after some hundreds of runs, and a batch
 * sized by wall time on a loaded machine held a handful of checks, mostly run cold), then on
 * in blocks of 50 ms of CPU while a block's CPU per check is more than 5 % below the last
 * one's (still speeding up), at most 5 s of CPU in all: on a loaded machine V8's optimizing
 * compiler (a background thread) finished late, and c01-bad's default check, timed right after
 * 1,000 checks, took 3× its steady 25 µs (per 1,000 checks from a cold start, load 20: 228,
 * 121, 56, 34, 32, 27, 25, 25 … µs). Then `runs` batches, each repeating `check` as often as a
 * batch needs to take at least `minMs` (default 20 ms) of CPU time; returns the median seconds
 * (wall and CPU) per check and the last verdict. bench/porcupine.ts times Porcupine the same
 * way (compiled ahead of time, it is steady from the start).
 */
export async function timeBatched(runs: number, check: () => Promise<LinearizableVerdict>, minMs = 20): Promise<Timing> {
  let verdict = await check();
  const warm = process.cpuUsage();
  for (let calls = 0; cpuMsSince(warm) < 200 || (calls < 1000 && cpuMsSince(warm) < 2000); calls++) verdict = await check();
  for (let last = Infinity; cpuMsSince(warm) < WARM_MAX_MS; ) {
    const b0 = process.cpuUsage();
    let calls = 0;
    for (; cpuMsSince(b0) < WARM_BLOCK_MS; calls++) verdict = await check();
    const per = cpuMsSince(b0) / calls;
    if (per > last * 0.95) break;
    last = per;
  }
  let n = 1;
  for (;;) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) verdict = await check();
    if (cpuMsSince(c0) >= minMs || n >= 1 << 20) break;
    n *= 2;
  }
  const ts: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t = performance.now();
    const c0 = process.cpuUsage();
    for (let i = 0; i < n; i++) verdict = await check();
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1e6 / n);
    ts.push((performance.now() - t) / 1000 / n);
  }
  return { median: median(ts), cpu: median(cpu), min: Math.min(...ts), max: Math.max(...ts), verdict };
}

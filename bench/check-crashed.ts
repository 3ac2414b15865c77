/**
 * The hot-key rows of `npm run bench:check`: single-register cas-register histories with
 * crashed ops (./crash-gen.ts: 20 threads, values 0–4, 5 % crashed, half of those took
 * effect), 100,000 and 1,000,000 ops, as generated and with one read altered to 99 (never
 * written). Each size and variant runs in its own child process so that its peak RSS is its
 * own; the child checks once after generating (generation excluded from the time, included
 * in the RSS) and reports whether the verdict names the altered read.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkLinearizable } from '../checkers/linearizable/index.js';
import { peakRssMiB } from './check-measure.js';
import { alterOneRead, generateCrashedHistory } from './crash-gen.js';

/** What a child reports. */
export interface CrashedResult {
  readonly ops: number;
  readonly altered: boolean;
  readonly events: number;
  readonly valid: unknown;
  readonly checkS: number;
  readonly cpuS: number;
  readonly rssMiB: number;
  /** With `altered`: whether the explanation names the altered read (`read → 99`). */
  readonly named: boolean;
  readonly reason?: string;
}

/** Child mode: generate, alter if asked, check once, print one JSON line. */
export async function crashedChild(ops: number, altered: boolean): Promise<void> {
  let h = generateCrashedHistory({ ops, threads: 20, crashRate: 0.05, seed: 1 });
  if (altered) h = alterOneRead(h).history;
  const t = performance.now();
  const c0 = process.cpuUsage();
  const v = await checkLinearizable(h, 'cas-register', { timeoutMs: 600_000 });
  const cpu = process.cpuUsage(c0);
  const r: CrashedResult = {
    ops,
    altered,
    events: h.length,
    valid: v.valid,
    checkS: (performance.now() - t) / 1000,
    cpuS: (cpu.user + cpu.system) / 1e6,
    rssMiB: peakRssMiB(),
    named: /read → 99 \(#\d+\) could not be placed/.test(v.explanation ?? ''),
    ...(v.reason === undefined ? {} : { reason: v.reason }),
  };
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

/** Runs one child of `script` (the bench's entry) for `ops` / `altered`. */
export function runCrashedChild(script: string, ops: number, altered: boolean): CrashedResult {
  const args = [fileURLToPath(script), '--crash-child', String(ops), altered ? 'altered' : 'valid'];
  const res = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  const line = res.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as CrashedResult;
  } catch {
    return { ops, altered, events: 0, valid: `child failed: ${res.stderr.trim().split('\n').pop() ?? res.status}`, checkS: NaN, cpuS: NaN, rssMiB: NaN, named: false };
  }
}

/**
 * `npm run bench:cluster`: how long `faultline up --nodes 5` takes with cached images, and the
 * median exec round trip over SSH and over docker exec (≥ 50 each). With `--fresh`, first the
 * cold path: remove faultline's images, build base + node image, then up.
 * Targets: up 5 < 15 s cached, < 3 min fresh; SSH exec < 20 ms; docker exec < 100 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { localCluster } from '../clusters/cluster.js';
import { ensureEngine } from '../clusters/engine.js';
import { readRecord } from '../clusters/state.js';
import { stderrLog } from '../core/log.js';

const BIN = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));
const NAME = 'bench';
const ROUND_TRIPS = 60;

/** The median and 90th percentile of `xs` (ms). Pure. */
function stats(xs: number[]): { median: number; p90: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], p90: s[Math.floor(s.length * 0.9)] };
}

/** Runs the CLI and returns its wall time in ms; throws when it fails. */
async function timed(args: string[]): Promise<number> {
  const t0 = performance.now();
  const r = await execa('node', [BIN, ...args], { reject: false, stdin: 'ignore', stdout: 'ignore', stderr: 'inherit', timeout: 900_000 });
  if (r.exitCode !== 0) throw new Error(`faultline ${args.join(' ')} exited ${r.exitCode}`);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const fresh = process.argv.includes('--fresh');
  const state = mkdtempSync(join(tmpdir(), 'faultline-bench-'));
  const flags = ['--cluster', NAME, '--subnet', '10.231.3.0/24', '--state-dir', state];
  const { docker } = await ensureEngine({ log: stderrLog });
  const lines: string[] = [];
  try {
    await timed(['down', ...flags]);
    if (fresh) {
      const images = await docker.lines(['image', 'ls', '--filter', 'reference=faultline/*', '--format', '{{.Repository}}:{{.Tag}}']);
      if (images.length) await docker.run(['rmi', '-f', ...images]);
      await docker.run(['image', 'prune', '-f']);
      await docker.run(['builder', 'prune', '-af'], { allowFailure: true });
      const cold = await timed(['up', '--nodes', '5', ...flags]);
      lines.push(`up --nodes 5, fresh (base image + node image + up): ${(cold / 1000).toFixed(1)} s (target < 180 s)`);
      await timed(['down', ...flags]);
    }
    const warm = await timed(['up', '--nodes', '5', ...flags]);
    lines.push(`up --nodes 5, cached images: ${(warm / 1000).toFixed(1)} s (target < 15 s)`);
    const record = readRecord(state, NAME)!;
    for (const via of ['ssh', 'docker'] as const) {
      const cluster = localCluster(record, docker, via);
      const remote = cluster.remote('n1');
      await remote.exec(['true']); // connect
      const times: number[] = [];
      for (let i = 0; i < ROUND_TRIPS; i++) {
        const t0 = performance.now();
        await remote.exec(['true']);
        times.push(performance.now() - t0);
      }
      await cluster.close();
      const s = stats(times);
      lines.push(`exec round trip over ${via === 'ssh' ? 'SSH' : 'docker exec'} (${ROUND_TRIPS} runs): median ${s.median.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms (target < ${via === 'ssh' ? 20 : 100} ms)`);
    }
  } finally {
    await timed(['down', ...flags]).catch(() => 0);
    rmSync(state, { recursive: true, force: true });
  }
  process.stdout.write(`bench:cluster (docker client ${docker.bin}, engine ${docker.host})\n${lines.map((l) => `  ${l}`).join('\n')}\n`);
}

await main();

/**
 * `npm run bench:packet`: the packet nemesis measured inside real nodes against what was asked
 * (bench/packet-measure.ts): RTT median and p99 of 500 probes under delay 50 ± 10 ms, the
 * share of reordered and duplicated probes, corrupted packets dropped by the receiver's
 * checksums, TCP throughput under rate 1mbit, and baseline again after the heal. Brings up
 * three plain nodes as cluster `flt-bench` on 10.216.3.0/24 and removes them afterwards.
 * Run it under `flock /tmp/faultline-docker.lock` on a shared machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCluster } from '../clusters/cluster.js';
import { ensureEngine } from '../clusters/engine.js';
import { downLocal } from '../clusters/local-admin.js';
import { upLocal } from '../clusters/local-up.js';
import { stderrLog } from '../core/log.js';
import type { RunContext } from '../core/plugins.js';
import { measureAll, measurementLines } from './packet-measure.js';

const NAME = 'flt-bench';
const PROBES = Number(process.env.FAULTLINE_BENCH_PROBES ?? 500);

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'faultline-bench-packet-'));
  const { docker } = await ensureEngine({ log: stderrLog });
  await downLocal(docker, root, NAME);
  try {
    const record = await upLocal({ name: NAME, nodes: 3, subnet: '10.216.3.0/24', stateRoot: root, log: stderrLog });
    const cluster = localCluster(record, docker, 'docker');
    const ctx: RunContext = {
      nodes: cluster.nodes, cluster, addresses: Object.fromEntries(record.nodes.map((n) => [n.name, n.host])),
      log: stderrLog, runDir: root, options: { seed: 1 }, signal: new AbortController().signal,
    };
    try {
      const m = await measureAll(ctx, PROBES, (l) => process.stderr.write(`bench:packet: ${l}\n`));
      process.stdout.write(`${measurementLines(m).join('\n')}\n`);
    } finally {
      await cluster.close();
    }
  } finally {
    await downLocal(docker, root, NAME);
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:packet failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});

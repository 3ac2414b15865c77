/**
 * ZooKeeper register campaigns under partitions (cluster `it-zk-part`, 10.231.120.0/24): a
 * partition once left node-zookeeper-client reading a garbled stream, whose `Unknown code`
 * exception killed the controller with exit 1 and left the containers, and whose stalled
 * connections dropped throughput to ~1 op/s. Both with and without sync reads, the run must
 * now reach a definite verdict with a report, leave nothing behind, and keep serving ops
 * once partitions heal.
 */
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../../core/history/index.js';
import { campaignWorkspace, clusterLeftovers, definiteVerdict, runCliIn } from '../../e2e/campaign-cli.js';
import { join } from 'node:path';

const CLUSTER = 'it-zk-part';
const ws = campaignWorkspace(CLUSTER);

/** ok client completions per second of the run, by whole second since the start. */
async function okPerSecond(dir: string): Promise<number[]> {
  const h = await readHistory(join(dir, 'history.jsonl'));
  const per: number[] = [];
  for (const o of h.ops) {
    if (o.process === 'nemesis' || o.type !== 'ok') continue;
    const s = Math.floor(o.time / 1e9);
    per[s] = (per[s] ?? 0) + 1;
  }
  return Array.from(per, (x) => x ?? 0);
}

describe.sequential('ZooKeeper register under partitions', () => {
  for (const [label, flags] of [
    ['plain reads (--zk-no-sync-reads)', ['--zk-no-sync-reads']],
    ['sync reads', []],
  ] as const) {
    it(`${label}: a definite verdict, nothing left behind, ops keep completing`, async () => {
      const r = await runCliIn(
        ['test', 'zookeeper', '--workload', 'register', ...flags, '--nemesis', 'partition', '--nemesis-interval', '4', '--time-limit', '30', '--seed', '12', '--cluster', CLUSTER, '--subnet', '10.231.120.0/24', '--store', ws.store],
        ws.state,
        300_000,
      );
      expect(r.stderr).not.toMatch(/Unknown code|controller error|crashed/);
      const { dir } = definiteVerdict(r, 'zookeeper-register (zookeeper, register, 3 nodes', `zookeeper partition, ${label}`);
      expect(await clusterLeftovers(CLUSTER)).toEqual({ containers: [], networks: [] });
      const perS = await okPerSecond(dir);
      console.log(`zookeeper partition, ${label}: ok ops per second ${perS.join(' ')}`);
      // 100 ops/s offered: partitions (and elections) stop ops for a few seconds at a time, but
      // throughput comes back after each heal instead of collapsing for the rest of the run
      let gap = 0;
      let longest = 0;
      for (const x of perS.slice(0, 30)) longest = Math.max(longest, (gap = x === 0 ? gap + 1 : 0));
      expect(longest, perS.join(' ')).toBeLessThanOrEqual(12);
      expect(perS.reduce((a, b) => a + b, 0), perS.join(' ')).toBeGreaterThan(300);
    }, 400_000);
  }
});

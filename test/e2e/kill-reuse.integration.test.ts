/**
 * A campaign SIGKILLed mid-fault leaves its containers with the fault in force (no teardown
 * ran): DROP rules of a partition, a SIGSTOPped etcd. The next run on the same cluster keeps
 * those containers and must first clear every fault the killed run left, then reach a
 * verdict (cluster `it-kill`, 10.231.121.0/24). Then `analyze` of the killed run says it was
 * cut short (test.json still says `running`, its controller is gone).
 */
import { describe, expect, it } from 'vitest';
import type { Op } from '../../core/op.js';
import { campaignWorkspace, definiteVerdict, nemesisOps, partitionInForce, runCliIn, runFolderOf, spawnCli } from './campaign-cli.js';

const CLUSTER = 'it-kill';
const ws = campaignWorkspace(CLUSTER);

function args(...more: string[]): string[] {
  return ['test', 'etcd', '--workload', 'register', '--nodes', '3', '--cluster', CLUSTER, '--subnet', '10.231.121.0/24', '--store', ws.store, ...more];
}

/** True when the last pause op took effect and no resume followed it. */
function pauseInForce(ops: readonly Op[]): boolean {
  const last = ops.filter((o) => o.f === 'pause' || o.f === 'resume').at(-1);
  return last !== undefined && last.f === 'pause' && last.type === 'info' && last.error === undefined;
}

describe.sequential('a run after a SIGKILLed run on the same cluster', () => {
  it('clears the partition and the pause the killed run left, then reaches a verdict', async () => {
    const killed = spawnCli(args('--time-limit', '120', '--nemesis', 'partition,pause', '--nemesis-interval', '3', '--seed', '4'), ws.state, 400_000);
    let dir: string | undefined;
    let both = false;
    for (let i = 0; i < 600 && !both; i++) {
      await new Promise((r) => setTimeout(r, 500));
      dir ??= runFolderOf(killed.output().stderr);
      if (dir === undefined) continue;
      const ops = await nemesisOps(dir).catch(() => []);
      both = partitionInForce(ops) && pauseInForce(ops);
    }
    killed.child.kill('SIGKILL');
    const k = await killed.done;
    expect(both, k.stderr).toBe(true);

    const r = await runCliIn(args('--time-limit', '10', '--nemesis', 'none', '--seed', '5'), ws.state, 400_000);
    expect(r.stderr).toMatch(/\(0 started, 3 kept\)/);
    expect(r.stderr).toMatch(/faults left by an earlier run: n\d: removed 1 chain\(s\) \(FAULTLINE-PARTITION\)/);
    expect(r.stderr).toMatch(/faults left by an earlier run: n\d: removed \d chain\(s\).*, continued [1-9]\d* stopped process/);
    definiteVerdict(r, 'etcd-register (etcd, register, 3 nodes', 'run after a killed run');

    const a = await runCliIn(['analyze', dir!], ws.state, 300_000);
    expect(a.stdout.split('\n')[0]).toMatch(/^etcd-register \(etcd, register, 3 nodes, seed 4\): (VALID|INVALID|UNKNOWN) \(partial: cut short/);
  });
});

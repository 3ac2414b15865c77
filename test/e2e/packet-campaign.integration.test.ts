/**
 * End to end on real etcd containers: `faultline test etcd --nemesis delay,partition` (25 s,
 * faults every 5 s) on cluster `flt-e2e` (10.216.5.0/24), spawned as users run it, with
 * `--leave-db-running` so the nodes can be inspected afterwards: the run ends with a definite
 * verdict (etcd is linearizable: VALID), the history holds `start-packet` ops with their
 * delay parameters and seed and `stop-packet` ops with the shapers' counts, and nothing of the
 * packet nemesis is left in any node (no FAULTLINE-PACKET rule or jump, no faultline-shaper
 * process, no tbf qdisc) nor of the partition. The cluster is removed afterwards.
 */
import { describe, expect, it } from 'vitest';
import { adminDocker } from '../../clusters/local-admin.js';
import { campaignWorkspace, definiteVerdict, nemesisOps, runCliIn } from './campaign-cli.js';

const CLUSTER = 'flt-e2e';
const ws = campaignWorkspace(CLUSTER);

describe('faultline test etcd --nemesis delay,partition', () => {
  it('ends with a verdict, records the delays, and leaves no chain, shaper or qdisc in the nodes', async () => {
    const r = await runCliIn(['test', 'etcd', '--workload', 'register', '--nodes', '3', '--cluster', CLUSTER, '--subnet', '10.216.5.0/24',
      '--store', ws.store, '--time-limit', '25', '--nemesis', 'delay,partition', '--nemesis-interval', '5', '--leave-db-running'], ws.state, 10 * 60_000);
    const { verdict, dir } = definiteVerdict(r, 'etcd-register (etcd, register, 3 nodes', 'flt-e2e delay,partition');
    expect(verdict).toMatch(/: VALID$/);
    const ops = await nemesisOps(dir);
    const started = ops.filter((o) => o.f === 'start-packet' && o.type === 'info' && o.error === undefined);
    expect(started.length).toBeGreaterThan(0);
    const v = started[0].value as { behaviours: unknown; seed: number; targets: string[] };
    expect(v.behaviours).toEqual({ delay: { ms: 50, jitterMs: 10, distribution: 'normal' } });
    expect(Number.isSafeInteger(v.seed)).toBe(true);
    const stops = ops.filter((o) => o.f === 'stop-packet' && o.type === 'info' && o.error === undefined);
    const delayed = stops.flatMap((o) => Object.values((o.value as { stats: Record<string, { delayed: number }> }).stats).map((s) => s.delayed));
    expect(Math.max(0, ...delayed)).toBeGreaterThan(0);
    expect(ops.some((o) => o.f === 'start-partition' && o.type === 'info')).toBe(true);
    const docker = (await adminDocker(() => {}))!;
    for (const n of ['n1', 'n2', 'n3']) {
      const inside = await docker.text(['exec', `faultline-${CLUSTER}-${n}`, 'sh', '-c',
        "iptables -w -S | grep FAULTLINE | grep -v '^-N' ; pgrep -a -f '^faultline-shaper( |$)'; tc qdisc show | grep tbf; true"]);
      expect(inside.trim(), n).toBe('');
    }
    console.log(`flt-e2e: ${started.length} delay start(s), shapers delayed ${delayed.join(', ')} packets`);
  }, 12 * 60_000);
});

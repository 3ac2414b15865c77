/**
 * End to end on real HerdDB containers (the CI run of issue 6): `faultline test herddb
 * --workload register --nemesis kill,partition --time-limit 60` spawned as users run it, on
 * cluster `herddb-e2e` (10.231.86.0/24) with its own state folder and store. It must end with a
 * verdict (VALID or INVALID — whatever HerdDB does is reported, not hidden), a report, nemesis
 * ops that took effect, the leader probe's records in the history, and nothing left in the
 * engine. Needs `npm run build` (as `npm test` does).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignWorkspace, clusterLeftovers, definiteVerdict, nemesisOps, runCliIn, tookEffect } from './campaign-cli.js';

const CLUSTER = 'herddb-e2e';
const SUBNET = '10.231.86.0/24';
/** A first run on a machine builds the image and the jars (Maven Central). */
const RUN_MS = 12 * 60_000;

const ws = campaignWorkspace(CLUSTER);

describe('faultline test herddb on real containers', () => {
  it('a 60 s register campaign with kills and partitions ends with a verdict and a report, nothing left', async () => {
    const args = ['test', 'herddb', '--workload', 'register', '--nemesis', 'kill,partition', '--time-limit', '60', '--cluster', CLUSTER, '--subnet', SUBNET, '--store', ws.store];
    const r = await runCliIn(args, ws.state, RUN_MS);
    const { dir } = definiteVerdict(r, 'herddb-register (herddb, register, 3 nodes', 'herddb e2e');

    const nemesis = await nemesisOps(dir);
    expect(tookEffect(nemesis, 'kill') + tookEffect(nemesis, 'start-partition'), JSON.stringify(nemesis.filter((o) => o.f !== 'primaries'))).toBeGreaterThan(0);
    // The leader probe asks primaries() every second: most answers name the leader.
    const probes = nemesis.filter((o) => o.f === 'primaries');
    const named = probes.filter((o) => ((o.value as { primaries?: string[] }).primaries ?? []).length === 1);
    console.log(`herddb e2e: ${probes.length} leader probes, ${named.length} named a leader`);
    expect(probes.length).toBeGreaterThan(30);
    expect(named.length / probes.length).toBeGreaterThan(0.5);

    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { valid: unknown };
    expect([true, false]).toContain(results.valid);
    expect(JSON.parse(readFileSync(join(dir, 'test.json'), 'utf8'))).toMatchObject({ outcome: 'complete', system: 'herddb' });
    expect(await clusterLeftovers(CLUSTER)).toEqual({ containers: [], networks: [] });
    console.log(`herddb e2e: CLI ${r.wallS.toFixed(1)} s (speed is measured by npm run bench:systems, not asserted here)`);
  }, RUN_MS + 60_000);
});

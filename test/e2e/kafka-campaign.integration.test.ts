/**
 * End to end on real Kafka containers (issue 7): `faultline test kafka --workload queue
 * --nemesis partition,kill --time-limit 30` spawned as users run it, on cluster `kafka-e2e`
 * (10.231.85.0/24) with its own state folder and store. It must end with a verdict (VALID or
 * INVALID — whatever Kafka does is reported, not hidden), the stream checker's output in the
 * summary and in results.json, a report, nemesis ops that took effect, the leader probe's
 * samples (the summary's `leaders:` line and the `primaries` records in the history), and
 * nothing left in the engine — all within 3 minutes. Needs `npm run build` (as `npm test` does).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignWorkspace, clusterLeftovers, definiteVerdict, nemesisOps, runCliIn, tookEffect } from './campaign-cli.js';

const CLUSTER = 'kafka-e2e';
const SUBNET = '10.231.85.0/24';
/** A first run on a machine builds the image and the jars (Maven Central); later runs take < 3 min. */
const RUN_MS = 12 * 60_000;

const ws = campaignWorkspace(CLUSTER);

/** The part of the stream checker's results this test reads. */
interface StreamResult {
  valid: unknown;
  counts: Record<string, number>;
  anomalies: Record<string, unknown[]>;
}

describe('faultline test kafka on real containers', () => {
  it('a 30 s queue campaign with partitions and kills: verdict, stream checker output, leader probes, report, nothing left', async () => {
    const args = ['test', 'kafka', '--workload', 'queue', '--nemesis', 'partition,kill', '--time-limit', '30', '--nemesis-interval', '5', '--cluster', CLUSTER, '--subnet', SUBNET, '--store', ws.store];
    const r = await runCliIn(args, ws.state, RUN_MS);
    const { dir } = definiteVerdict(r, 'kafka-queue (kafka, queue, 3 nodes', 'kafka e2e');
    expect(r.stdout).toMatch(/^ {2}stream +(valid|invalid)/m);
    expect(r.stdout).toMatch(/^ {2}stats +(valid|invalid)/m);
    const leaders = /^leaders: .+$/m.exec(r.stdout)?.[0];
    console.log(`kafka e2e: ${leaders ?? 'no leaders line'}`);
    expect(leaders, r.stdout).toBeDefined();

    const nemesis = await nemesisOps(dir);
    expect(tookEffect(nemesis, 'kill') + tookEffect(nemesis, 'start-partition'), JSON.stringify(nemesis.filter((o) => o.f !== 'primaries'))).toBeGreaterThan(0);
    // The leader probe asks primaries() every second; once the topics exist its answers name
    // partition leaders (none while every node is down: a kill of all may take ~20 s to undo).
    const probes = nemesis.filter((o) => o.f === 'primaries');
    const named = probes.filter((o) => ((o.value as { primaries?: string[] }).primaries ?? []).length > 0);
    console.log(`kafka e2e: ${probes.length} leader probes, ${named.length} named a leader`);
    expect(probes.length).toBeGreaterThan(15);
    expect(named.length).toBeGreaterThanOrEqual(5);
    const nodes = new Set(named.flatMap((o) => (o.value as { primaries: string[] }).primaries));
    for (const n of nodes) expect(['n1', 'n2', 'n3']).toContain(n);

    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { valid: unknown; checkers: { stream?: StreamResult } };
    const stream = results.checkers.stream;
    expect(stream, JSON.stringify(results).slice(0, 2000)).toBeDefined();
    expect([true, false]).toContain(stream!.valid);
    expect(stream!.counts).toHaveProperty('lost-write');
    expect(stream!.counts).toHaveProperty('aborted-read');
    const found = Object.entries(stream!.counts).filter(([, n]) => n > 0);
    console.log(`kafka e2e: stream ${String(stream!.valid)}; ${found.map(([k, n]) => `${k} ${n}`).join(', ') || 'no anomalies'}`);
    expect(JSON.parse(readFileSync(join(dir, 'test.json'), 'utf8'))).toMatchObject({ outcome: 'complete', system: 'kafka' });
    expect(await clusterLeftovers(CLUSTER)).toEqual({ containers: [], networks: [] });
    expect(r.wallS).toBeLessThan(180);
  }, RUN_MS + 60_000);
});

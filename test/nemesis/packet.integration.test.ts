/**
 * The packet nemesis on real nodes (three plain node containers, cluster `flt-packet-it` on
 * 10.216.4.0/24), measured against what was asked (bench/packet-measure.ts, the same code as
 * `npm run bench:packet`): 500 UDP echo probes per measurement between n1 and n2, each fault
 * on n1 -> n2 only. Bounds are wide enough for a loaded 2-core machine (p99 tails grow with
 * load) and tight enough to catch a fault that did not take effect or did the wrong thing:
 * - delay 50 ± 10 ms: median RTT 45–60 ms above the baseline, p99 60–110 ms;
 * - reorder / duplicate 20 %: 10–30 % of probes reordered / answered twice (binomial sd 1.8 %);
 * - corrupt 20 %: the receiver counts a checksum error for ≥ 90 % of the flipped packets and
 *   at most the unflipped ones are answered;
 * - rate 1mbit: 600–1100 kbit/s; after the heal the RTT median is within 5 ms of the baseline
 *   and throughput above 10 Mbit/s; no chain rule, shaper process or tbf left on any node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureAll, measurementLines, type PacketMeasurements } from '../../bench/packet-measure.js';
import type { DB } from '../../core/plugins.js';
import { startDbCluster, type DbTestCluster } from '../support/db-cluster.js';

const db: DB = { name: 'none', setup: async () => {}, teardown: async () => {} };
let c: DbTestCluster<DB>;

beforeAll(async () => {
  c = await startDbCluster({ name: 'flt-packet-it', subnet: '10.216.4.0/24', image: 'node', db, nodes: 3 });
}, 600_000);

afterAll(async () => {
  await c?.stop();
});

describe('packet faults measured inside the nodes', () => {
  it('delay, reorder, duplicate, corrupt and rate do what was asked, and the heal restores the baseline', async () => {
    const m: PacketMeasurements = await measureAll(c.ctx, 500);
    process.stderr.write(`flt-packet-it:\n${measurementLines(m).join('\n')}\n`);
    const base = m.baseline.medianMs;
    expect(m.delay.answered).toBe(500);
    expect(m.delay.medianMs - base).toBeGreaterThan(45);
    expect(m.delay.medianMs - base).toBeLessThan(60);
    expect(m.delay.p99Ms).toBeGreaterThan(60);
    expect(m.delay.p99Ms).toBeLessThan(110);
    expect(m.reorder.reordered / m.reorder.answered).toBeGreaterThan(0.1);
    expect(m.reorder.reordered / m.reorder.answered).toBeLessThan(0.3);
    expect(m.duplicate.duplicates / m.duplicate.sent).toBeGreaterThan(0.1);
    expect(m.duplicate.duplicates / m.duplicate.sent).toBeLessThan(0.3);
    expect(m.corrupt.corrupted).toBeGreaterThan(50);
    expect(m.corrupt.csumErrors).toBeGreaterThanOrEqual(Math.floor(0.9 * m.corrupt.corrupted));
    expect(m.corrupt.answered).toBeLessThanOrEqual(m.corrupt.sent - Math.floor(0.9 * m.corrupt.corrupted));
    expect(m.rateKbit).toBeGreaterThan(600);
    expect(m.rateKbit).toBeLessThan(1100);
    expect(m.afterHeal.medianMs).toBeLessThan(base + 5);
    expect(m.afterHealKbit).toBeGreaterThan(10_000);
    for (const l of Object.values(m.leftovers)) expect(l).toEqual({ rules: '', shapers: '', qdiscs: '' });
  }, 240_000);
});

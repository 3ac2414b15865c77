/**
 * Known answers on real PostgreSQL 15 containers (cluster `pg-e2e`, 10.231.57.0/24):
 * `faultline test postgres` through the CLI, 25 s runs without faults.
 *
 * - `--pg-isolation serializable`, `append` and `wr`: VALID (a single primary at serializable is
 *   strict serializable).
 * - `--pg-isolation repeatable-read` (snapshot isolation), `append`: INVALID with `G2-item`
 *   within 3 runs, and never G0 / G1a / G1b / G1c / lost-update (which SI forbids).
 * - `--pg-isolation read-committed`, `append`: INVALID with `G-single` or `lost-update` within 3 runs.
 *
 * Contention is raised (`--key-count 5`) so the weak levels show their anomaly in one run in
 * practice (measured: every 30–60 s run at the default 10 keys did).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { campaignWorkspace, definiteVerdict, runCliIn, type CliRun } from './campaign-cli.js';

const CLUSTER = 'pg-e2e';
const SUBNET = '10.231.57.0/24';
const RUN_MS = 8 * 60_000;
const TRIES = 3;
const ws = campaignWorkspace(CLUSTER);

function run(workload: string, isolation: string): Promise<CliRun> {
  return runCliIn(
    ['test', 'postgres', '--workload', workload, '--pg-isolation', isolation, '--nemesis', 'none', '--time-limit', '25', '--key-count', '5',
      '--cluster', CLUSTER, '--subnet', SUBNET, '--store', ws.store],
    ws.state, RUN_MS,
  );
}

/** The txn checker's anomaly counts of a finished run. */
function anomalies(r: CliRun, workload: string, label: string): { valid: boolean; counts: Record<string, number> } {
  const { dir } = definiteVerdict(r, `postgres-${workload} (postgres, ${workload}, 3 nodes`, label);
  const txn = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')).checkers.txn as { valid: boolean; counts: Record<string, number> };
  console.log(`${label}: ${JSON.stringify(txn.counts)}`);
  return txn;
}

/** Runs until `found` says the anomaly showed, at most {@link TRIES} times; every run must pass `each`. */
async function withinTries(workload: string, isolation: string, found: (c: Record<string, number>) => boolean, each: (c: Record<string, number>) => void): Promise<void> {
  for (let i = 1; i <= TRIES; i++) {
    const r = run(workload, isolation);
    const { valid, counts } = anomalies(await r, workload, `${workload} ${isolation} try ${i}`);
    each(counts);
    if (!valid && found(counts)) return;
  }
  expect.fail(`${workload} at ${isolation}: the expected anomaly did not show in ${TRIES} runs`);
}

const SI_FORBIDS = ['G0', 'G1a', 'G1b', 'G1c', 'lost-update'];

describe('postgres known answers', () => {
  it.each(['append', 'wr'])('%s at serializable is VALID', async (workload) => {
    const r = await run(workload, 'serializable');
    expect(anomalies(r, workload, `${workload} serializable`).valid).toBe(true);
    expect(r.code).toBe(0);
  }, RUN_MS);

  it('append at repeatable-read shows G2-item within 3 runs, never what snapshot isolation forbids', async () => {
    await withinTries('append', 'repeatable-read', (c) => (c['G2-item'] ?? 0) > 0, (c) => {
      for (const a of SI_FORBIDS) expect(c[a] ?? 0, a).toBe(0);
    });
  }, TRIES * RUN_MS);

  it('append at read-committed shows G-single or lost-update within 3 runs', async () => {
    await withinTries('append', 'read-committed', (c) => (c['G-single'] ?? 0) + (c['lost-update'] ?? 0) > 0, () => undefined);
  }, TRIES * RUN_MS);
});

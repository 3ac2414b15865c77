/**
 * The `append` and `wr` workloads end to end on the in-process memory system, through the
 * compiled CLI (needs `npm run build`): the serializable store is VALID under kills; with
 * `--memory-stale-reads` (reads served from older versions, appends on them) the txn checker
 * says INVALID naming anomalies; final reads read every key the run used.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Op } from '../../core/op.js';
import { runCli } from '../harness/cli/run-cli.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'faultline-txn-'));
  dirs.push(d);
  return d;
}

function history(dir: string): Op[] {
  return readFileSync(join(dir, 'history.jsonl'), 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as Op);
}

describe.each(['append', 'wr'])('faultline test memory --workload %s', (workload) => {
  it('a serializable store is VALID under kills, and the final reads cover every key', async () => {
    const store = temp();
    const r = await runCli(['test', 'memory', '--workload', workload, '--time-limit', '3', '--rate', '300', '--nemesis', 'kill', '--nemesis-interval', '1', '--store', store, '--seed', '5', '--key-count', '4', '--max-writes-per-key', '8']);
    expect(r.stdout).toMatch(new RegExp(`memory-${workload} \\(memory, ${workload}, 3 nodes, seed 5\\): VALID`));
    expect(r.code).toBe(0);
    const dir = join(store, `memory-${workload}`, 'latest');
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'));
    expect(results.checkers.txn.valid).toBe(true);
    expect(results.checkers.txn.txns.ok).toBeGreaterThan(100);
    const all = history(dir);
    const h = all.filter((o) => o.process !== 'nemesis');
    const written = new Set(h.filter((o) => o.type === 'ok').flatMap((o) => (o.value as [string, number][]).filter(([f]) => f !== 'r').map(([, k]) => k)));
    expect(written.size).toBeGreaterThan(10); // keys retire and fresh ones replace them
    // the final reads: after the last nemesis op (the heal), read-only, every written key
    const healed = all.map((o) => o.process).lastIndexOf('nemesis');
    const finals = all.slice(healed + 1).filter((o) => o.type === 'ok' && o.f === 'txn');
    const finalKeys = new Set(finals.flatMap((o) => (o.value as [string, number][]).map(([, k]) => k)));
    for (const k of written) expect(finalKeys.has(k)).toBe(true);
  }, 180_000);

  it('stale reads are INVALID with the anomalies named', async () => {
    const store = temp();
    const r = await runCli(['test', 'memory', '--workload', workload, '--time-limit', '3', '--rate', '300', '--memory-stale-reads', '0.3', '--store', store, '--seed', '6']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/txn +invalid +invalid: .*(G-single|lost-update|G2-item)/);
  }, 180_000);
});

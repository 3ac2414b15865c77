/**
 * The controller killed mid-fault (issue 5's acceptance): `faultline test etcd` with
 * partition, pause, kill and loss runs as a child (cluster `it-sigkill` on 10.231.72.0/24, its
 * own store and state folder); once its history shows a partition, pause or loss in force
 * (checked inside the nodes too), the child gets SIGKILL — no teardown runs. Then
 * `faultline down --cluster it-sigkill` must leave no container, network, host iptables rule,
 * stopped process, time file or state of this cluster. (`down --all` would also remove other
 * people's clusters: it is run by hand only.)
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { labelFilter } from '../../clusters/cluster-spec.js';
import { ensureEngine } from '../../clusters/engine.js';
import { downLocal } from '../../clusters/local-admin.js';
import { stderrLog } from '../../core/log.js';

const BIN = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));
const NAME = 'it-sigkill';
const SUBNET = '10.231.72.0/24';
const dir = mkdtempSync(join(tmpdir(), 'faultline-sigkill-'));
const store = join(dir, 'store');
const env = { CI: '1', FAULTLINE_STATE_DIR: join(dir, 'state') };
/** Fault f → the f that heals it; kill is left out (a dead process leaves nothing to clean). */
const HEALS: Record<string, string> = { 'start-partition': 'stop-partition', pause: 'resume', 'start-loss': 'stop-loss' };

afterAll(async () => {
  const { docker } = await ensureEngine({ log: stderrLog });
  await downLocal(docker, join(dir, 'state'), NAME);
  rmSync(dir, { recursive: true, force: true });
});

/** The history.jsonl under `root`, if the run has created it. */
function findHistory(root: string): string | undefined {
  if (!existsSync(root)) return undefined;
  for (const e of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && e.name === 'history.jsonl') return join(e.parentPath, e.name);
  }
  return undefined;
}

/** The faults in force at the end of `lines` (completed without error, not healed since). */
function faultsInForce(lines: string[]): string[] {
  const inForce = new Set<string>();
  for (const l of lines) {
    let o: { process?: unknown; type?: string; f?: string; error?: unknown };
    try { o = JSON.parse(l); } catch { continue; } // a line being written
    if (o.process !== 'nemesis' || o.type !== 'info' || o.f === undefined) continue;
    if (o.f in HEALS && o.error === undefined) inForce.add(o.f);
    for (const [f, heal] of Object.entries(HEALS)) if (o.f === heal) inForce.delete(f);
  }
  return [...inForce];
}

describe('SIGKILL of the controller mid-fault, then down --cluster', () => {
  it('leaves nothing of the cluster behind', async () => {
    const child = execa('node', [BIN, 'test', 'etcd', '--workload', 'register', '--nodes', '3', '--time-limit', '60',
      '--nemesis', 'partition,pause,kill,loss', '--nemesis-interval', '5', '--cluster', NAME, '--subnet', SUBNET, '--store', store],
    { reject: false, stdin: 'ignore', env, timeout: 300_000 });
    let faults: string[] = [];
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const h = findHistory(store);
      faults = h ? faultsInForce(readFileSync(h, 'utf8').split('\n').filter(Boolean)) : [];
      if (faults.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(faults.length, 'a fault in force before the deadline').toBeGreaterThan(0);
    const { docker } = await ensureEngine({ log: stderrLog });
    const inside = await docker.text(['exec', `faultline-${NAME}-n1`, 'sh', '-c', 'iptables -w -S | grep -c FAULTLINE; ps -eo stat=,comm= | grep -c "^T" || true'], { allowFailure: true });
    process.stderr.write(`it-sigkill: SIGKILL with ${faults.join(', ')} in force; n1 has FAULTLINE rule lines / stopped processes: ${inside.trim().replace(/\n/g, ' / ')}\n`);
    expect(child.pid).toBeDefined();
    process.kill(child.pid!, 'SIGKILL');
    const ended = await child;
    expect(ended.signal).toBe('SIGKILL');
    expect(await docker.lines(['ps', '-a', '--filter', labelFilter(NAME), '--format', '{{.Names}}'])).toHaveLength(3);

    const t0 = Date.now();
    const down = await execa('node', [BIN, 'down', '--cluster', NAME], { reject: false, stdin: 'ignore', env, timeout: 120_000 });
    process.stderr.write(`it-sigkill: down --cluster ${NAME} in ${Date.now() - t0} ms: ${down.stdout.trim()}\n`);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stdout).toBe(`cluster ${NAME}: removed 3 container(s), 1 network(s)`);
    expect(await docker.lines(['ps', '-a', '--filter', labelFilter(NAME), '--format', '{{.Names}}'])).toEqual([]);
    expect(await docker.lines(['network', 'ls', '--filter', labelFilter(NAME), '--format', '{{.Name}}'])).toEqual([]);
    expect((await execa('iptables', ['-w', '-S'], { reject: false })).stdout).not.toContain('FAULTLINE');
    expect((await execa('iptables', ['-w', '-S'], { reject: false })).stdout).not.toContain(SUBNET.replace('/24', ''));
    const stopped = (await execa('ps', ['-eo', 'stat=,args='])).stdout.split('\n').filter((l) => /^T/.test(l.trim()) && /etcd|faultline/.test(l));
    expect(stopped).toEqual([]);
    expect(readdirSync('/var/lib').filter((d) => d.startsWith('faultline-'))).toEqual([]);
    expect(existsSync(join(dir, 'state', 'clusters', NAME))).toBe(false);
  }, 360_000);
});

/**
 * `faultline down` on an SSH inventory removes what a killed controller left in force on the
 * nodes: faultline's iptables chains (partition and loss, with their jumps), processes left
 * stopped, time files not at +0, the packet shaper and its tbf — and the DB processes it left running
 * (working directory under /var/lib/faultline-*: one stopping on SIGTERM, one that ignores it
 * and needs SIGKILL; pid files removed) — and nothing else (a foreign rule, chain and process survive). Nodes
 * of cluster `it-down-inv` on 10.231.71.0/24, reached over SSH as an inventory; the host gets
 * no faultline rule. Idempotent: a second `down` finds nothing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCluster, type Cluster } from '../../clusters/cluster.js';
import { ensureEngine } from '../../clusters/engine.js';
import { downLocal } from '../../clusters/local-admin.js';
import { upLocal } from '../../clusters/local-up.js';
import { stderrLog } from '../../core/log.js';
import { sh } from '../../core/shell-quote.js';
import type { ClusterRecord } from '../../clusters/state.js';
import type { DockerCli } from '../../clusters/docker-cli.js';
import { dropFromScript, LOSS_CHAIN, lossFromScript, PARTITION_CHAIN } from '../../nemesis/iptables.js';
import { DEFAULT_BEHAVIOURS } from '../../nemesis/packet-spec.js';
import { SHAPER_PGREP, shaperArgs, startPacketScript } from '../../nemesis/shaper-script.js';

const BIN = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));
const NAME = 'it-down-inv';
let state: string;
let docker: DockerCli;
let record: ClusterRecord;
let cluster: Cluster;

function faultline(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode?: number }> {
  return execa('node', [BIN, ...args], { reject: false, timeout: 120_000, stdin: 'ignore', env: { CI: '1' } });
}

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'faultline-down-inv-'));
  docker = (await ensureEngine({ log: stderrLog })).docker;
  await downLocal(docker, state, NAME);
  record = await upLocal({ name: NAME, nodes: 3, subnet: '10.231.71.0/24', stateRoot: state, log: stderrLog });
  cluster = localCluster(record, docker, 'docker');
}, 600_000);

afterAll(async () => {
  await cluster?.close();
  if (docker) await downLocal(docker, state, NAME);
  rmSync(state, { recursive: true, force: true });
});

/** What is left on `node`: faultline chains, stopped processes, time file contents. */
async function leftovers(node: string): Promise<{ rules: string; stopped: string; time: string; shaper: string; tbf: string }> {
  const r = cluster.remote(node);
  const rules = (await r.exec(sh`iptables -w -S | grep FAULTLINE || true`)).stdout.trim();
  const stopped = (await r.exec(sh`ps -eo stat=,comm= | awk '$1 ~ /^T/' || true`)).stdout.trim();
  const time = (await r.exec(sh`cat /var/lib/faultline-it/faketime 2>/dev/null || true`)).stdout.trim();
  const shaper = (await r.exec(sh`pgrep -f ${SHAPER_PGREP} || true`)).stdout.trim();
  const tbf = (await r.exec(sh`tc qdisc show | grep tbf || true`)).stdout.trim();
  return { rules, stopped, time, shaper, tbf };
}

/** The durations of the test's `sleep` processes still running on `node` (611, 612: DB-like; 613: foreign), sorted. */
async function sleeps(node: string): Promise<string[]> {
  const out = (await cluster.remote(node).exec(sh`ps -eo stat=,args= | awk '$1 !~ /^Z/ && ($2 == "sleep" || $2 == "/bin/sleep" || $2 == "/usr/bin/sleep") && $3 ~ /^61[123]$/ { print $3 }' | sort`)).stdout;
  return out.split('\n').filter(Boolean);
}

describe('faultline down on an SSH inventory', () => {
  it('removes chains, continues stopped processes, resets time files; keeps foreign rules; idempotent', async () => {
    const ips = record.nodes.map((n) => n.host);
    for (const n of cluster.nodes) {
      const r = cluster.remote(n);
      await r.exec(dropFromScript(PARTITION_CHAIN, ips.filter((ip) => ip !== record.nodes.find((x) => x.name === n)!.host)));
      await r.exec(lossFromScript(LOSS_CHAIN, ['10.231.71.250'], 0.3));
      await r.exec(['iptables', '-w', '-N', 'OTHER-CHAIN']);
      await r.exec(['iptables', '-w', '-A', 'INPUT', '-s', '10.231.71.251', '-j', 'DROP']);
      await r.exec(sh`sleep 600 >/dev/null 2>&1 & p=$!; sleep 0.2; kill -STOP "$p"`);
      await r.exec(sh`mkdir -p /var/lib/faultline-it && echo -3600 > /var/lib/faultline-it/faketime`);
      // DB servers a killed run left: started as the systems start theirs (start-stop-daemon --chdir), one deaf to SIGTERM
      await r.exec(['start-stop-daemon', '--start', '--background', '--make-pidfile', '--pidfile', '/var/lib/faultline-it/it.pid', '--chdir', '/var/lib/faultline-it', '--exec', '/bin/sleep', '--', '611']);
      await r.exec(sh`cd /var/lib/faultline-it && setsid sh -c 'trap "" TERM; exec sleep 612' >/dev/null 2>&1 </dev/null &`);
      await r.exec(sh`cd /tmp && setsid sleep 613 >/dev/null 2>&1 </dev/null &`);
      await r.exec(startPacketScript({
        shaper: shaperArgs({ delay: DEFAULT_BEHAVIOURS.delay }, 1), dests: ['10.231.71.250'], everything: false,
        rate: { ...DEFAULT_BEHAVIOURS.rate, rateVia: '10.231.71.250' },
      }), { sudo: true });
      const before = await leftovers(n);
      expect(before.rules).toContain('-N FAULTLINE-PACKET');
      expect(before.shaper).toMatch(/^\d+$/);
      expect(before.tbf).toContain('qdisc tbf');
      expect(before.rules).toContain('-N FAULTLINE-PARTITION');
      expect(before.stopped).toMatch(/^T\s+sleep/);
      expect(before.time).toBe('-3600');
      expect(await sleeps(n)).toEqual(['611', '612', '613']);
    }
    const inventory = ['--nodes-file', record.inventoryPath, '--ssh-private-key', record.privateKeyPath, '--known-hosts', record.knownHostsPath];
    const t0 = Date.now();
    const down = await faultline('down', ...inventory);
    process.stderr.write(`it-down-inv: down on the inventory took ${Date.now() - t0} ms:\n${down.stdout}`);
    expect(down.exitCode, `${down.stderr}\n${down.stdout}`).toBe(0);
    for (const n of cluster.nodes) {
      expect(down.stdout).toMatch(new RegExp(`${n}: stopped 2 DB process\\(es\\) \\(\\d+ sleep, \\d+ sleep\\), 1 by SIGKILL, unmounted 0 FUSE layer\\(s\\)`));
      expect(down.stdout).toMatch(new RegExp(`${n}: removed 3 chain\\(s\\) \\(FAULTLINE-LOSS, FAULTLINE-PACKET, FAULTLINE-PARTITION\\), continued 1 stopped process\\(es\\), reset 1 time file\\(s\\), stopped 1 shaper\\(s\\), removed 1 qdisc\\(s\\)`));
    }
    for (const n of cluster.nodes) {
      expect(await leftovers(n)).toEqual({ rules: '', stopped: '', time: '+0', shaper: '', tbf: '' });
      const rules = (await cluster.remote(n).exec(['iptables', '-w', '-S'])).stdout;
      expect(rules).toContain('-N OTHER-CHAIN');
      expect(rules).toContain('-A INPUT -s 10.231.71.251/32 -j DROP');
      expect(await sleeps(n)).toEqual(['613']); // the foreign process (cwd /tmp) survives
      expect((await cluster.remote(n).exec(sh`ls /var/lib/faultline-it`)).stdout).not.toContain('it.pid');
    }
    const again = await faultline('down', ...inventory);
    expect(again.exitCode, `${again.stderr}\n${again.stdout}`).toBe(0);
    expect(again.stdout).toMatch(/removed 0 chain\(s\), continued 0 stopped process\(es\), reset 0 time file\(s\), stopped 0 shaper\(s\), removed 0 qdisc\(s\)/);
    expect(again.stdout).not.toMatch(/removed [1-9]/);
    expect(again.stdout).toMatch(/stopped 0 DB process\(es\), 0 by SIGKILL/);
    const host = await execa('iptables', ['-w', '-S'], { reject: false });
    expect(host.stdout).not.toContain('FAULTLINE');
  }, 180_000);
});

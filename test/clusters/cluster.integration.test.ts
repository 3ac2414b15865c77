/**
 * Real containers: provisions the engine and images through the same code `faultline up` uses,
 * brings up 3 nodes, and drives them over docker exec and over SSH. Cluster `it-remotes` on
 * 10.231.1.0/24, its own state folder, so it never fights with other test files.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCluster, sshCluster, type Cluster } from '../../clusters/cluster.js';
import { labelFilter } from '../../clusters/cluster-spec.js';
import type { DockerCli } from '../../clusters/docker-cli.js';
import { ensureEngine } from '../../clusters/engine.js';
import { downLocal } from '../../clusters/local-admin.js';
import { upLocal } from '../../clusters/local-up.js';
import { stderrLog } from '../../core/log.js';
import { RemoteError } from '../../clusters/remote-error.js';
import { sh } from '../../core/shell-quote.js';
import type { ClusterRecord } from '../../clusters/state.js';

const NAME = 'it-remotes';
const SUBNET = '10.231.1.0/24';
let root: string;
let docker: DockerCli;
let record: ClusterRecord;
let viaDocker: Cluster;
let viaSsh: Cluster;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'faultline-it-'));
  docker = (await ensureEngine({ log: stderrLog })).docker;
  await downLocal(docker, root, NAME); // a crashed earlier run may have left it
  record = await upLocal({ name: NAME, nodes: 3, subnet: SUBNET, stateRoot: root, log: stderrLog });
  viaDocker = localCluster(record, docker, 'docker');
  viaSsh = localCluster(record, docker, 'ssh');
});

afterAll(async () => {
  await viaDocker?.close();
  await viaSsh?.close();
  if (docker) await downLocal(docker, root, NAME);
  rmSync(root, { recursive: true, force: true });
});

const both = ['docker', 'ssh'] as const;
/** The cluster reached `via` (resolved at run time, after beforeAll). */
const by = (via: 'docker' | 'ssh'): Cluster => (via === 'docker' ? viaDocker : viaSsh);

describe('a 3-node local cluster', () => {
  it('was recorded with keys, known_hosts and an inventory', () => {
    expect(record.nodes.map((n) => `${n.name}=${n.host}`)).toEqual(['n1=10.231.1.11', 'n2=10.231.1.12', 'n3=10.231.1.13']);
    expect(readFileSync(record.knownHostsPath, 'utf8')).toMatch(/^10\.231\.1\.11,n1 ssh-ed25519 /m);
    expect(readFileSync(record.inventoryPath, 'utf8')).toContain('n3=root@10.231.1.13:22');
  });

  it.each(both)('runs commands over %s with cwd, env, stdin and exit codes', async (via) => {
    const c = by(via);
    for (const n of c.nodes) expect((await c.remote(n).exec(['hostname'])).stdout).toBe(`${n}\n`);
    const r = c.remote('n1');
    expect((await r.exec(['pwd'], { cwd: '/etc' })).stdout).toBe('/etc\n');
    expect((await r.exec(sh`printf %s "$GREETING"`, { env: { GREETING: "it's $(here)" } })).stdout).toBe("it's $(here)");
    expect((await r.exec(['cat'], { stdin: 'from stdin\n' })).stdout).toBe('from stdin\n');
    expect((await r.exec(['id', '-u'], { sudo: true })).stdout).toBe('0\n');
    expect((await r.exec(sh`exit 7`, { check: false })).exitCode).toBe(7);
    const err = await r.exec(sh`echo out; echo err >&2; exit 3`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RemoteError);
    expect(err).toMatchObject({ node: 'n1', exitCode: 3, stdout: 'out\n', stderr: 'err\n', failure: 'exit' });
  });

  it.each(both)('kills commands that outlive timeoutMs over %s', async (via) => {
    const c = by(via);
    const t0 = Date.now();
    const err = await c.remote('n2').exec(['sleep', '30'], { timeoutMs: 700 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ failure: 'timeout', node: 'n2' });
    expect(Date.now() - t0).toBeLessThan(6_000);
    expect((await c.remote('n2').exec(sh`pgrep -x sleep || true`)).stdout).toBe('');
  });

  it.each(both)('uploads and downloads files over %s', async (via) => {
    const c = by(via);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-files-'));
    try {
      const content = Buffer.from(`hello ${via} \u00e9\u{1F600}\n${'x'.repeat(100_000)}\n`);
      writeFileSync(join(dir, 'up.txt'), content);
      await c.remote('n3').upload(join(dir, 'up.txt'), `/tmp/${via}.txt`);
      expect((await c.remote('n3').exec(['sha256sum', `/tmp/${via}.txt`])).stdout.split(' ')[0]).toBe(
        (await import('node:crypto')).createHash('sha256').update(content).digest('hex'),
      );
      await c.remote('n3').download(`/tmp/${via}.txt`, join(dir, 'down.txt'));
      expect(readFileSync(join(dir, 'down.txt')).equals(content)).toBe(true);
      await expect(c.remote('n3').download('/no/such/file', join(dir, 'x'))).rejects.toBeInstanceOf(RemoteError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes arbitrary strings byte-identical through both remotes', async () => {
    const arg = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0') && Buffer.from(s).toString() === s);
    const special = fc.constantFrom("'", '"', '`id`', '$(id)', '\n', '\\', '${X}', 'é😀', '-n', "a'b\"c\n$(x)`y`");
    const value = fc.oneof(arg, special, fc.array(special, { maxLength: 4 }).map((a) => a.join('')));
    for (const [via, c, runs] of [['docker', viaDocker, 30], ['ssh', viaSsh, 80]] as const) {
      const r = c.remote('n1');
      await fc.assert(
        fc.asyncProperty(value, async (s) => {
          expect((await r.exec(['printf', '%s', s])).stdout, `${via} argv`).toBe(s);
          expect((await r.exec(sh`printf %s ${s}`)).stdout, `${via} sh`).toBe(s);
          expect((await r.exec(sh`printf %s "$V"`, { env: { V: s }, cwd: '/' })).stdout, `${via} env`).toBe(s);
        }),
        { numRuns: runs },
      );
    }
  });

  it('refuses a node whose host key is not in known_hosts (strict by default)', async () => {
    const empty = join(root, 'empty_known_hosts');
    writeFileSync(empty, '');
    const c = sshCluster([{ name: 'n1', host: '10.231.1.11', port: 22 }], { username: 'root', privateKeyPath: record.privateKeyPath, knownHostsPath: empty, strictHostKeyChecking: true });
    await expect(c.remote('n1').exec(['true'])).rejects.toMatchObject({ failure: 'auth', message: expect.stringMatching(/host key of 10\.231\.1\.11 is not in/) });
    await c.close();
    const lax = sshCluster([{ name: 'n1', host: '10.231.1.11', port: 22 }], { username: 'root', privateKeyPath: record.privateKeyPath, knownHostsPath: empty, strictHostKeyChecking: false });
    expect((await lax.remote('n1').exec(['hostname'])).stdout).toBe('n1\n');
    await lax.close();
  });

  it('reconnects over SSH after the connection was closed or sshd restarted', async () => {
    const r = viaSsh.remote('n2');
    expect((await r.exec(['true'])).exitCode).toBe(0);
    await r.close();
    expect((await r.exec(['hostname'])).stdout).toBe('n2\n');
    // drop every SSH connection on the node: the next call reconnects
    await viaDocker.remote('n2').exec(sh`pkill -f '[s]shd: root' || true`);
    await new Promise((res) => setTimeout(res, 300));
    expect((await r.exec(['hostname'])).stdout).toBe('n2\n');
  });

  it('partitions n1 from n2 with iptables and heals', async () => {
    const [n1, n2] = [viaDocker.remote('n1'), viaDocker.remote('n2')];
    const ip2 = record.nodes[1].host;
    const ip1 = record.nodes[0].host;
    await n2.exec(sh`nohup nc -lk 7000 >/dev/null 2>&1 &`);
    const probe = async (): Promise<{ ok: boolean; ms: number }> => {
      const t0 = Date.now();
      const r = await n1.exec(['nc', '-z', '-w', '2', ip2, '7000'], { check: false });
      return { ok: r.exitCode === 0, ms: Date.now() - t0 };
    };
    let before = await probe();
    for (let i = 0; i < 20 && !before.ok; i++) before = await probe(); // listener starting
    expect(before.ok).toBe(true);
    await n1.exec(['iptables', '-A', 'INPUT', '-s', ip2, '-j', 'DROP']);
    await n2.exec(['iptables', '-A', 'INPUT', '-s', ip1, '-j', 'DROP']);
    try {
      const cut = await probe();
      expect(cut.ok).toBe(false);
      expect(cut.ms).toBeGreaterThanOrEqual(1_800); // timed out, not refused
      expect((await n1.exec(['nc', '-z', '-w', '2', record.nodes[2].host, '22'], { check: false })).exitCode).toBe(0); // n3 still reachable
    } finally {
      await n1.exec(['iptables', '-F']);
      await n2.exec(['iptables', '-F']);
    }
    expect((await probe()).ok).toBe(true);
  });

  it('up again is idempotent and keeps running nodes', async () => {
    const again = await upLocal({ name: NAME, nodes: 3, subnet: SUBNET, stateRoot: root, log: () => {} });
    expect(again.nodes).toEqual(record.nodes);
    expect((await viaSsh.remote('n3').exec(['hostname'])).stdout).toBe('n3\n');
  });

  it('down leaves nothing labeled behind, and is idempotent', async () => {
    await viaDocker.close();
    await viaSsh.close();
    const first = await downLocal(docker, root, NAME);
    expect(first.containers.sort()).toEqual(['faultline-it-remotes-n1', 'faultline-it-remotes-n2', 'faultline-it-remotes-n3']);
    expect(await docker.lines(['ps', '-a', '--filter', labelFilter(NAME), '--format', '{{.Names}}'])).toEqual([]);
    expect(await docker.lines(['network', 'ls', '--filter', labelFilter(NAME), '--format', '{{.Name}}'])).toEqual([]);
    expect(await downLocal(docker, root, NAME)).toEqual({ containers: [], networks: [] });
  });
});

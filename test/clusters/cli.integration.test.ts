/**
 * The CLI end to end, as a user runs it: `node bin/faultline.js up / exec / status / down`
 * against real containers, and exec through the same nodes given as an SSH inventory.
 * Cluster `it-cli` on 10.231.2.0/24 with its own state folder.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelFilter } from '../../clusters/cluster-spec.js';
import { ensureEngine } from '../../clusters/engine.js';
import { stderrLog } from '../../core/log.js';
import { ensureProjectImage } from '../../clusters/node-image.js';

const BIN = fileURLToPath(new URL('../../bin/faultline.js', import.meta.url));
const NAME = 'it-cli';
let state: string;
let local: string[];

/** Runs the faultline CLI; never rejects. */
function faultline(...args: string[]): Promise<{ stdout: string; stderr: string; exitCode?: number }> {
  return execa('node', [BIN, ...args], { reject: false, timeout: 900_000, stdin: 'ignore', stripFinalNewline: false, env: { CI: '1' } });
}

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'faultline-cli-'));
  local = ['--cluster', NAME, '--state-dir', state];
  // provision through the same code `up` uses (engine install, base and node image on a fresh
  // machine) under the hook timeout, so the CLI's own `up` below only starts containers
  const { docker } = await ensureEngine({ log: stderrLog });
  await ensureProjectImage(docker, stderrLog);
});

afterAll(async () => {
  await faultline('down', ...local);
  rmSync(state, { recursive: true, force: true });
});

describe('faultline cluster commands', () => {
  it('rejects bad flags with one line and exit 254', async () => {
    for (const args of [['up', '--nodes', '0'], ['up', '--subnet', 'nope'], ['exec', 'all', '--via', 'x', '--', 'true'], ['status', '--ssh-port', '22']]) {
      const r = await faultline(...args);
      expect(r.exitCode, args.join(' ')).toBe(254);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^faultline: /);
    }
  });

  it('up --nodes 3, exec all -- hostname, over docker and over an SSH inventory, then down', async () => {
    const up = await faultline('up', '--nodes', '3', '--subnet', '10.231.2.0/24', ...local);
    expect(up.exitCode, up.stderr).toBe(0);
    expect(up.stdout).toContain('n1 10.231.2.11 faultline-it-cli-n1');

    const exec = await faultline('exec', 'all', ...local, '--', 'hostname');
    expect(exec.exitCode, exec.stderr).toBe(0);
    expect(exec.stdout).toBe('n1: n1\nn2: n2\nn3: n3\n');

    const viaSsh = await faultline('exec', 'all', '--via', 'ssh', ...local, '--', 'hostname');
    expect(viaSsh.stdout).toBe('n1: n1\nn2: n2\nn3: n3\n');

    const dir = join(state, 'clusters', NAME);
    const inventory = ['--nodes-file', join(dir, 'inventory'), '--ssh-private-key', join(dir, 'id_ed25519'), '--known-hosts', join(dir, 'known_hosts')];
    const inv = await faultline('exec', 'all', ...inventory, '--', 'hostname');
    expect(inv.exitCode, inv.stderr).toBe(0);
    expect(inv.stdout).toBe('n1: n1\nn2: n2\nn3: n3\n');
    const flagInv = await faultline('exec', 'all', '--nodes', '10.231.2.11,10.231.2.13', '--ssh-private-key', join(dir, 'id_ed25519'), '--known-hosts', join(dir, 'known_hosts'), '--', 'hostname');
    expect(flagInv.stdout).toBe('10.231.2.11: n1\n10.231.2.13: n3\n');

    const fail = await faultline('exec', 'n2', ...local, '--', 'sh', '-c', 'echo out; echo err >&2; exit 3');
    expect(fail.exitCode).toBe(1);
    expect(fail.stdout).toBe('n2: out\n');
    expect(fail.stderr).toBe('n2: err\nn2: exited 3\n');

    const status = await faultline('status', ...local);
    expect(status.stdout.trim().split('\n').map((l) => l.split(' ').slice(0, 4).join(' '))).toEqual([
      'it-cli n1 running 10.231.2.11', 'it-cli n2 running 10.231.2.12', 'it-cli n3 running 10.231.2.13',
    ]);

    const down = await faultline('down', ...local);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(down.stdout).toBe('cluster it-cli: removed 3 container(s), 1 network(s)\n');
    const { docker } = await ensureEngine({ log: stderrLog });
    expect(await docker.lines(['ps', '-a', '--filter', labelFilter(NAME), '--format', '{{.Names}}'])).toEqual([]);
    expect(await docker.lines(['network', 'ls', '--filter', labelFilter(NAME), '--format', '{{.Name}}'])).toEqual([]);
    expect((await faultline('down', ...local)).stdout).toBe('cluster it-cli: removed 0 container(s), 0 network(s)\n');
  }, 300_000);
});

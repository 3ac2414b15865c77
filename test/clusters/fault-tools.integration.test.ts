/**
 * The fault tools on a node reached over SSH that lacks them (cluster `flt-tools-it` on
 * 10.216.7.0/24, one node; faultline-shaper and faultline-lazyfs removed, apt-get hidden, no
 * compiler in the image): without a binary to copy, set-up fails with one line naming the
 * node and what a build needs; with the local node image's binary (same Debian release and
 * architecture) it is copied and runs (binds NFQUEUE and prints its counts when stopped),
 * faultline-lazyfs is installed byte-identical and mounts; a second call finds both present.
 * The build-on-the-node path (apt-get installs gcc …) needs a Debian mirror and takes ~1 min,
 * so it is shown by the SSH runs in docs/usage.md, not here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCluster, type Cluster } from '../../clusters/cluster.js';
import type { DockerCli } from '../../clusters/docker-cli.js';
import { ensureEngine } from '../../clusters/engine.js';
import { ensureFaultTools } from '../../clusters/fault-tools.js';
import { mountLazyFsScript, unmountLazyFsScript } from '../../clusters/lazyfs.js';
import { downLocal } from '../../clusters/local-admin.js';
import { upLocal } from '../../clusters/local-up.js';
import { imagesDir } from '../../clusters/node-image.js';
import { nodeImageShaper } from '../../clusters/prebuilt-shaper.js';
import { stderrLog } from '../../core/log.js';
import { rawScript, sh } from '../../core/shell-quote.js';
import { DEFAULT_BEHAVIOURS } from '../../nemesis/packet-spec.js';
import { healPacketScript, shaperArgs, startPacketScript } from '../../nemesis/shaper-script.js';

const NAME = 'flt-tools-it';
let state: string;
let docker: DockerCli;
let cluster: Cluster;
let gateway: string;

beforeAll(async () => {
  state = mkdtempSync(join(tmpdir(), 'faultline-tools-it-'));
  docker = (await ensureEngine({ log: stderrLog })).docker;
  await downLocal(docker, state, NAME);
  const record = await upLocal({ name: NAME, nodes: 1, subnet: '10.216.7.0/24', stateRoot: state, log: stderrLog });
  gateway = '10.216.7.1';
  cluster = localCluster(record, docker, 'ssh');
}, 600_000);

afterAll(async () => {
  await cluster?.close();
  if (docker) await downLocal(docker, state, NAME);
  rmSync(state, { recursive: true, force: true });
});

describe('fault tools on a node without them', () => {
  it('fails naming what is missing, then copies the container-built shaper and installs lazyfs', async () => {
    const r = cluster.remote('n1');
    await r.exec(sh`rm -f /usr/local/sbin/faultline-shaper /usr/local/sbin/faultline-lazyfs && mv /usr/bin/apt-get /usr/bin/apt-get.hidden`, { sudo: true });
    await expect(ensureFaultTools(cluster, ['partition', 'delay'])).rejects.toThrow(
      /^n1: faultline-shaper \(for --nemesis delay\) not installed, and building it needs gcc( libc6-dev)? pkg-config libnetfilter-queue-dev \(no apt-get to install them\)$/,
    );
    const t0 = Date.now();
    const lines = await ensureFaultTools(cluster, ['delay', 'power-loss'], { prebuilt: () => nodeImageShaper(stderrLog) });
    process.stderr.write(`flt-tools-it: tools installed in ${Date.now() - t0} ms: ${lines.join('; ')}\n`);
    expect(lines).toEqual(['n1: faultline-lazyfs installed', expect.stringMatching(/^n1: faultline-shaper copied \(built in a container: image faultline\/node:\w+, bookworm amd64\)$/)]);
    expect((await r.exec(['cat', '/usr/local/sbin/faultline-lazyfs'])).stdout).toBe(readFileSync(join(imagesDir(), 'node', 'lazyfs', 'faultline-lazyfs'), 'utf8'));
    // The copied shaper runs: it binds NFQUEUE 16 for the gateway's packets and reports its counts on heal.
    await r.exec(startPacketScript({ shaper: shaperArgs({ delay: DEFAULT_BEHAVIOURS.delay }, 1), dests: [gateway], everything: false }), { sudo: true });
    expect((await r.exec(healPacketScript(), { sudo: true })).stdout).toMatch(/^faultline-shaper stats seen=\d+/m);
    const dir = '/var/lib/faultline-tools-it/data';
    await r.exec(mountLazyFsScript(dir), { sudo: true });
    expect((await r.exec(rawScript(`echo hi > ${dir}/f && cat ${dir}.lower/f`), { sudo: true })).stdout).toBe('hi\n');
    await r.exec(unmountLazyFsScript(dir), { sudo: true });
    expect(await ensureFaultTools(cluster, ['duplicate', 'power-loss'])).toEqual(['n1: faultline-lazyfs present', 'n1: faultline-shaper present']);
    await r.exec(sh`mv /usr/bin/apt-get.hidden /usr/bin/apt-get`, { sudo: true });
  }, 120_000);
});

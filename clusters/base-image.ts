/**
 * The base image every node image is built FROM: Debian bookworm made locally with
 * `debootstrap --variant=minbase` and `docker import` (no registry needed), or
 * `debian:bookworm` pulled and re-tagged where a registry answers. Cached: built only when
 * missing.
 */
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { aptInstall, findExecutable } from './apt.js';
import type { DockerCli } from './docker-cli.js';
import { withFileLock } from './file-lock.js';
import type { Log } from '../core/log.js';
import { createProgress } from './progress.js';
import { baseSourceFromEnv, registryAnswers, type BaseSource } from './registry-probe.js';

/** The base image's name. */
export const BASE_IMAGE = 'faultline/base:bookworm';

/** Where debootstrap's root file systems are made (then removed). */
const WORK_DIR = '/var/lib/faultline/rootfs';

/** The default Debian mirror when the host's apt sources name none. */
export const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

/**
 * The Debian archive URL in apt sources text (one-line `deb URL suite ...` or deb822 `URIs:`),
 * preferring entries for `bookworm` itself over -security/-updates. Pure.
 */
export function mirrorFromSources(text: string): string | undefined {
  const candidates: string[] = [];
  for (const m of text.matchAll(/^\s*deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+bookworm\s/gm)) candidates.push(m[1]);
  for (const stanza of text.split(/\n\s*\n/)) {
    const uri = /^URIs:\s*(\S+)/m.exec(stanza)?.[1];
    const suites = /^Suites:\s*(.+)$/m.exec(stanza)?.[1]?.split(/\s+/) ?? [];
    if (uri && suites.includes('bookworm') && !/^\s*Enabled:\s*no/im.test(stanza)) candidates.push(uri);
  }
  return candidates.find((u) => !/security/.test(u));
}

/** The host's Debian mirror (from /etc/apt), `$FAULTLINE_DEBIAN_MIRROR`, or {@link DEFAULT_MIRROR}. */
export function hostMirror(): string {
  if (process.env.FAULTLINE_DEBIAN_MIRROR) return process.env.FAULTLINE_DEBIAN_MIRROR;
  const files = ['/etc/apt/sources.list'];
  try {
    for (const f of readdirSync('/etc/apt/sources.list.d')) if (/\.(list|sources)$/.test(f)) files.push(`/etc/apt/sources.list.d/${f}`);
  } catch { /* none */ }
  for (const f of files) {
    const m = existsSync(f) ? mirrorFromSources(readFileSync(f, 'utf8')) : undefined;
    if (m) return m;
  }
  return DEFAULT_MIRROR;
}

/** True when `image` exists in the engine. */
export async function imageExists(docker: DockerCli, image: string): Promise<boolean> {
  return (await docker.run(['image', 'inspect', '--format', '{{.Id}}', image], { allowFailure: true })).exitCode === 0;
}

/** Builds the base with debootstrap + docker import. */
async function debootstrapBase(docker: DockerCli, log: Log): Promise<void> {
  if (!findExecutable('debootstrap')) await aptInstall(['debootstrap'], 'building the base image', log);
  const mirror = hostMirror();
  mkdirSync(WORK_DIR, { recursive: true });
  const root = mkdtempSync(join(WORK_DIR, 'bookworm-'));
  const progress = createProgress({ title: `debootstrap ${BASE_IMAGE}`, milestone: /^I: (Retrieving Release|Validating Release|Resolving dependencies of required|Checking component|Installing core|Unpacking the base|Configuring the base|Base system installed)/ });
  try {
    log(`building ${BASE_IMAGE} with debootstrap --variant=minbase bookworm from ${mirror} (no registry needed)`);
    const boot = execa(findExecutable('debootstrap') ?? 'debootstrap', ['--variant=minbase', 'bookworm', root, mirror], { reject: false, all: true, stdin: 'ignore' });
    boot.all?.on('data', (c: Buffer) => progress.feed(c));
    const r = await boot;
    if (r.exitCode !== 0) throw new Error(`debootstrap failed (exit ${r.exitCode}):\n${progress.tail()}`);
    for (const d of ['var/cache/apt/archives', 'var/lib/apt/lists']) {
      for (const f of readdirSync(join(root, d))) if (f !== 'partial' && f !== 'lock') rmSync(join(root, d, f), { recursive: true, force: true });
    }
    const imp = await execa('tar', ['-C', root, '--numeric-owner', '-c', '.'], { reject: false, buffer: false, stdin: 'ignore' })
      .pipe(docker.bin, ['import', '--change', 'CMD ["/bin/bash"]', '--change', 'LABEL faultline=1', '-', BASE_IMAGE], { env: docker.env(), reject: false });
    if (imp.exitCode !== 0) throw new Error(`docker import failed (exit ${imp.exitCode}): ${String(imp.stderr)}`);
    progress.done(`imported ${BASE_IMAGE}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Pulls debian:bookworm and tags it as the base. */
async function pullBase(docker: DockerCli, log: Log): Promise<void> {
  log(`a registry answers: pulling debian:bookworm as ${BASE_IMAGE}`);
  await docker.run(['pull', 'debian:bookworm'], { timeoutMs: 300_000 });
  await docker.run(['tag', 'debian:bookworm', BASE_IMAGE]);
}

/**
 * Makes sure {@link BASE_IMAGE} exists, building it when missing (under a cross-process lock).
 * @returns the image name and how it was obtained (`cached` when it already existed)
 */
export async function ensureBaseImage(docker: DockerCli, log: Log): Promise<{ image: string; source: BaseSource | 'cached' }> {
  if (await imageExists(docker, BASE_IMAGE)) return { image: BASE_IMAGE, source: 'cached' };
  return withFileLock('image-base', async () => {
    if (await imageExists(docker, BASE_IMAGE)) return { image: BASE_IMAGE, source: 'cached' as const };
    if (await imageExists(docker, 'debian:bookworm')) {
      await docker.run(['tag', 'debian:bookworm', BASE_IMAGE]);
      return { image: BASE_IMAGE, source: 'registry' as const };
    }
    const source = baseSourceFromEnv(process.env) ?? ((await registryAnswers()) ? 'registry' : 'debootstrap');
    if (source === 'registry') await pullBase(docker, log);
    else await debootstrapBase(docker, log);
    return { image: BASE_IMAGE, source };
  });
}

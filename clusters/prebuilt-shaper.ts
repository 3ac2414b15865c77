/**
 * A faultline-shaper binary built in a container, for SSH hosts that cannot build it (no
 * compiler and no reachable apt source): the node image's own, which its Dockerfile compiles
 * from shaper.c on the image's Debian release. Taken from a Docker engine that already
 * answers on the controller (none is installed or started for it), by `docker create` and
 * `docker cp` — no container runs. It is copied to a node only when the node's Debian release
 * and architecture are the image's and the node has the libraries it links against.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { quoteArg, rawScript, type ShellScript } from '../core/shell-quote.js';
import type { Log } from '../core/log.js';
import { SHAPER_BIN } from '../nemesis/shaper-script.js';
import { ensureEngine } from './engine.js';
import { ensureProjectImage } from './node-image.js';

/** A shaper binary and the platform it was built for. */
export interface PrebuiltShaper {
  /** Debian release code name (`bookworm`). */
  release: string;
  /** Debian architecture (`amd64`). */
  arch: string;
  binary: Uint8Array;
  /** Where it came from, for messages. */
  from: string;
}

/** `VERSION_CODENAME` of an os-release file's text ('' when absent). Pure. */
export function releaseOf(osRelease: string): string {
  return /^VERSION_CODENAME="?([^"\n]*)"?$/m.exec(osRelease)?.[1] ?? '';
}

/** A script printing the node's `<release> <arch>` (Debian code name and architecture). Pure. */
export function platformScript(): ShellScript {
  return rawScript('. /etc/os-release 2>/dev/null; echo "${VERSION_CODENAME:-unknown} $(dpkg --print-architecture 2>/dev/null || uname -m)"');
}

/**
 * A script (run as root, the binary on stdin) installing it as `<dir>/faultline-shaper` when
 * every library it links against is there: prints `faultline-tool shaper copied` or
 * `faultline-tool shaper failed: …`. Pure.
 */
export function copyShaperScript(dir: string, from: string): ShellScript {
  const bin = quoteArg(`${dir}/${SHAPER_BIN}`);
  return rawScript([
    'set -u',
    'tmp=$(mktemp); trap \'rm -f "$tmp"\' EXIT',
    'cat > "$tmp"; chmod 0755 "$tmp"',
    'libs=$(ldd "$tmp" 2>&1 | awk \'/not found/ { print $1 }\' | tr "\\n" " ")',
    `if [ -n "$libs" ]; then echo ${quoteArg(`faultline-tool shaper failed: the binary from ${from} lacks libraries:`)} "$libs"; exit 0; fi`,
    `install -m 0755 "$tmp" ${bin} && echo 'faultline-tool shaper copied' || echo 'faultline-tool shaper failed: cannot write it'`,
  ].join('\n'));
}

/**
 * The local node image's shaper, when a Docker engine already answers (the image is built if
 * missing, as for a local cluster); undefined otherwise. Never throws.
 */
export async function nodeImageShaper(log: Log): Promise<PrebuiltShaper | undefined> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-shaper-'));
  try {
    const { docker } = await ensureEngine({ start: false, install: false, log: () => {} });
    const { image } = await ensureProjectImage(docker, log);
    const arch = await docker.text(['image', 'inspect', '-f', '{{.Architecture}}', image]);
    const id = await docker.text(['create', image]);
    try {
      await docker.run(['cp', `${id}:/usr/local/sbin/${SHAPER_BIN}`, join(dir, 'shaper')]);
      await docker.run(['cp', '-L', `${id}:/etc/os-release`, join(dir, 'os-release')]);
    } finally {
      await docker.run(['rm', '-f', id], { allowFailure: true }).catch(() => undefined);
    }
    return { release: releaseOf(readFileSync(join(dir, 'os-release'), 'utf8')), arch, binary: readFileSync(join(dir, 'shaper')), from: `image ${image}` };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

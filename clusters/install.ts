/**
 * Installing a system on existing machines (an SSH inventory): the Debian packages its node
 * image installs — read from the image's Dockerfile and the node image's runtime stage (the
 * fault tools: iptables, iproute2, procps, faketime…) — checked with dpkg-query on each node
 * and installed with apt-get only when some are missing. Parsing is pure; package names are
 * checked and quoted.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Cluster } from '../core/cluster.js';
import { quoteArg, rawScript, type ShellScript } from '../core/shell-quote.js';
import { imagesDir } from './node-image.js';

/** Node-image packages a run does not need on an existing machine (it has its own sshd and init). */
const NOT_NEEDED = new Set(['openssh-server', 'tini', 'gcc', 'libc6-dev', 'pkg-config', 'libnetfilter-queue-dev']);

const PKG = /^[a-z0-9][a-z0-9+.-]+$/;

/** The packages `apt-get install` lines of a Dockerfile's last stage install. Pure. */
export function dockerfilePackages(text: string): string[] {
  const joined = text.replace(/\\\n/g, ' ');
  const stages = joined.split(/^FROM\s/m);
  const last = stages[stages.length - 1];
  const out: string[] = [];
  for (const m of last.matchAll(/apt-get install([^&;\n]*)/g)) {
    for (const w of m[1].trim().split(/\s+/)) if (w !== '' && !w.startsWith('-') && PKG.test(w) && !NOT_NEEDED.has(w) && !out.includes(w)) out.push(w);
  }
  return out;
}

/** The packages a system's nodes need: its image's and the node image's. */
export async function imagePackages(image: string, dir: string = imagesDir()): Promise<string[]> {
  const read = (name: string): Promise<string> => readFile(join(dir, name, 'Dockerfile'), 'utf8').catch(() => '');
  const pkgs = [...dockerfilePackages(await read('node')), ...(image === 'node' ? [] : dockerfilePackages(await read(image)))];
  return [...new Set(pkgs)];
}

/**
 * A script that prints `missing: <pkgs>` and installs them with apt-get when any are missing
 * (as root). Pure.
 * @throws Error for a package name that is not a Debian package name
 */
export function installScript(pkgs: readonly string[]): ShellScript {
  for (const p of pkgs) if (!PKG.test(p)) throw new Error(`bad package name ${JSON.stringify(p)}`);
  const list = pkgs.map(quoteArg).join(' ');
  return rawScript(
    [
      'missing=""',
      `for p in ${list}; do dpkg-query -W -f='\${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"; done`,
      'echo "missing:$missing"',
      'if [ -n "$missing" ]; then export DEBIAN_FRONTEND=noninteractive; apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends $missing >/dev/null && echo installed; fi',
    ].join('\n'),
  );
}

/** Which packages were missing on a node, from the script's output. Pure. */
export function missingOf(stdout: string): string[] {
  const line = stdout.split('\n').find((l) => l.startsWith('missing:'));
  return line === undefined ? [] : line.slice('missing:'.length).trim().split(/\s+/).filter(Boolean);
}

/** Ensures `pkgs` on every node (in parallel, 15 minutes each). @returns per node, what was installed */
export async function ensureInstalled(cluster: Cluster, pkgs: readonly string[]): Promise<Record<string, string[]>> {
  const script = installScript(pkgs);
  const out: Record<string, string[]> = {};
  await Promise.all(
    cluster.nodes.map(async (n) => {
      const r = await cluster.remote(n).exec(script, { sudo: true, timeoutMs: 900_000 });
      out[n] = missingOf(r.stdout);
    }),
  );
  return out;
}

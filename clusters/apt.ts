/**
 * Installing Debian packages on the controller host when faultline needs them (docker.io,
 * debootstrap). Only as root on Debian; otherwise the caller says what to install.
 */
import { existsSync, readdirSync } from 'node:fs';
import { execa } from 'execa';
import { seconds, type Log } from '../core/log.js';

/** Thrown when the host cannot be provisioned; says what to do instead. */
export class ProvisionError extends Error {
  override name = 'ProvisionError';
}

/** True when this process runs as root. */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** True when the host is Debian or a derivative with apt-get. */
export function isDebian(): boolean {
  return existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
}

/** True when apt has package lists at all (a fresh image often has none). */
function haveLists(): boolean {
  try {
    return readdirSync('/var/lib/apt/lists').some((f) => f.includes('_Packages'));
  } catch {
    return false;
  }
}

/** Runs apt-get with `args` non-interactively; resolves to its combined output and exit code. */
async function aptGet(args: string[]): Promise<{ ok: boolean; output: string }> {
  const r = await execa('apt-get', args, {
    env: { DEBIAN_FRONTEND: 'noninteractive' },
    reject: false,
    all: true,
    stdin: 'ignore',
    timeout: 15 * 60_000,
  });
  return { ok: r.exitCode === 0, output: String(r.all ?? '') };
}

/**
 * Installs `packages` with apt-get (running `apt-get update` first when the lists are missing,
 * and again once if the install fails on stale lists). Says what it does on `log`.
 * @throws ProvisionError when not root on Debian, or when apt-get fails (with its output's tail)
 */
export async function aptInstall(packages: string[], why: string, log: Log): Promise<void> {
  if (!isRoot() || !isDebian()) {
    throw new ProvisionError(`${why}: install ${packages.join(' ')} (needs root on Debian to do it automatically)`);
  }
  const t0 = Date.now();
  log(`${why}: installing ${packages.join(' ')} with apt-get`);
  if (!haveLists()) {
    log('apt-get update');
    await aptGet(['update']);
  }
  let r = await aptGet(['install', '-y', '--no-install-recommends', ...packages]);
  if (!r.ok) {
    log('apt-get install failed; running apt-get update and trying again');
    await aptGet(['update']);
    r = await aptGet(['install', '-y', '--no-install-recommends', ...packages]);
  }
  if (!r.ok) throw new ProvisionError(`apt-get install ${packages.join(' ')} failed:\n${r.output.trim().split('\n').slice(-15).join('\n')}`);
  log(`installed ${packages.join(' ')} in ${seconds(Date.now() - t0)}`);
}

/** The first of `names` found as an executable in PATH or the usual sbin folders, or undefined. */
export function findExecutable(...names: string[]): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const name of names) {
    if (name.startsWith('/')) {
      if (existsSync(name)) return name;
      continue;
    }
    for (const d of dirs) if (d && existsSync(`${d}/${name}`)) return `${d}/${name}`;
  }
  return undefined;
}

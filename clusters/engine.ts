/**
 * Making sure a Docker engine answers, and choosing the docker client that talks to it.
 *
 * Order: `$DOCKER_HOST` if set (used as is, never started); otherwise faultline's own engine
 * socket, then the default socket. When none answers and we are root on Debian, Debian's
 * `docker.io` is installed if missing and `dockerd` is started in the background with its own
 * data root, exec root, socket, pid file and log (see {@link ENGINE_PATHS}).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ProvisionError, aptInstall, findExecutable, isDebian, isRoot } from './apt.js';
import { DockerCli } from './docker-cli.js';
import { withFileLock } from './file-lock.js';
import { seconds, type Log } from '../core/log.js';

/** Where faultline's own engine keeps its state. */
export const ENGINE_PATHS = {
  dataRoot: '/var/lib/faultline/docker',
  execRoot: '/run/faultline/docker-exec',
  socket: '/run/faultline/docker.sock',
  pidFile: '/run/faultline/docker.pid',
  logFile: '/var/lib/faultline/dockerd.log',
} as const;

/** The engine faultline will use. */
export interface Engine {
  /** The client pointed at the engine; use it for every docker call. */
  docker: DockerCli;
  /** Engine version, e.g. `20.10.24+dfsg1`. */
  serverVersion: string;
  /** Engine API version, e.g. `1.41`. */
  apiVersion: string;
  /** The client binary's own version, e.g. `28.2.2`. */
  clientVersion: string;
  /** True when this call installed or started something. */
  started: boolean;
}

/** Options of {@link ensureEngine}. */
export interface EngineOptions {
  /** Start faultline's dockerd when nothing answers. Default true. */
  start?: boolean;
  /** Install docker.io when dockerd is missing (root on Debian only). Default true. */
  install?: boolean;
  log: Log;
}

/** The engine addresses to try, in order. */
export function candidateHosts(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.DOCKER_HOST) return [env.DOCKER_HOST];
  return [`unix://${ENGINE_PATHS.socket}`, 'unix:///var/run/docker.sock'];
}

/** The docker client binaries to try, in order (PATH first, then Debian's). */
export function candidateClients(): string[] {
  const found = [findExecutable('docker'), '/usr/local/bin/docker', '/usr/bin/docker'];
  return [...new Set(found.filter((p): p is string => !!p && existsSync(p)))];
}

/** Asks `bin` at `host` for versions; undefined when the engine does not answer that client. */
async function probe(bin: string, host: string): Promise<Omit<Engine, 'started'> | undefined> {
  const cli = new DockerCli(bin, host);
  const r = await cli.run(['version', '--format', '{{.Server.Version}}|{{.Server.APIVersion}}|{{.Client.Version}}'], {
    allowFailure: true,
    timeoutMs: 15_000,
  });
  const [serverVersion, apiVersion, clientVersion] = r.stdout.trim().split('|');
  if (r.exitCode !== 0 || !serverVersion || !apiVersion) return undefined;
  return { docker: cli, serverVersion, apiVersion, clientVersion: clientVersion ?? '?' };
}

/** The first client × host pair that answers, or undefined. */
async function findAnswering(hosts: string[]): Promise<Omit<Engine, 'started'> | undefined> {
  for (const host of hosts) {
    if (host.startsWith('unix://') && !existsSync(host.slice('unix://'.length))) continue;
    for (const bin of candidateClients()) {
      const e = await probe(bin, host);
      if (e) return e;
    }
  }
  return undefined;
}

/** Starts dockerd detached with faultline's paths and waits (≤ 90 s) until it answers. */
async function startDockerd(dockerd: string, log: Log): Promise<Omit<Engine, 'started'>> {
  const p = ENGINE_PATHS;
  for (const dir of [p.dataRoot, p.execRoot, dirname(p.socket), dirname(p.logFile)]) mkdirSync(dir, { recursive: true });
  const args = ['--data-root', p.dataRoot, '--exec-root', p.execRoot, '-H', `unix://${p.socket}`, '--pidfile', p.pidFile];
  log(`no Docker engine answers: starting ${dockerd} in the background (data root ${p.dataRoot}, socket ${p.socket}, pid file ${p.pidFile}, log ${p.logFile})`);
  const out = openSync(p.logFile, 'a');
  const child = spawn(dockerd, args, { detached: true, stdio: ['ignore', out, out] });
  closeSync(out);
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));
  child.unref();
  const t0 = Date.now();
  while (Date.now() - t0 < 90_000) {
    const e = existsSync(p.socket) ? await findAnswering([`unix://${p.socket}`]) : undefined;
    if (e) {
      log(`dockerd ${e.serverVersion} (API ${e.apiVersion}) answers after ${seconds(Date.now() - t0)}; using client ${e.docker.bin} ${e.clientVersion}`);
      return e;
    }
    if (exited !== null) break;
    await new Promise((r) => setTimeout(r, 300));
  }
  const tail = existsSync(p.logFile) ? readFileSync(p.logFile, 'utf8').trim().split('\n').slice(-12).join('\n') : '';
  throw new ProvisionError(`dockerd did not answer on ${p.socket} (${exited === null ? 'timed out after 90 s' : `exited ${exited}`}); log ${p.logFile}:\n${tail}`);
}

/**
 * Returns a Docker engine that answers, installing and starting one when allowed.
 * @throws ProvisionError saying what is missing when no engine can be had
 */
export async function ensureEngine(opts: EngineOptions): Promise<Engine> {
  const hosts = candidateHosts();
  const found = await findAnswering(hosts);
  if (found) return { ...found, started: false };
  if (process.env.DOCKER_HOST) throw new ProvisionError(`no Docker engine answers at DOCKER_HOST=${process.env.DOCKER_HOST}`);
  if (opts.start === false) throw new ProvisionError('no Docker engine answers (run `faultline up` to start one)');
  return withFileLock('engine', async () => {
    const again = await findAnswering(hosts); // another process may have started it meanwhile
    if (again) return { ...again, started: false };
    if (!isRoot() || !isDebian()) {
      throw new ProvisionError('no Docker engine answers: start one (or set DOCKER_HOST); faultline starts its own only as root on Debian');
    }
    let dockerd = findExecutable('dockerd');
    if (!dockerd || candidateClients().length === 0) {
      if (opts.install === false) throw new ProvisionError('no Docker engine answers and dockerd is not installed (apt-get install docker.io)');
      await aptInstall(['docker.io'], 'no Docker engine here', opts.log);
      dockerd = findExecutable('dockerd');
      if (!dockerd) throw new ProvisionError('docker.io was installed but dockerd is still not found');
    }
    return { ...(await startDockerd(dockerd, opts.log)), started: true };
  });
}

/**
 * Cheap detection of a reachable container registry (Docker Hub), so the base image can come
 * from `debian:bookworm` where one answers. A DNS lookup then one TCP connect, each bounded by
 * a short timeout; `FAULTLINE_BASE_SOURCE=debootstrap|registry` skips the probe.
 */
import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';

/** The registry host probed. */
export const REGISTRY_HOST = 'registry-1.docker.io';

/** Where the base image comes from. */
export type BaseSource = 'debootstrap' | 'registry';

/** Resolves `p`, or `undefined` after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([p, new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref())]);
}

/** True when the registry host resolves and accepts a TCP connection on 443 within `timeoutMs` each. */
export async function registryAnswers(timeoutMs = 2_000): Promise<boolean> {
  const addr = await within(lookup(REGISTRY_HOST).catch(() => undefined), timeoutMs);
  if (!addr) return false;
  return new Promise<boolean>((resolve) => {
    const sock = connect({ host: addr.address, port: 443, timeout: timeoutMs });
    const end = (ok: boolean): void => {
      sock.destroy();
      resolve(ok);
    };
    sock.once('connect', () => end(true));
    sock.once('timeout', () => end(false));
    sock.once('error', () => end(false));
  });
}

/** The base source asked for in `env`, or undefined to probe. Pure. */
export function baseSourceFromEnv(env: NodeJS.ProcessEnv): BaseSource | undefined {
  const v = env.FAULTLINE_BASE_SOURCE;
  return v === 'debootstrap' || v === 'registry' ? v : undefined;
}

/**
 * Waiting until a TCP port accepts connections (sshd of a fresh node), bounded in time.
 * Only ever used with addresses of containers faultline created, or loopback.
 */
import { connect } from 'node:net';

/** One connect attempt to `host:port`, true when accepted within `timeoutMs`. */
export function tcpConnects(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: timeoutMs });
    const end = (ok: boolean): void => {
      s.destroy();
      resolve(ok);
    };
    s.once('connect', () => end(true));
    s.once('timeout', () => end(false));
    s.once('error', () => end(false));
  });
}

/**
 * Polls `host:port` every 100 ms until it accepts a connection.
 * @throws Error after `totalMs` (default 30 s) naming the address
 */
export async function waitForPort(host: string, port: number, totalMs = 30_000): Promise<void> {
  const deadline = Date.now() + totalMs;
  while (Date.now() < deadline) {
    if (await tcpConnects(host, port, 1_000)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${host}:${port} did not accept a connection within ${totalMs} ms`);
}

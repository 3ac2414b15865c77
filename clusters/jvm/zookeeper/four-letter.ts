/**
 * ZooKeeper's four-letter words over plain TCP: send `srvr` (or `ruok`, `stat`), read until
 * the server closes. Bounded by a deadline; never throws for a refused or silent server.
 */
import { connect } from 'node:net';

/**
 * The server's answer to `word` on `host:port`, or undefined when it refused, timed out or
 * answered nothing (the word must be whitelisted in zoo.cfg, or the answer says so).
 */
export function fourLetterWord(host: string, port: number, word: string, timeoutMs = 2_000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const sock = connect({ host, port });
    const finish = (ok: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      resolve(ok && text !== '' ? text : undefined);
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('connect', () => sock.write(word));
    sock.on('data', (c: Buffer) => chunks.push(c));
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', () => finish(false));
  });
}

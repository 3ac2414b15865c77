/**
 * A {@link Remote} over SSH (ssh2): key authentication, host keys checked against a
 * known_hosts file (unless strict checking is explicitly off), keepalive, one multiplexed
 * connection reopened on the next call after it drops, and SFTP file transfer.
 */
import { connect as tcpConnect } from 'node:net';
import ssh2, { type ClientChannel, type SFTPWrapper } from 'ssh2';
import { describeCommand, isNodeTimeout, toShellLine, withNodeTimeout } from '../core/command.js';
import { checkHostKey, entriesFor, hostKeyAlgorithms, hostPattern, type KnownHost } from './known-hosts.js';
import type { Command, ExecOptions, ExecResult, Remote } from '../core/remote.js';
import { RemoteError } from './remote-error.js';

/** How to reach one node over SSH. */
export interface SshTarget {
  /** The node's name for output and errors. */
  node: string;
  host: string;
  /** Default 22. */
  port?: number;
  username: string;
  /** The private key's contents (OpenSSH or PEM). */
  privateKey: Buffer | string;
  /** Parsed known_hosts entries the host key must match. */
  knownHosts: KnownHost[];
  /** Where those entries came from (for messages). */
  knownHostsFile?: string;
  /** Check host keys. Default true; `false` accepts any key (explicit opt-out only). */
  strictHostKeyChecking?: boolean;
  /** Keepalive interval in ms. Default 5000; 3 unanswered keepalives drop the connection. */
  keepaliveIntervalMs?: number;
  /** Handshake timeout in ms. Default 30000. */
  readyTimeoutMs?: number;
  /** Most channels open at once on the connection. Default 8. */
  maxChannels?: number;
}

/** Extra time beyond `timeoutMs` before the client gives up on a command itself. */
const CLIENT_GRACE_MS = 5_000;

/** Runs commands on one host over a single SSH connection. */
export class SshRemote implements Remote {
  readonly via = 'ssh';
  readonly node: string;
  private conn: Promise<ssh2.Client> | undefined;
  private sftpP: Promise<SFTPWrapper> | undefined;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly target: SshTarget) {
    this.node = target.node;
  }

  /** `user@host:port`, for messages. */
  get address(): string {
    return `${this.target.username}@${hostPattern(this.target.host, this.target.port ?? 22)}`;
  }

  /** Opens (or returns) the connection; a dropped connection is reopened here. */
  private connect(command: string): Promise<ssh2.Client> {
    if (this.conn) return this.conn;
    const t = this.target;
    const port = t.port ?? 22;
    const strict = t.strictHostKeyChecking !== false;
    const known = entriesFor(t.knownHosts, t.host, port).filter((e) => !e.marker);
    let rejected: string | undefined;
    let p: Promise<ssh2.Client> | undefined = undefined;
    p = new Promise<ssh2.Client>((resolve, reject) => {
      const c = new ssh2.Client();
      const drop = (): void => {
        if (this.conn === p) {
          this.conn = undefined;
          this.sftpP = undefined;
        }
      };
      c.once('ready', () => resolve(c));
      c.once('error', (cause: Error) => {
        drop();
        const failure = rejected || /authentication/i.test(cause.message) ? 'auth' : 'connection';
        const why = new Error(rejected ?? `${this.address}: ${cause.message}`, { cause });
        reject(new RemoteError({ node: this.node, command, failure, started: false, cause: why }));
      });
      c.on('close', drop);
      // our own socket, so Nagle can be turned off: otherwise each exec waits ~40 ms for delayed ACKs
      const sock = tcpConnect({ host: t.host, port });
      sock.setNoDelay(true);
      sock.on('error', () => {}); // reported through the client's 'error' event
      c.once('close', () => sock.destroy());
      const config: ssh2.ConnectConfig = {
        sock,
        host: t.host,
        port,
        username: t.username,
        privateKey: t.privateKey,
        keepaliveInterval: t.keepaliveIntervalMs ?? 5_000,
        keepaliveCountMax: 3,
        readyTimeout: t.readyTimeoutMs ?? 30_000, // the handshake is CPU-bound JS crypto: on a loaded machine 10 s risks a needless timeout
        ...(strict && known.length ? { algorithms: { serverHostKey: hostKeyAlgorithms(known.map((e) => e.type)) as never } } : {}),
        hostVerifier: (key: Buffer): boolean => {
          if (!strict) return true;
          const verdict = checkHostKey(t.knownHosts, t.host, port, key);
          if (verdict === 'match') return true;
          rejected = `host key of ${hostPattern(t.host, port)} is ${verdict === 'unknown' ? 'not in' : 'different from the one in'} ${t.knownHostsFile ?? 'the known_hosts entries'} (strict host key checking is on)`;
          return false;
        },
      };
      try {
        c.connect(config);
      } catch (cause) {
        sock.destroy();
        reject(new RemoteError({ node: this.node, command, failure: 'auth', started: false, cause }));
      }
    });
    this.conn = p;
    const mine = p;
    mine.catch(() => {
      if (this.conn === mine) this.conn = undefined;
    });
    return mine;
  }

  /** Waits for a free channel slot. */
  private async acquire(): Promise<void> {
    if (this.active < (this.target.maxChannels ?? 8)) {
      this.active++;
      return;
    }
    await new Promise<void>((r) => this.waiting.push(r));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }

  /** Runs `cmd` through the login shell on the node; see {@link Remote.exec}. */
  async exec(cmd: Command, opts: ExecOptions = {}): Promise<ExecResult> {
    const command = describeCommand(cmd);
    // root needs no sudo (and minimal nodes have none)
    const line = toShellLine(withNodeTimeout(cmd, opts.timeoutMs), { ...opts, sudo: opts.sudo && this.target.username !== 'root' });
    await this.acquire();
    try {
      const conn = await this.connect(command);
      return await this.run(conn, line, command, opts);
    } finally {
      this.release();
    }
  }

  private run(conn: ssh2.Client, line: string, command: string, opts: ExecOptions): Promise<ExecResult> {
    const startedAt = Date.now();
    return new Promise<ExecResult>((resolve, reject) => {
      conn.exec(line, (err: Error | undefined, stream: ClientChannel) => {
        if (err) {
          reject(new RemoteError({ node: this.node, command, failure: 'connection', started: false, cause: err }));
          return;
        }
        const out: Buffer[] = [];
        const errs: Buffer[] = [];
        let code: number | null = null;
        let signal: string | null = null;
        let exited = false;
        let timedOut = false;
        const timer = opts.timeoutMs === undefined ? undefined : setTimeout(() => {
          timedOut = true;
          try { stream.signal('KILL'); } catch { /* old servers */ }
          stream.close();
        }, opts.timeoutMs + CLIENT_GRACE_MS);
        stream.on('data', (b: Buffer) => out.push(b));
        stream.stderr.on('data', (b: Buffer) => errs.push(b));
        stream.on('exit', (c: number | null, s?: string) => {
          exited = true;
          code = c ?? null;
          signal = s ?? null;
        });
        stream.on('close', () => {
          if (timer) clearTimeout(timer);
          const facts = { node: this.node, command, exitCode: code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(errs).toString('utf8') };
          if (timedOut || isNodeTimeout(code, signal, Date.now() - startedAt, opts.timeoutMs)) reject(new RemoteError({ ...facts, failure: 'timeout' }));
          else if (!exited) reject(new RemoteError({ ...facts, failure: 'connection', started: true }));
          else if (code !== 0 && opts.check !== false) reject(new RemoteError({ ...facts, failure: 'exit' }));
          else resolve({ stdout: facts.stdout, stderr: facts.stderr, exitCode: code });
        });
        stream.end(opts.stdin === undefined ? undefined : Buffer.from(opts.stdin as Uint8Array));
      });
    });
  }

  /** The SFTP session of the current connection. */
  private sftp(command: string): Promise<SFTPWrapper> {
    if (this.sftpP) return this.sftpP;
    const p = this.connect(command).then(
      (c) => new Promise<SFTPWrapper>((resolve, reject) => c.sftp((err, s) => (err ? reject(err) : resolve(s)))),
    );
    this.sftpP = p;
    p.catch(() => { if (this.sftpP === p) this.sftpP = undefined; });
    return p;
  }

  private async transfer(command: string, op: (s: SFTPWrapper, cb: (err?: Error | null) => void) => void): Promise<void> {
    let s: SFTPWrapper;
    try {
      s = await this.sftp(command);
    } catch (cause) {
      if (cause instanceof RemoteError) throw cause;
      throw new RemoteError({ node: this.node, command, failure: 'connection', started: false, cause });
    }
    await new Promise<void>((resolve, reject) =>
      op(s, (err) => (err ? reject(new RemoteError({ node: this.node, command, failure: this.conn ? 'transfer' : 'connection', started: false, stderr: err.message, cause: err })) : resolve())),
    );
  }

  /** Copies a local file to the node over SFTP. */
  upload(localPath: string, remotePath: string): Promise<void> {
    return this.transfer(`upload ${localPath} -> ${remotePath}`, (s, cb) => s.fastPut(localPath, remotePath, cb));
  }

  /** Copies a file from the node over SFTP. */
  download(remotePath: string, localPath: string): Promise<void> {
    return this.transfer(`download ${remotePath} -> ${localPath}`, (s, cb) => s.fastGet(remotePath, localPath, cb));
  }

  /** Closes the connection; a later call reconnects. Idempotent. */
  async close(): Promise<void> {
    const p = this.conn;
    this.conn = undefined;
    this.sftpP = undefined;
    if (!p) return;
    try {
      const c = await p;
      await new Promise<void>((r) => {
        c.once('close', () => r());
        c.end();
        setTimeout(r, 2_000).unref();
      });
    } catch { /* never connected */ }
  }
}

/**
 * One ZooKeeper client session to one server, with promise-returning calls bounded by a
 * deadline and the run's abort signal. A new client (and session) replaces one whose session
 * expired, whose connection broke (connection-guard.ts: a garbled stream, an exception inside
 * the library) or that let {@link STALL_LIMIT} requests in a row pass their deadline; the
 * requests still pending on the old client end with `CONNECTION_LOSS` (writes: `info`).
 */
import zookeeper, { type Client, type Stat, type ZkError } from 'node-zookeeper-client';
import { guardConnection } from './connection-guard.js';
import { ZkTimeout } from './failure.js';

/** Requests in a row with no answer before their deadline after which the client is replaced. */
export const STALL_LIMIT = 3;
/** The least time between two replacements, ms: a server that garbles every connection is not hammered. */
export const REPLACE_BACKOFF_MS = 1_000;

/** A znode's data and stat. */
export interface ZnodeData {
  data: Buffer;
  stat: Stat;
}

/** ms since the epoch in a Stat's 8-byte `ctime` / `mtime`. Pure. */
export function statTime(b: Buffer): number {
  return Number(b.readBigInt64BE(0));
}

/** A session to `host:port`. Connecting starts at construction and goes on in the background. */
export class ZkSession {
  private client: Client;
  private stalls = 0;
  private lastReplaceAt = 0;
  private delayedConnect: NodeJS.Timeout | undefined;
  /** Clients replaced so far (expired, broken or stalled). */
  replaced = 0;
  /** Why the last client was replaced, for diagnostics. */
  lastReplaced: string | undefined;

  constructor(
    private readonly connectString: string,
    private readonly sessionTimeoutMs: number,
    private readonly timeoutMs: number,
  ) {
    this.client = this.connect();
  }

  /** getData; a missing znode rejects with `NO_NODE`. */
  getData(path: string, signal: AbortSignal): Promise<ZnodeData> {
    return this.call(signal, (c, done) => c.getData(path, (e, data, stat) => done(e, { data: data ?? Buffer.alloc(0), stat })));
  }

  /** setData at `version` (-1: any); rejects with `BAD_VERSION` or `NO_NODE`. */
  setData(path: string, data: Buffer, version: number, signal: AbortSignal): Promise<Stat> {
    return this.call(signal, (c, done) => c.setData(path, data, version, done));
  }

  /** create a persistent znode; rejects with `NODE_EXISTS` when it exists. */
  create(path: string, data: Buffer, signal: AbortSignal): Promise<string> {
    return this.call(signal, (c, done) => c.create(path, data, done));
  }

  /** Creates `path` and its parents where missing. */
  mkdirp(path: string, signal: AbortSignal): Promise<string> {
    return this.call(signal, (c, done) => c.mkdirp(path, done));
  }

  /** Closes the session. */
  close(): void {
    this.closeClient(this.client);
  }

  /** A new client, connecting now or after `delayMs`. */
  private connect(delayMs = 0): Client {
    const c = zookeeper.createClient(this.connectString, { sessionTimeout: this.sessionTimeoutMs, spinDelay: 500, retries: 0 });
    c.on('expired', () => this.replace(c, 'session expired'));
    guardConnection(c, (e) => this.replace(c, `connection broken: ${e.message}`));
    if (delayMs <= 0) c.connect();
    else {
      this.delayedConnect = setTimeout(() => {
        this.delayedConnect = undefined;
        c.connect();
      }, delayMs);
      this.delayedConnect.unref();
    }
    return c;
  }

  /** Closes `c`; one whose connect is still delayed is never connected. */
  private closeClient(c: Client): void {
    if (this.delayedConnect !== undefined && c === this.client) {
      clearTimeout(this.delayedConnect);
      this.delayedConnect = undefined;
      return;
    }
    try {
      c.close();
    } catch {
      // a broken client may refuse to close; it is dropped all the same
    }
  }

  /** Closes `c` and connects a new client in its place, unless `c` was already replaced. */
  private replace(c: Client, why: string): void {
    if (this.client !== c) return;
    this.replaced++;
    this.lastReplaced = why;
    this.stalls = 0;
    this.closeClient(c);
    const now = Date.now();
    const delay = Math.max(0, this.lastReplaceAt + REPLACE_BACKOFF_MS - now);
    this.lastReplaceAt = now + delay;
    this.client = this.connect(delay);
  }

  private call<T>(signal: AbortSignal, f: (c: Client, done: (e: ZkError | null, r: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', abort);
      };
      const client = this.client;
      const stalled = (): void => {
        finish();
        if (++this.stalls >= STALL_LIMIT) this.replace(client, `${STALL_LIMIT} requests in a row unanswered`);
        reject(new ZkTimeout(this.timeoutMs));
      };
      const timer = setTimeout(stalled, this.timeoutMs);
      const abort = (): void => stalled();
      signal.addEventListener('abort', abort, { once: true });
      try {
        f(client, (e, r) => {
          finish();
          this.stalls = 0;
          if (e) reject(e);
          else resolve(r);
        });
      } catch (e) {
        finish();
        reject(e);
      }
    });
  }
}

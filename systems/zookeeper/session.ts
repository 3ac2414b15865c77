/**
 * One ZooKeeper client session to one server, with promise-returning calls bounded by a
 * deadline and the run's abort signal. A new session replaces an expired one.
 */
import zookeeper, { type Client, type Stat, type ZkError } from 'node-zookeeper-client';
import { ZkTimeout } from './failure.js';

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
    this.client.close();
  }

  private connect(): Client {
    const c = zookeeper.createClient(this.connectString, { sessionTimeout: this.sessionTimeoutMs, spinDelay: 500, retries: 0 });
    c.on('expired', () => {
      if (this.client !== c) return;
      c.close();
      this.client = this.connect();
    });
    c.connect();
    return c;
  }

  private call<T>(signal: AbortSignal, f: (c: Client, done: (e: ZkError | null, r: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      const finish = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', abort);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new ZkTimeout(this.timeoutMs));
      }, this.timeoutMs);
      const abort = (): void => {
        finish();
        reject(new ZkTimeout(this.timeoutMs));
      };
      signal.addEventListener('abort', abort, { once: true });
      f(this.client, (e, r) => {
        finish();
        if (e) reject(e);
        else resolve(r);
      });
    });
  }
}

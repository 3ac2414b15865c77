/**
 * The part of `node-zookeeper-client` (1.x, plain JavaScript without types) that faultline
 * uses. Callbacks take the error first; errors are `Exception`s with a numeric `code` and a
 * `name` such as `CONNECTION_LOSS`, `NO_NODE`, `BAD_VERSION`, `NODE_EXISTS`.
 */
declare module 'node-zookeeper-client' {
  import type { EventEmitter } from 'node:events';

  /** A znode's metadata; `ctime` / `mtime` are 8-byte big-endian ms since the epoch, stamped by the server. */
  export interface Stat {
    version: number;
    ctime: Buffer;
    mtime: Buffer;
    [field: string]: unknown;
  }

  export interface ZkError extends Error {
    code: number;
    name: string;
  }

  export interface ClientOptions {
    sessionTimeout?: number;
    spinDelay?: number;
    retries?: number;
  }

  export interface Client extends EventEmitter {
    connect(): void;
    close(): void;
    getState(): { name: string; code: number };
    getData(path: string, cb: (err: ZkError | null, data: Buffer | undefined, stat: Stat) => void): void;
    setData(path: string, data: Buffer | null, version: number, cb: (err: ZkError | null, stat: Stat) => void): void;
    create(path: string, data: Buffer | null, cb: (err: ZkError | null, path: string) => void): void;
    mkdirp(path: string, cb: (err: ZkError | null, path: string) => void): void;
    exists(path: string, cb: (err: ZkError | null, stat: Stat | null) => void): void;
  }

  export function createClient(connectionString: string, options?: ClientOptions): Client;

  export const Exception: Readonly<Record<string, number>> & { create(code: number): ZkError };

  const zk: { createClient: typeof createClient; Exception: typeof Exception };
  export default zk;
}

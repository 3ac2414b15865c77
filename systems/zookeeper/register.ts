/**
 * The register workload's client on ZooKeeper: independent registers, one znode per op key
 * (`/faultline/register/<key>`), values stored as decimal text.
 *
 * - `read` → getData; `ok` with the number, or null when the znode is absent;
 * - `write` v → setData (create when absent); `ok` with v;
 * - `cas` [e, n] → read, then setData at the version read: value ≠ e → `fail` with
 *   {@link CAS_MISMATCH} (an observation of the value); a version conflict (someone wrote in
 *   between) → `fail` without it (not applied; the checker drops it).
 *
 * Sync reads (option `zkSyncReads`, default true): node-zookeeper-client 1.x has no `sync`,
 * so a read and the read of a cas are preceded by a write barrier — setData on
 * {@link BARRIER} through the same session. ZooKeeper answers a session's requests in order,
 * so the read then sees every write committed before the barrier: at least what `sync`
 * gives. Failures are classified by failure.ts.
 */
import type { Op } from '../../core/op.js';
import type { ClientConn, Completion } from '../../core/plugins.js';
import { CAS_MISMATCH } from '../../workloads/register.js';
import { failedCompletion, zkErrorName } from './failure.js';
import type { ZookeeperOptions } from './options.js';
import type { ZkSession } from './session.js';

/** The parent znode of the registers. */
export const REGISTER_ROOT = '/faultline/register';
/** The znode the sync barrier writes. */
export const BARRIER = '/faultline/sync';

/** The znode of register `key`. Pure. */
export function registerPath(key: string | number): string {
  return `${REGISTER_ROOT}/${key}`;
}

/** A stored register value as a number (the raw text when it is not one). Pure. */
export function parseValue(text: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

function isPair(v: unknown): v is [number | string, number | string] {
  return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' || typeof x === 'string');
}

/** One register client connection to one server. */
export class ZkRegisterConn implements ClientConn {
  private ready = false;

  constructor(
    private readonly zk: ZkSession,
    private readonly opts: ZookeeperOptions,
  ) {}

  /** Runs a `read`, `write` or `cas`; see the module notes. */
  async invoke(op: Op, signal: AbortSignal): Promise<Completion> {
    if (op.key === undefined) return { type: 'fail', value: op.value, error: 'register op without a key' };
    const path = registerPath(op.key);
    const v = op.value;
    const kind = op.f === 'read' ? 'read' : 'write';
    try {
      await this.prepare(signal);
      switch (op.f) {
        case 'read': {
          const cur = await this.read(path, signal);
          return { type: 'ok', value: cur === undefined ? null : parseValue(cur.text) };
        }
        case 'write':
          await this.write(path, String(v), signal);
          return { type: 'ok', value: v };
        case 'cas': {
          if (!isPair(v)) return { type: 'fail', value: v, error: `cas needs [expected, new], got ${JSON.stringify(v)}` };
          const cur = await this.read(path, signal).catch((e: unknown) => Promise.reject(new ReadFailed(e)));
          if (cur === undefined || String(parseValue(cur.text)) !== String(v[0])) return { type: 'fail', value: v, error: CAS_MISMATCH };
          try {
            await this.zk.setData(path, Buffer.from(String(v[1])), cur.version, signal);
          } catch (e) {
            if (zkErrorName(e) === 'BAD_VERSION') return { type: 'fail', value: v, error: 'version conflict: written concurrently, not applied' };
            throw e;
          }
          return { type: 'ok', value: v };
        }
        default:
          return { type: 'fail', value: v, error: `register has no op ${JSON.stringify(op.f)} (read, write, cas)` };
      }
    } catch (e) {
      if (e instanceof ReadFailed) return failedCompletion('read', v, e.cause);
      return failedCompletion(kind, v, e);
    }
  }

  /** Closes the session. */
  async close(): Promise<void> {
    this.zk.close();
  }

  /** Creates the register root and the barrier znode once per connection (failures surface as the op's, which nothing applied yet). */
  private async prepare(signal: AbortSignal): Promise<void> {
    if (this.ready) return;
    await this.zk.mkdirp(REGISTER_ROOT, signal);
    await this.zk.mkdirp(BARRIER, signal);
    this.ready = true;
  }

  private async read(path: string, signal: AbortSignal): Promise<{ text: string; version: number } | undefined> {
    if (this.opts.syncReads) await this.barrier(signal);
    try {
      const { data, stat } = await this.zk.getData(path, signal);
      return { text: data.toString('utf8'), version: stat.version };
    } catch (e) {
      if (zkErrorName(e) === 'NO_NODE') return undefined;
      throw e;
    }
  }

  private async write(path: string, text: string, signal: AbortSignal): Promise<void> {
    try {
      await this.zk.setData(path, Buffer.from(text), -1, signal);
    } catch (e) {
      if (zkErrorName(e) !== 'NO_NODE') throw e;
      try {
        await this.createUnderRoot(path, text, signal);
      } catch (e2) {
        if (zkErrorName(e2) !== 'NODE_EXISTS') throw e2;
        await this.zk.setData(path, Buffer.from(text), -1, signal); // created concurrently: overwrite
      }
    }
  }

  /**
   * The sync barrier; when its znode is gone (the ensemble lost data, e.g. in a power loss)
   * it is created again, which is a write through this session too, so the read after it
   * still sees everything committed before.
   */
  private async barrier(signal: AbortSignal): Promise<void> {
    try {
      await this.zk.setData(BARRIER, Buffer.alloc(0), -1, signal);
    } catch (e) {
      if (zkErrorName(e) !== 'NO_NODE') throw e;
      await this.zk.mkdirp(BARRIER, signal);
    }
  }

  /** Creates a register's znode, and the register root first when the ensemble lost it (NO_NODE from create = no parent). */
  private async createUnderRoot(path: string, text: string, signal: AbortSignal): Promise<void> {
    try {
      await this.zk.create(path, Buffer.from(text), signal);
    } catch (e) {
      if (zkErrorName(e) !== 'NO_NODE') throw e;
      await this.zk.mkdirp(REGISTER_ROOT, signal);
      await this.zk.create(path, Buffer.from(text), signal);
    }
  }
}

/** A cas whose read failed: nothing was written, so it is a `fail` whatever the cause. */
class ReadFailed extends Error {
  constructor(override readonly cause: unknown) {
    super('read of cas failed');
  }
}

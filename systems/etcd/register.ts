/**
 * The register workload's client on etcd: independent registers, one etcd key per op key
 * (`register/<key>`), values stored as decimal text.
 *
 * - `read` (value null) → `ok` with the number, or null when the key is absent;
 * - `write` v → put; `ok` with v;
 * - `cas` [expected, new] → a txn: if the value equals `expected`, put `new`; `ok` when it
 *   did, `fail` when the comparison did not match (nothing was written).
 *
 * Failures are classified by failure.ts. Reads are linearizable unless the option
 * `etcdSerializableReads` asks for serializable ones.
 */
import type { Op } from '../../core/op.js';
import type { ClientConn, Completion } from '../../core/plugins.js';
import { CAS_MISMATCH } from '../../workloads/register.js';
import { guarded } from './call.js';
import type { Gateway } from './gateway.js';
import type { EtcdOptions } from './options.js';

/** The etcd key of register `key`. Pure. */
export function registerKey(key: string | number): string {
  return `register/${key}`;
}

/** A stored register value as a number (the raw text when it is not one). Pure. */
export function parseValue(text: string): number | string {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
}

/** True when `v` is a pair [expected, new] of numbers or strings. Pure. */
function isPair(v: unknown): v is [number | string, number | string] {
  return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' || typeof x === 'string');
}

/** One register client connection to one member. */
export class RegisterConn implements ClientConn {
  constructor(
    private readonly gw: Gateway,
    private readonly opts: EtcdOptions,
  ) {}

  /** Runs a `read`, `write` or `cas`; see the module notes. */
  invoke(op: Op, signal: AbortSignal): Promise<Completion> {
    if (op.key === undefined) return Promise.resolve({ type: 'fail', value: op.value, error: 'register op without a key' });
    const key = registerKey(op.key);
    const { timeoutMs, serializableReads } = this.opts;
    switch (op.f) {
      case 'read':
        return guarded('read', op.value, signal, timeoutMs, async (s) => {
          const kv = await this.gw.get(key, serializableReads, s);
          return { type: 'ok', value: kv === undefined ? null : parseValue(kv.value) };
        });
      case 'write':
        return guarded('write', op.value, signal, timeoutMs, async (s) => {
          await this.gw.put(key, String(op.value), s);
          return { type: 'ok', value: op.value };
        });
      case 'cas': {
        const v = op.value;
        if (!isPair(v)) return Promise.resolve({ type: 'fail', value: v, error: `cas needs [expected, new], got ${JSON.stringify(v)}` });
        return guarded('write', v, signal, timeoutMs, async (s) => {
          const done = await this.gw.putIf([{ key, value: String(v[0]) }], key, String(v[1]), s);
          return done ? { type: 'ok', value: v } : { type: 'fail', value: v, error: CAS_MISMATCH };
        });
      }
      default:
        return Promise.resolve({ type: 'fail', value: op.value, error: `register has no op ${JSON.stringify(op.f)} (read, write, cas)` });
    }
  }

  /** Nothing to release: requests share Node's fetch connection pool. */
  async close(): Promise<void> {}
}

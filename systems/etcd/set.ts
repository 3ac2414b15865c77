/**
 * The set workload's client on etcd: each element is its own key, `set/<v>`.
 *
 * - `add` v → put `set/<v>` (value v); `ok` with v;
 * - `read` → range over the prefix `set/`; `ok` with the elements as numbers, ascending.
 *
 * Failures are classified by failure.ts. Reads are linearizable unless the option
 * `etcdSerializableReads` asks for serializable ones.
 */
import type { Op } from '../../core/op.js';
import type { ClientConn, Completion } from '../../core/plugins.js';
import { guarded } from './call.js';
import type { Gateway } from './gateway.js';
import type { EtcdOptions } from './options.js';
import { parseValue } from './register.js';

/** The key prefix of the set's elements. */
export const SET_PREFIX = 'set/';

/** The elements behind `keys` (prefix stripped, as numbers where they are), ascending. Pure. */
export function setElements(keys: readonly string[]): Array<number | string> {
  const xs = keys.filter((k) => k.startsWith(SET_PREFIX)).map((k) => parseValue(k.slice(SET_PREFIX.length)));
  return xs.sort((a, b) => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
}

/** One set client connection to one member. */
export class SetConn implements ClientConn {
  constructor(
    private readonly gw: Gateway,
    private readonly opts: EtcdOptions,
  ) {}

  /** Runs an `add` or a `read`; see the module notes. */
  invoke(op: Op, signal: AbortSignal): Promise<Completion> {
    const { timeoutMs, serializableReads } = this.opts;
    switch (op.f) {
      case 'add':
        return guarded('write', op.value, signal, timeoutMs, async (s) => {
          await this.gw.put(`${SET_PREFIX}${String(op.value)}`, String(op.value), s);
          return { type: 'ok', value: op.value };
        });
      case 'read':
        return guarded('read', op.value, signal, timeoutMs, async (s) => {
          const kvs = await this.gw.scan(SET_PREFIX, serializableReads, s);
          return { type: 'ok', value: setElements(kvs.map((kv) => kv.key)) };
        });
      default:
        return Promise.resolve({ type: 'fail', value: op.value, error: `set has no op ${JSON.stringify(op.f)} (add, read)` });
    }
  }

  /** Nothing to release: requests share Node's fetch connection pool. */
  async close(): Promise<void> {}
}

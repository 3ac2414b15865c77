/**
 * The `ledger` workload's client: each connection is a connection of the shared bridge JVM
 * (bridge.ts) with a BookKeeper client whose metadata comes from its node's ZooKeeper. Ops
 * follow the stream op contract (checkers/stream/ops.ts) plus `fence` (workloads/ledger.ts):
 *
 * - `send [['send', key, v]]` → ok `[['send', key, [offset, v]]]`; a failure before the entry
 *   was handed to the bookies (no ledger could be started) is `fail`, any failed add `info`
 *   (recovery may still make the entry visible).
 * - `poll [['poll']]` reads every assigned key up to its last-add-confirmed → ok
 *   `[['poll', {key: [[offset, v], ...]}]]`; a failed poll is `fail` (reads change nothing)
 *   and keeps what it read before failing.
 * - `assign [keys]` → ok: the keys polls read (positions kept per connection).
 * - `fence key` → ok `{key, ledger, ledgerId, last}`: the log's last ledger recovered and
 *   closed, `last` the offset of its last entry (null when empty); failed → `info`.
 * - `crash` drops the connection (a crashed writer leaves its ledger open) → `info`.
 */
import { join } from 'node:path';
import { UsageError } from '../../core/errors.js';
import type { Op } from '../../core/op.js';
import type { Client, ClientConn, Completion, RunContext } from '../../core/plugins.js';
import { CLIENT_PORT } from '../../clusters/jvm/zookeeper/config.js';
import { Bridge, type BridgeAnswer } from './bridge.js';
import { bookkeeperOptions, type BookkeeperOptions } from './options.js';

/** The workloads BookKeeper has clients for. */
export const BOOKKEEPER_WORKLOADS = ['ledger'] as const;

/** The completion of a bridge answer: ok with `okValue(result)`, else fail when certain, info otherwise. Pure. */
export function completionOf(a: BridgeAnswer, input: unknown, okValue: (r: Record<string, unknown>) => unknown, failValue: (r: Record<string, unknown> | undefined) => unknown = () => input): Completion {
  if (a.ok) return { type: 'ok', value: okValue(a.result) };
  return { type: a.certain ? 'fail' : 'info', value: failValue(a.result), error: a.error };
}

/** One worker's connection through the shared bridge. */
export class LedgerConn implements ClientConn {
  private keys: string[] = [];
  private closed = false;

  constructor(
    private readonly bridge: Bridge,
    private readonly id: string,
    private readonly opts: BookkeeperOptions,
    private readonly release: () => Promise<void>,
  ) {}

  async invoke(op: Op): Promise<Completion> {
    switch (op.f) {
      case 'send': {
        const [[, key, value]] = op.value as [['send', string, number]];
        const a = await this.bridge.request('send', { conn: this.id, key, value });
        return completionOf(a, op.value, (r) => [['send', key, [r.offset as number, value]]]);
      }
      case 'poll': {
        const a = await this.bridge.request('poll', { conn: this.id, keys: this.keys, max: this.opts.pollMax });
        const records = (r: Record<string, unknown> | undefined): unknown => [['poll', (r?.records ?? {}) as Record<string, unknown>]];
        return a.ok ? { type: 'ok', value: records(a.result) } : { type: 'fail', value: records(a.result), error: a.error };
      }
      case 'assign':
        this.keys = (op.value as unknown[]).map(String);
        return { type: 'ok', value: op.value };
      case 'fence': {
        const key = String(op.value);
        const a = await this.bridge.request('fence', { conn: this.id, key });
        return completionOf(a, op.value, (r) => ({ key, ...r }));
      }
      case 'crash':
        await this.close();
        return { type: 'info', value: op.value, error: 'crashed on purpose' };
      default:
        throw new Error(`the bookkeeper ledger client has no op ${JSON.stringify(op.f)}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.bridge.request('close', { conn: this.id });
    } finally {
      await this.release();
    }
  }
}

/**
 * The BookKeeper client for `workload` (only `ledger`). The bridge JVM starts with the first
 * connection and stops when the last one closes; its log is `bookkeeper-bridge.log` in the run
 * folder.
 * @throws UsageError for another workload or bad options
 */
export function bookkeeperClient(workload: string, options: Readonly<Record<string, unknown>>): Client {
  if (workload !== 'ledger') throw new UsageError(`bookkeeper has no client for workload ${JSON.stringify(workload)} (known: ${BOOKKEEPER_WORKLOADS.join(', ')})`);
  const opts = bookkeeperOptions(options);
  let bridge: Promise<Bridge> | undefined;
  let users = 0;
  let next = 0;
  const release = async (): Promise<void> => {
    if (--users > 0 || bridge === undefined) return;
    const b = bridge;
    bridge = undefined;
    await (await b).stop();
  };
  return {
    async open(ctx: RunContext, node: string): Promise<ClientConn> {
      const address = ctx.addresses[node];
      if (address === undefined) throw new Error(`no address for node ${JSON.stringify(node)}`);
      users++;
      try {
        bridge ??= Bridge.start(ctx.log, join(ctx.runDir, 'bookkeeper-bridge.log'));
        const b = await bridge;
        const id = `c${++next}`;
        const host = address.includes(':') ? `[${address}]` : address;
        const a = await b.request('open', { conn: id, zk: `${host}:${CLIENT_PORT}`, ensemble: opts.ensemble, writeQuorum: opts.writeQuorum, ackQuorum: opts.ackQuorum, timeoutMs: opts.timeoutMs });
        if (!a.ok) throw new Error(`bookkeeper connection to ${node}: ${a.error}`);
        return new LedgerConn(b, id, opts, release);
      } catch (e) {
        await release();
        throw e;
      }
    },
  };
}

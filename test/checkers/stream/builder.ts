/**
 * Hand-built stream histories for tests: each call appends an invocation and its completion
 * (in that order, one op at a time unless `open` is used), with times 1 ns apart.
 */
import type { History, Op, OpType, ProcessId } from '../../../core/op.js';

type Recs = Record<string, [number, number][]>;

/** A tiny history builder. */
export class StreamHistory {
  readonly ops: History = [];

  private push(process: ProcessId, type: OpType, f: string, value: unknown, error?: string): number {
    const index = this.ops.length;
    const op: Op = { index, time: index * 1_000_000, process, type, f, value };
    if (error !== undefined) op.error = error;
    this.ops.push(op);
    return index;
  }

  /** Invokes only (the op never completes). Returns the invocation's index. */
  open(process: ProcessId, f: string, value: unknown): number {
    return this.push(process, 'invoke', f, value);
  }

  /** Completes an op opened with {@link open}. Returns the completion's index. */
  close(process: ProcessId, type: Exclude<OpType, 'invoke'>, f: string, value: unknown): number {
    return this.push(process, type, f, value, type === 'ok' ? undefined : 'test');
  }

  /** A send of `value` to `key`; `offset` undefined = no acknowledgement. Returns the completion index. */
  send(process: ProcessId, key: string, value: number, offset?: number, type: Exclude<OpType, 'invoke'> = 'ok'): number {
    this.open(process, 'send', [['send', key, value]]);
    return this.close(process, type, 'send', [['send', key, offset === undefined ? value : [offset, value]]]);
  }

  /** A poll returning `recs`. Returns the completion index. */
  poll(process: ProcessId, recs: Recs, type: Exclude<OpType, 'invoke'> = 'ok'): number {
    this.open(process, 'poll', [['poll']]);
    return this.close(process, type, 'poll', [['poll', recs]]);
  }

  /** A txn: send `value` to `key` (acknowledged at `offset`), then a poll returning `recs`. */
  txn(process: ProcessId, key: string, value: number, offset: number, recs: Recs): number {
    this.open(process, 'txn', [['send', key, value], ['poll']]);
    return this.close(process, 'ok', 'txn', [['send', key, [offset, value]], ['poll', recs]]);
  }

  /** An ok assign or subscribe of `keys`. */
  hold(process: ProcessId, f: 'assign' | 'subscribe', keys: string[]): number {
    this.open(process, f, keys);
    return this.close(process, 'ok', f, keys);
  }
}

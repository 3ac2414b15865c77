/**
 * The `memory` system's log for the `queue` workload (op shapes: checkers/stream/ops.ts): one
 * append-only log per key, shared by the run's clients, and per connection a consumer (keys
 * held by `assign` or `subscribe`, positions). `assign` resumes a key where this consumer last
 * read it (else at offset 0); `subscribe` reads from the group's shared position. A `txn`'s
 * poll does not see its own sends. `crash` drops the consumer state and completes `info`.
 *
 * Fault (`--memory-stale-reads p`): a poll served by a node other than the first drops, with
 * probability p, one record from the middle of a key's batch while moving past it — a lagging
 * replica skipping a record, which the stream checker must report.
 */
import type { Op } from '../../core/op.js';
import type { Completion } from '../../core/plugins.js';
import type { Rng } from '../../core/generator/index.js';
import type { MemoryState } from './state.js';

/** Most records per key a poll returns. */
export const MEMORY_POLL_MAX = 50;

/** The run's logs and consumer-group positions. */
export class MemoryLog {
  readonly logs = new Map<string, number[]>();
  readonly group = new Map<string, number>();

  /** The log of `key` (created empty). */
  log(key: string): number[] {
    let l = this.logs.get(key);
    if (l === undefined) this.logs.set(key, (l = []));
    return l;
  }
}

const logs = new WeakMap<MemoryState, MemoryLog>();

/** The log of the run `state` belongs to (created on first use). */
export function memoryLogOf(state: MemoryState): MemoryLog {
  let l = logs.get(state);
  if (l === undefined) logs.set(state, (l = new MemoryLog()));
  return l;
}

type Mop = readonly unknown[];

/** One connection's consumer. Mutable. */
export class MemoryConsumer {
  private held = new Map<string, 'assign' | 'subscribe'>();
  private next = new Map<string, number>();

  /**
   * @param skipRate probability that a poll drops a record (0 = a correct log)
   */
  constructor(
    private readonly log: MemoryLog,
    private readonly rng: Rng,
    private readonly skipRate: number,
  ) {}

  /** Applies one queue op atomically. */
  apply(op: Op): Completion {
    switch (op.f) {
      case 'assign':
      case 'subscribe': {
        const keys = Array.isArray(op.value) ? op.value.filter((k): k is string => typeof k === 'string') : [];
        this.held = new Map(keys.map((k) => [k, op.f as 'assign' | 'subscribe']));
        return { type: 'ok', value: keys };
      }
      case 'crash':
        this.held = new Map();
        this.next = new Map();
        return { type: 'info', value: null, error: 'crashed on purpose: consumer state dropped' };
      case 'send':
      case 'poll':
      case 'txn': {
        const mops = Array.isArray(op.value) ? (op.value as Mop[]) : [];
        // polls first: a transaction does not read its own uncommitted sends
        const polled = mops.map((m) => (Array.isArray(m) && m[0] === 'poll' ? this.poll() : undefined));
        const value = mops.map((m, i) => {
          if (!Array.isArray(m)) return m;
          if (m[0] === 'poll') return ['poll', polled[i]];
          if (m[0] === 'send' && typeof m[1] === 'string') {
            const log = this.log.log(m[1]);
            log.push(m[2] as number);
            return ['send', m[1], [log.length - 1, m[2]]];
          }
          return m;
        });
        return { type: 'ok', value };
      }
      default:
        return { type: 'fail', value: op.value, error: `memory system: unknown queue op ${JSON.stringify(op.f)}` };
    }
  }

  private poll(): Record<string, [number, number][]> {
    const out: Record<string, [number, number][]> = {};
    for (const [key, mode] of [...this.held].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const log = this.log.log(key);
      const from = mode === 'subscribe' ? (this.log.group.get(key) ?? 0) : (this.next.get(key) ?? 0);
      const to = Math.min(log.length, from + MEMORY_POLL_MAX);
      if (to <= from) continue;
      const recs: [number, number][] = [];
      for (let o = from; o < to; o++) recs.push([o, log[o]]);
      if (recs.length >= 3 && this.skipRate > 0 && this.rng.float() < this.skipRate) recs.splice(1 + this.rng.int(recs.length - 2), 1);
      if (mode === 'subscribe') this.log.group.set(key, to);
      this.next.set(key, to);
      out[key] = recs;
    }
    return out;
  }
}

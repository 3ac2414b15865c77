/**
 * The `memory` system's client: each op waits a random 0–1 ms, is applied atomically, waits
 * again, and returns (so ops of different threads overlap). A killed node answers `fail`
 * (nothing was applied); a paused node holds the op until resumed or aborted.
 */
import type { Op } from '../../core/op.js';
import type { Client, ClientConn, Completion, RunContext } from '../../core/plugins.js';
import { bankSettings } from '../../workloads/bank.js';
import { memoryOptions, memoryStateOf } from './db.js';
import { MemoryConsumer, memoryLogOf } from './queue.js';
import type { MemoryState } from './state.js';

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

class MemoryConn implements ClientConn {
  constructor(
    private readonly state: MemoryState,
    private readonly node: string,
    private readonly workload: string,
    /** The consumer of a `queue` connection. */
    private readonly consumer?: MemoryConsumer,
  ) {}

  async invoke(op: Op, signal: AbortSignal): Promise<Completion> {
    if (this.state.isDown(this.node)) return { type: 'fail', value: op.value, error: `${this.node} is down: connection refused` };
    await this.state.gate(this.node);
    await pause(this.state.rng.int(2), signal);
    if (this.state.isDown(this.node)) return { type: 'fail', value: op.value, error: `${this.node} is down: connection refused` };
    const c = this.consumer !== undefined ? this.consumer.apply(op) : this.state.apply(op, this.node, this.workload);
    await pause(this.state.rng.int(2), signal);
    return c;
  }

  async close(): Promise<void> {}
}

/**
 * A client of the memory system for `workload` (`register`, `set`, `bank` or `queue`; a bank
 * client creates the accounts from the run's options when it is the first to connect; a queue
 * connection is one consumer of the run's log, see ./queue.ts).
 */
export function memoryClient(workload: string): Client {
  return {
    async open(ctx: RunContext, node: string): Promise<ClientConn> {
      const state = memoryStateOf(ctx);
      if (workload === 'bank') state.bank.open(bankSettings(ctx.options));
      if (workload === 'queue') {
        const skipRate = node === ctx.nodes[0] ? 0 : memoryOptions(ctx.options).staleReads;
        return new MemoryConn(state, node, workload, new MemoryConsumer(memoryLogOf(state), state.rng, skipRate));
      }
      return new MemoryConn(state, node, workload);
    },
  };
}

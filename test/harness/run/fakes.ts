/** Test doubles for the interpreter and pipeline: contexts, clients, nemeses, history sinks. */
import { silentLog } from '../../../core/log.js';
import type { Op } from '../../../core/op.js';
import type { Client, ClientConn, Completion, Nemesis, RunContext } from '../../../core/plugins.js';
import type { HistorySink } from '../../../harness/run/interpreter.js';
import { nodeNames, stubCluster } from '../../../core/stub-cluster.js';

/** A run context over `n` in-process nodes. */
export function fakeContext(n = 3, signal: AbortSignal = new AbortController().signal, runDir = '/nonexistent'): RunContext {
  const nodes = nodeNames(n);
  return { nodes, cluster: stubCluster(nodes), addresses: Object.fromEntries(nodes.map((x) => [x, x])), log: silentLog, runDir, options: {}, signal };
}

/** A history sink in memory that counts flushes and remembers what each flush wrote. */
export class MemorySink implements HistorySink {
  readonly ops: Op[] = [];
  flushed = 0;
  flushes = 0;
  append(op: Op): void {
    this.ops.push(structuredClone(op));
  }
  async flush(): Promise<void> {
    this.flushes++;
    this.flushed = this.ops.length;
  }
}

/** What a scripted client does with one op. */
export type Behaviour = (op: Op, signal: AbortSignal) => Promise<Completion> | Completion;

/** A client whose every op is answered by `behave`; counts opens and closes per node. */
export class ScriptedClient implements Client {
  opens: string[] = [];
  closes = 0;
  constructor(private readonly behave: Behaviour, private readonly openFails?: (node: string) => boolean) {}
  async open(_ctx: RunContext, node: string): Promise<ClientConn> {
    if (this.openFails?.(node)) throw new Error(`connection refused by ${node}`);
    this.opens.push(node);
    return {
      invoke: async (op, signal) => this.behave(op, signal),
      close: async () => {
        this.closes++;
      },
    };
  }
}

/** Resolves never, but rejects when `signal` aborts. */
export function hang(signal: AbortSignal): Promise<Completion> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
}

/** A nemesis that records its ops and what the sink had flushed when each began. */
export class FakeNemesis implements Nemesis {
  readonly name = 'fake';
  readonly fs = ['start-fault', 'stop-fault'];
  seen: { f: string; flushedBefore: number; index: number }[] = [];
  tornDown = 0;
  constructor(private readonly sink?: MemorySink, private readonly fail = false) {}
  async setup(): Promise<void> {}
  async invoke(_ctx: RunContext, op: Op): Promise<{ value: unknown; error?: string }> {
    this.seen.push({ f: op.f, flushedBefore: this.sink?.flushed ?? 0, index: op.index });
    await new Promise((r) => setTimeout(r, 5));
    if (this.fail) throw new Error('iptables: permission denied');
    return { value: { did: op.f } };
  }
  async teardown(): Promise<void> {
    this.tornDown++;
  }
}

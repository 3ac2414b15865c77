/**
 * For unit tests: a RunContext over a fake cluster whose remotes run nothing and record, per
 * node, every command they were given (argv joined by spaces, or the script text).
 */
import type { Cluster } from '../../clusters/cluster.js';
import type { Command, ExecResult, Remote } from '../../core/remote.js';
import type { RunContext } from '../../core/plugins.js';

/** What {@link recordingContext} builds the context from. */
export interface RecordingOptions {
  nodes: readonly string[];
  /** Node → address. Default none. */
  addresses?: Readonly<Record<string, string>>;
  /** `options.seed` of the context. */
  seed: number;
  /** Nodes whose every exec throws `<node> unreachable`. Default none. */
  failOn?: readonly string[];
  /** The stdout a command gets (node, command text). Default empty. */
  reply?: (node: string, command: string) => string;
}

/** A context over a recording fake cluster, and the commands recorded per node. */
export function recordingContext(o: RecordingOptions): { ctx: RunContext; scripts: Map<string, string[]> } {
  const nodes = [...o.nodes];
  const scripts = new Map<string, string[]>(nodes.map((n) => [n, []]));
  const remote = (node: string): Remote => ({
    node, via: 'fake',
    async exec(cmd: Command): Promise<ExecResult> {
      if (o.failOn?.includes(node)) throw new Error(`${node} unreachable`);
      const text = Array.isArray(cmd) ? cmd.join(' ') : (cmd as { script: string }).script;
      scripts.get(node)!.push(text);
      return { stdout: o.reply?.(node, text) ?? '', stderr: '', exitCode: 0 };
    },
    async upload() {}, async download() {}, async close() {},
  });
  const cluster: Cluster = { nodes, remote, async close() {} };
  const ctx: RunContext = { nodes, cluster, addresses: o.addresses ?? {}, log: () => {}, runDir: '/tmp/x', options: { seed: o.seed }, signal: new AbortController().signal };
  return { ctx, scripts };
}

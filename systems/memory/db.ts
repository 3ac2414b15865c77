/**
 * The `memory` system's DB: "setting up" a node creates the run's {@link MemoryState} (once per
 * run, shared by all nodes), teardown drops it. Killable (a killed node refuses ops) and
 * Pausable (a paused node holds ops until resumed), so process faults can be tried without
 * containers.
 */
import type { DB, Killable, Pausable, RunContext } from '../../core/plugins.js';
import { MemoryState } from './state.js';

/** Live states, by run folder. */
const states = new Map<string, MemoryState>();

/** The state of the run `ctx` belongs to. @throws Error when the DB is not set up */
export function memoryStateOf(ctx: RunContext): MemoryState {
  const s = states.get(ctx.runDir);
  if (s === undefined) throw new Error(`memory system: not set up for run ${ctx.runDir}`);
  return s;
}

/** Reads the memory options from a run's options: stale-read probability (0 = off) and seed. */
export function memoryOptions(options: Readonly<Record<string, unknown>>): { staleReads: number; seed: number } {
  const p = options.memoryStaleReads;
  const seed = options.seed;
  return {
    staleReads: typeof p === 'number' ? p : p === true ? 0.5 : 0,
    seed: typeof seed === 'number' && Number.isSafeInteger(seed) ? seed : 0,
  };
}

/** The memory system's DB; see the module documentation. */
export class MemoryDB implements DB, Killable, Pausable {
  readonly name = 'memory';

  async setup(ctx: RunContext, node: string): Promise<void> {
    if (!states.has(ctx.runDir)) {
      const { staleReads, seed } = memoryOptions(ctx.options);
      states.set(ctx.runDir, new MemoryState({ nodes: ctx.nodes, staleReads, seed }));
    }
    memoryStateOf(ctx).setDown(node, false);
  }

  async teardown(ctx: RunContext): Promise<void> {
    states.delete(ctx.runDir);
  }

  async version(): Promise<string> {
    return 'in-process';
  }

  async kill(ctx: RunContext, node: string): Promise<void> {
    memoryStateOf(ctx).setDown(node, true);
  }

  async start(ctx: RunContext, node: string): Promise<void> {
    memoryStateOf(ctx).setDown(node, false);
  }

  async pause(ctx: RunContext, node: string): Promise<void> {
    memoryStateOf(ctx).pause(node);
  }

  async resume(ctx: RunContext, node: string): Promise<void> {
    memoryStateOf(ctx).resume(node);
  }
}

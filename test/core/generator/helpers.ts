/** Small helpers shared by the generator tests. */
import type { Op } from '../../../core/op.js';
import { simulate, type GenLike, type SimulateOptions } from '../../../core/generator/index.js';

/** Simulates with defaults: 3 client threads, a nemesis, seed 1. */
export function run(gen: GenLike, opts: Partial<SimulateOptions> = {}): Op[] {
  return simulate(gen, { threads: 3, seed: 1, ...opts });
}

/** The invocations of a history. */
export function invokes(h: readonly Op[]): Op[] {
  return h.filter((o) => o.type === 'invoke');
}

/** The `f`s of a history's invocations, in order. */
export function fs(h: readonly Op[]): string[] {
  return invokes(h).map((o) => o.f);
}

/**
 * Checks what every history must satisfy and returns a list of problems (empty = fine):
 * indexes 0..n-1, times non-decreasing, at most one op in flight per process, completions
 * match an open invocation, no op from a process after its `info`, and client process ids
 * congruent to their thread.
 */
export function wellFormed(h: readonly Op[], threads: number): string[] {
  const problems: string[] = [];
  const open = new Map<string, Op>();
  const dead = new Set<string>();
  const threadBusy = new Set<string>();
  let last = -Infinity;
  h.forEach((o, i) => {
    if (o.index !== i) problems.push(`index ${o.index} at ${i}`);
    if (o.time < last) problems.push(`time goes back at ${i}`);
    last = o.time;
    const p = String(o.process);
    const thread = o.process === 'nemesis' ? 'nemesis' : String(o.process % threads);
    if (o.type === 'invoke') {
      if (dead.has(p)) problems.push(`process ${p} invoked after info at ${i}`);
      if (open.has(p)) problems.push(`process ${p} invoked twice at ${i}`);
      if (threadBusy.has(thread)) problems.push(`thread ${thread} busy at ${i}`);
      if (!Number.isInteger(o.time)) problems.push(`non-integer time ${o.time} at ${i}`);
      open.set(p, o);
      threadBusy.add(thread);
    } else {
      const inv = open.get(p);
      if (inv === undefined) problems.push(`completion without invocation at ${i}`);
      else if (inv.f !== o.f) problems.push(`completion f ${o.f} ≠ ${inv.f} at ${i}`);
      open.delete(p);
      threadBusy.delete(thread);
      if (o.type === 'info' && o.process !== 'nemesis') dead.add(p);
    }
  });
  if (open.size > 0) problems.push(`${open.size} ops never completed`);
  return problems;
}

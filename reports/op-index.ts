/**
 * Mapping history indexes to the index of their op's invocation: checkers name ops by their
 * completion's index (stream anomalies, bank reads), the report's timeline keys ops by their
 * invocation's index. Pure; one pass over the history.
 */
import type { History, ProcessId } from '../core/op.js';

/**
 * For each index in `wanted` that is a client op's invocation or completion, the index of that
 * op's invocation (an invocation maps to itself). Indexes that are neither (nemesis ops,
 * unknown indexes) are absent from the result. Pure; linear in the history.
 */
export function invocationIndexes(history: History, wanted: Iterable<number>): Map<number, number> {
  const want = new Set(wanted);
  const out = new Map<number, number>();
  if (want.size === 0) return out;
  const open = new Map<ProcessId, number>();
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    if (op.type === 'invoke') {
      open.set(op.process, op.index);
      if (want.has(op.index)) out.set(op.index, op.index);
      continue;
    }
    const inv = open.get(op.process);
    open.delete(op.process);
    if (inv !== undefined && want.has(op.index)) out.set(op.index, inv);
  }
  return out;
}

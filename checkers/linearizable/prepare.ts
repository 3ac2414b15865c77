/**
 * From a history to the independent groups of {@link ModelOp}s the search checks: pairs each
 * invocation with its process's next completion, applies the model's meaning of `fail`, drops
 * what cannot matter, and splits by `op.key` (P-compositionality). Pure.
 */
import type { History, Op } from '../../core/op.js';
import type { Model, ModelOp, Outcome } from './model.js';
import { formatValue, valueKey } from './values.js';

/** One independent group of ops: a key's ops (or the whole history), by invocation order. */
export interface Partition {
  /** The key (`op.key`), or `null` for ops without one / when not split by key. */
  readonly key: string | number | null;
  readonly ops: readonly ModelOp[];
}

/** What {@link prepareHistory} found. */
export interface PreparedHistory {
  readonly partitions: readonly Partition[];
  /** Ops kept for the search, over all partitions. */
  readonly ops: number;
  /** True when some op carries a key. */
  readonly keyed: boolean;
}

/** A history the model cannot read (unknown function, malformed value); names the op. */
export class HistoryShapeError extends Error {
  override name = 'HistoryShapeError';
}

interface Completion {
  readonly op: Op;
  readonly pos: number;
}

interface Pending {
  readonly op: Op;
  readonly pos: number;
  /** Where the paired op goes in the output (invocation order). */
  readonly slot: number;
}

function toModelOp(inv: Pending, done: Completion | undefined, outcome: Outcome): ModelOp {
  // One literal of a fixed shape (key included even when undefined) keeps V8's objects fast.
  const info = outcome === 'info' || done === undefined;
  return {
    index: inv.op.index,
    process: inv.op.process,
    f: inv.op.f,
    key: inv.op.key ?? done?.op.key,
    input: inv.op.value ?? null,
    output: info ? undefined : (done.op.value ?? null),
    outcome,
    call: inv.pos,
    ret: info ? Infinity : done.pos,
  };
}

/**
 * Pairs invocations and completions of client processes (nemesis ops are ignored) into ops:
 * `ok` kept; `fail` dropped unless `model.failureIs(op)` is `'observe'`; `info` and
 * never-completed invocations become indeterminate (`outcome: 'info'`, `ret: Infinity`), and
 * are dropped when read-only. A completion with no open invocation is ignored.
 * Throws {@link HistoryShapeError} for a function the model does not know. Pure.
 */
export function pairOps(history: History, model: Model<unknown>): ModelOp[] {
  const fs = new Set(model.fs);
  const open = new Map<unknown, Pending>();
  const slots: (ModelOp | null)[] = [];
  const keep = (inv: Pending, done: Completion | undefined, outcome: Outcome): void => {
    if (!fs.has(inv.op.f)) {
      throw new HistoryShapeError(
        `op ${inv.op.index}: model ${model.name} has no function ${formatValue(inv.op.f)} (it knows ${model.fs.join(', ')})`,
      );
    }
    const shape = { f: inv.op.f, input: inv.op.value ?? null };
    if (outcome === 'fail' && (model.failureIs?.(shape) ?? 'drop') === 'drop') return;
    const op = toModelOp(inv, done, outcome);
    if (outcome === 'info' && model.readOnly?.(op) === true) return;
    slots[inv.slot] = op;
  };
  for (let pos = 0; pos < history.length; pos++) {
    const op = history[pos];
    if (op.process === 'nemesis' || typeof op.process !== 'number') continue;
    if (op.type === 'invoke') {
      const prev = open.get(op.process);
      if (prev !== undefined) keep(prev, undefined, 'info');
      open.set(op.process, { op, pos, slot: slots.length });
      slots.push(null);
      continue;
    }
    const inv = open.get(op.process);
    if (inv === undefined) continue;
    open.delete(op.process);
    keep(inv, { op, pos }, op.type === 'ok' ? 'ok' : op.type === 'fail' ? 'fail' : 'info');
  }
  for (const inv of open.values()) keep(inv, undefined, 'info');
  return slots.filter((o): o is ModelOp => o !== null);
}

/**
 * Pairs the history's ops ({@link pairOps}) and groups them: by `op.key` when `splitByKey`
 * and some op has a key (ops without one form a group of their own), then by the model's own
 * `partition`, if any. Groups keep first-appearance order. Pure.
 */
export function prepareHistory(
  history: History,
  model: Model<unknown>,
  splitByKey: boolean,
): PreparedHistory {
  const ops = pairOps(history, model);
  const keyed = ops.some((op) => op.key !== undefined);
  const groups: Partition[] = [];
  if (splitByKey && keyed) {
    const byKey = new Map<string | number, { key: string | number | null; ops: ModelOp[] }>();
    for (const op of ops) {
      const k = op.key === undefined ? '\u0000none' : valueKey(op.key);
      let g = byKey.get(k);
      if (g === undefined) {
        g = { key: op.key ?? null, ops: [] };
        byKey.set(k, g);
      }
      g.ops.push(op);
    }
    groups.push(...byKey.values());
  } else {
    groups.push({ key: null, ops });
  }
  const partitions: Partition[] = [];
  for (const g of groups) {
    const parts = model.partition === undefined ? [g.ops] : model.partition(g.ops);
    for (const p of parts) partitions.push({ key: g.key, ops: p });
  }
  return { partitions, ops: ops.length, keyed };
}

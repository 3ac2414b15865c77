/**
 * Test oracle: decides linearizability by trying every order of every admissible subset of ops
 * that respects real time, with no cache and no cleverness. Pairs invocations and completions
 * itself; uses only the models' `init`, `step`, `failureIs` (the sequential specification).
 * Exponential: for histories of a handful of ops.
 */
import type { History } from '../../../core/op.js';
import type { Model, ModelOp } from '../../../checkers/linearizable/model.js';

interface BfOp {
  op: ModelOp;
  /** Must be placed (ok, or a failure the model observes); else optional (indeterminate). */
  must: boolean;
  call: number;
  ret: number;
}

function pair(history: History, model: Model<unknown>): BfOp[] {
  const open = new Map<number, { pos: number; e: History[number] }>();
  const out: BfOp[] = [];
  const add = (inv: { pos: number; e: History[number] }, done: { pos: number; e: History[number] } | null): void => {
    const type = done?.e.type ?? 'info';
    const outcome = type === 'ok' ? 'ok' : type === 'fail' ? 'fail' : 'info';
    const op: ModelOp = {
      index: inv.e.index,
      process: inv.e.process,
      f: inv.e.f,
      input: inv.e.value ?? null,
      output: outcome === 'info' ? undefined : (done?.e.value ?? null),
      outcome,
      call: inv.pos,
      ret: outcome === 'info' ? Infinity : (done?.pos ?? Infinity),
      ...(inv.e.key === undefined ? {} : { key: inv.e.key }),
    };
    if (outcome === 'fail' && (model.failureIs?.(op) ?? 'drop') === 'drop') return;
    out.push({ op, must: outcome !== 'info', call: op.call, ret: op.ret });
  };
  history.forEach((e, pos) => {
    if (typeof e.process !== 'number') return;
    if (e.type === 'invoke') {
      const prev = open.get(e.process);
      if (prev !== undefined) add(prev, null);
      open.set(e.process, { pos, e });
      return;
    }
    const inv = open.get(e.process);
    if (inv === undefined) return;
    open.delete(e.process);
    add(inv, { pos, e });
  });
  for (const inv of open.values()) add(inv, null);
  return out;
}

/** True when `history` is linearizable under `model`, each key its own object. */
export function bruteForceLinearizable(history: History, model: Model<unknown>): boolean {
  const ops = pair(history, model);
  const placed = new Array<boolean>(ops.length).fill(false);
  const states = new Map<string, unknown>();
  const keyOf = (o: BfOp): string => JSON.stringify(o.op.key ?? null);
  const mustLeft = (): boolean => ops.some((o, i) => o.must && !placed[i]);
  const dfs = (): boolean => {
    if (!mustLeft()) return true;
    for (let i = 0; i < ops.length; i++) {
      if (placed[i]) continue;
      const x = ops[i];
      // real time: no unplaced op may have completed before x was invoked
      if (ops.some((y, j) => !placed[j] && j !== i && y.ret < x.call)) continue;
      const k = keyOf(x);
      const before = states.has(k) ? states.get(k) : model.init();
      const after = model.step(before, x.op);
      if (after === undefined) continue;
      const had = states.has(k);
      states.set(k, after);
      placed[i] = true;
      const ok = dfs();
      placed[i] = false;
      if (had) states.set(k, before);
      else states.delete(k);
      if (ok) return true;
    }
    return false;
  };
  return dfs();
}

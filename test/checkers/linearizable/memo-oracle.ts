/**
 * Test oracle for medium-sized histories: a plain depth-first search over linearization
 * prefixes with a memo of (set of ops placed, state) written as strings. No read-first rule,
 * no reachability pruning, no compact sets: slow, but simple enough to trust. Uses the brute
 * force's pairing rules and only the models' `init`, `step` and `stateKey`.
 */
import type { History } from '../../../core/op.js';
import type { Model, ModelOp } from '../../../checkers/linearizable/model.js';
import { pairOps } from '../../../checkers/linearizable/prepare.js';

/** True when `history` is linearizable under `model` (one key). */
export function memoOracle(history: History, model: Model<unknown>): boolean {
  // Pairing is tested on its own (prepare.test.ts); dropped read-only indeterminate ops are
  // harmless to drop, so the oracle may share it.
  const ops: readonly ModelOp[] = pairOps(history, model);
  const placed = new Array<boolean>(ops.length).fill(false);
  const seen = new Set<string>();
  const dfs = (state: unknown, left: number): boolean => {
    if (left === 0) return true;
    const key = `${placed.map((p) => (p ? 1 : 0)).join('')}|${JSON.stringify(model.stateKey(state))}`;
    if (seen.has(key)) return false;
    seen.add(key);
    // the first completion among unplaced ops bounds which ops may come next
    let firstRet = Infinity;
    ops.forEach((o, i) => {
      if (!placed[i] && o.ret < firstRet) firstRet = o.ret;
    });
    for (let i = 0; i < ops.length; i++) {
      if (placed[i] || ops[i].call > firstRet) continue;
      const next = model.step(state, ops[i]);
      if (next === undefined) continue;
      placed[i] = true;
      const ok = dfs(next, left - (ops[i].outcome === 'info' ? 0 : 1));
      placed[i] = false;
      if (ok) return true;
    }
    return false;
  };
  return dfs(model.init(), ops.filter((o) => o.outcome !== 'info').length);
}

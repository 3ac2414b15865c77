/**
 * {@link byKey}: the product of one model per key, for histories over independent keys that
 * are checked WITHOUT splitting by key (`splitByKey: false`). Each key starts in the base
 * model's initial state; an op moves only its own key.
 *
 * For speed, one product instance numbers the keys and interns the per-key states;
 * a product state is then a short array of per-key state ids with an incrementally kept hash.
 * These internal tables only grow and never change an answer, so the model stays pure.
 */
import { Interner } from '../interner.js';
import type { Model, ModelOp } from '../model.js';
import { formatValue, valueKey } from '../values.js';

/** The product state: per key (by first-seen key number), the interned id of its state. */
export interface KeyedState {
  /** Per key number, the id of the key's state (0 = initial); may be shorter than the key count. */
  readonly subs: readonly number[];
  /** XOR over keys of a mix of (key number, state id), zero-state keys contributing nothing. */
  readonly hash: number;
}

/** What the product remembers about one op. */
interface OpInfo {
  readonly k: number;
  readonly guard: number;
  /** Per-key state id before → after (-1: the op cannot happen there). */
  readonly moves: Map<number, number>;
}

const EMPTY: KeyedState = { subs: [], hash: 0 };

function mixPair(k: number, id: number): number {
  if (id === 0) return 0;
  let h = Math.imul(k + 1, 0x9e3779b1) ^ Math.imul(id, 0x85ebca77);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d);
}

/**
 * Wraps `base` into a model of many independent keys (`op.key`; a missing key counts as one
 * key of its own). The result has the base's name; call `byKey` once per check. Pure as a
 * model (its interning tables are invisible in results).
 */
export function byKey<S>(base: Model<S>): Model<KeyedState> {
  const keyIds = new Map<string | number, number>();
  const keyNames: (string | number | null)[] = [];
  const subs = new Interner(base);
  subs.intern(base.init());
  /** Per op (by history index): its key number, its guard's state id or -1, its transitions. */
  const opInfo = new Map<number, OpInfo>();
  const infoOf = (op: ModelOp): OpInfo => {
    let info = opInfo.get(op.index);
    if (info !== undefined) return info;
    const name = op.key ?? null;
    const canon = name === null ? '\u0000none' : valueKey(name);
    let k = keyIds.get(canon);
    if (k === undefined) {
      k = keyNames.length;
      keyNames.push(name);
      keyIds.set(canon, k);
    }
    const g = base.readOnly?.(op) === true ? base.guard?.(op) : undefined;
    info = { k, guard: g !== undefined && 'only' in g ? subs.intern(g.only) : -1, moves: new Map() };
    opInfo.set(op.index, info);
    return info;
  };
  return {
    name: base.name,
    fs: base.fs,
    init: () => EMPTY,
    step(state, op) {
      const { k, guard, moves } = infoOf(op);
      const cur = k < state.subs.length ? state.subs[k] : 0;
      if (guard >= 0) return guard === cur ? state : undefined;
      let id = moves.get(cur);
      if (id === undefined) {
        const next = base.step(subs.states[cur], op);
        id = next === undefined ? -1 : subs.intern(next);
        moves.set(cur, id);
      }
      if (id < 0) return undefined;
      if (id === cur) return state;
      const ids = state.subs.slice();
      while (ids.length <= k) ids.push(0);
      ids[k] = id;
      while (ids.length > 0 && ids[ids.length - 1] === 0) ids.pop();
      return { subs: ids, hash: state.hash ^ mixPair(k, cur) ^ mixPair(k, id) };
    },
    stateKey: (state) => state.subs.join(','),
    stateHash: (state) => state.hash,
    stateEquals(a, b) {
      if (a.subs.length !== b.subs.length) return false;
      for (let i = 0; i < a.subs.length; i++) if (a.subs[i] !== b.subs[i]) return false;
      return true;
    },
    failureIs: base.failureIs?.bind(base),
    readOnly: base.readOnly?.bind(base),
    describeOp: (op) => base.describeOp(op),
    describeState(state) {
      const parts: string[] = [];
      state.subs.forEach((id, k) => {
        if (id !== 0) parts.push(`[${formatValue(keyNames[k])}] ${base.describeState(subs.states[id])}`);
      });
      return parts.length === 0 ? `every key: ${base.describeState(base.init())}` : parts.join('; ');
    },
  };
}

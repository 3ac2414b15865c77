/**
 * {@link byKey}: the product of one model per key, for histories over independent keys that
 * are checked WITHOUT splitting by key (e.g. `splitByKey: false`). Each key starts in the base
 * model's initial state; an op moves only its own key.
 */
import type { Model, ModelOp } from '../model.js';
import { formatValue, valueKey } from '../values.js';

/** The product state: the keys not in their initial state, sorted by canonical key. */
export interface KeyedState<S> {
  /** Canonical keys (see `valueKey`), sorted. */
  readonly keys: readonly string[];
  /** The op keys themselves, for display, parallel to `keys`. */
  readonly names: readonly (string | number)[];
  readonly states: readonly S[];
  /** Cached identity of the whole product state. */
  readonly id: string;
}

function find(keys: readonly string[], k: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Wraps `base` into a model of many independent keys (`op.key`; a missing key is one key of
 * its own). The result's name is the base's. Pure; states are never mutated.
 */
export function byKey<S>(base: Model<S>): Model<KeyedState<S>> {
  const initKey = base.stateKey(base.init());
  const empty: KeyedState<S> = { keys: [], names: [], states: [], id: '' };
  const subKey = (s: S): string => JSON.stringify(base.stateKey(s));
  return {
    name: base.name,
    fs: base.fs,
    init: () => empty,
    step(state, op: ModelOp) {
      const name = op.key ?? '';
      const k = String(valueKey(name));
      const i = find(state.keys, k);
      const present = state.keys[i] === k;
      const next = base.step(present ? state.states[i] : base.init(), op);
      if (next === undefined) return undefined;
      const keys = [...state.keys];
      const names = [...state.names];
      const states = [...state.states];
      const atInit = base.stateKey(next) === initKey;
      if (present && atInit) {
        keys.splice(i, 1);
        names.splice(i, 1);
        states.splice(i, 1);
      } else if (present) {
        states[i] = next;
      } else if (!atInit) {
        keys.splice(i, 0, k);
        names.splice(i, 0, name);
        states.splice(i, 0, next);
      } else {
        return state;
      }
      const id = keys.map((key, j) => `${JSON.stringify(key)}:${subKey(states[j])}`).join(',');
      return { keys, names, states, id };
    },
    stateKey: (state) => state.id,
    failureIs: base.failureIs?.bind(base),
    readOnly: base.readOnly?.bind(base),
    describeOp: (op) => base.describeOp(op),
    describeState(state) {
      if (state.keys.length === 0) return `every key: ${base.describeState(base.init())}`;
      return state.names
        .map((name, j) => `[${formatValue(name)}] ${base.describeState(state.states[j])}`)
        .join('; ');
    },
  };
}

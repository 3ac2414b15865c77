/**
 * The `set` model: `add` v inserts v; `read` returns every element (ok value = an array, order
 * and duplicates ignored). Starts empty.
 */
import { describeCall, type Model } from '../model.js';
import { formatValue, valueKey } from '../values.js';

/** A set's state: its elements sorted by their canonical keys, no duplicates. Never mutated. */
export interface SetState {
  readonly keys: readonly string[];
  readonly values: readonly unknown[];
}

const EMPTY: SetState = { keys: [], values: [] };

function elementKey(v: unknown): string {
  return String(valueKey(v));
}

/** The canonical (sorted, unique) keys of a read's result; null reads as empty. Pure. */
function readKeys(out: unknown): string {
  if (!Array.isArray(out)) return out === null || out === undefined ? '[]' : 'not a set';
  return JSON.stringify([...new Set(out.map(elementKey))].sort());
}

/** `set` with `v` added (the same object when already present). Pure. */
function addElement(set: SetState, v: unknown): SetState {
  const k = elementKey(v);
  let lo = 0;
  let hi = set.keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (set.keys[mid] < k) lo = mid + 1;
    else hi = mid;
  }
  if (set.keys[lo] === k) return set;
  const keys = [...set.keys];
  const values = [...set.values];
  keys.splice(lo, 0, k);
  values.splice(lo, 0, v);
  return { keys, values };
}

/** Unordered set starting empty. */
export const setModel: Model<SetState> = {
  name: 'set',
  fs: ['add', 'read'],
  init: () => EMPTY,
  step(set, op) {
    if (op.f === 'read') {
      return op.outcome === 'info' || readKeys(op.output) === JSON.stringify(set.keys) ? set : undefined;
    }
    if (op.f !== 'add') return undefined;
    return addElement(set, op.input ?? null);
  },
  stateKey: (set) => JSON.stringify(set.keys),
  readOnly: (op) => op.f === 'read',
  guard(op) {
    if (op.f !== 'read' || !Array.isArray(op.output)) return undefined;
    let set = EMPTY;
    for (const v of op.output) set = addElement(set, v);
    return { only: set };
  },
  reachability: () => (from, to) => {
    // Elements are only ever added.
    let j = 0;
    for (const k of from.keys) {
      while (j < to.keys.length && to.keys[j] < k) j++;
      if (to.keys[j] !== k) return false;
    }
    return true;
  },
  describeOp(op) {
    if (op.f === 'read') return describeCall(op, undefined, formatValue(op.output));
    return describeCall(op, formatValue(op.input));
  },
  describeState: (set) => `set = #{${set.values.map((v) => formatValue(v)).join(' ')}}`,
};

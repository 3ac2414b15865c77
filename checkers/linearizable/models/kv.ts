/**
 * The key-value model (`kv`) for ONE key: `get` / `put` / `append` on a string that starts as
 * `""`. Histories over many keys are split by `op.key` first, or, when not split, checked with
 * `byKey` wrapped around this model.
 *
 * Op conventions: `get` (ok value = the string read; `null` reads as `""`), `put` v (replace),
 * `append` v (concatenate); values are strings (numbers are turned into their decimal text).
 */
import { describeCall, type Model, type ModelOp } from '../model.js';
import { EMPTY_HASH, rollHash } from '../rolling-hash.js';
import { formatValue } from '../values.js';

/** The key's string, with its rolling hash kept alongside so interning never rehashes it. */
export interface KvState {
  readonly text: string;
  readonly hash: number;
}

const EMPTY: KvState = { text: '', hash: EMPTY_HASH };

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}

/** The state holding exactly `s`. Pure. */
export function kvState(s: string): KvState {
  return s === '' ? EMPTY : { text: s, hash: rollHash(EMPTY_HASH, s) };
}

function keyPrefix(op: ModelOp): string {
  return op.key === undefined ? '' : `${formatValue(op.key)} `;
}

/** One key of a string key-value store. */
export const kvModel: Model<KvState> = {
  name: 'kv',
  fs: ['get', 'put', 'append'],
  init: () => EMPTY,
  step(state, op) {
    switch (op.f) {
      case 'get':
        return op.outcome === 'info' || state.text === text(op.output) ? state : undefined;
      case 'put':
        return kvState(text(op.input));
      case 'append': {
        const v = text(op.input);
        return v === '' ? state : { text: state.text + v, hash: rollHash(state.hash, v) };
      }
      default:
        return undefined;
    }
  },
  stateKey: (s) => s.text,
  stateHash: (s) => s.hash,
  stateEquals: (a, b) => a.text === b.text,
  readOnly: (op) => op.f === 'get',
  guard: (op) => (op.f === 'get' ? { only: kvState(text(op.output)) } : undefined),
  reachability(ops) {
    // Appends only extend the string; a put not yet placed may restart it from its value.
    const puts: number[] = [];
    ops.forEach((o, i) => {
      if (o.f === 'put') puts.push(i);
    });
    return (from, to, placed) => {
      if (to.text.startsWith(from.text)) return true;
      for (let j = puts.length - 1; j >= 0; j--) {
        if (!placed(puts[j]) && to.text.startsWith(text(ops[puts[j]].input))) return true;
      }
      return false;
    };
  },
  describeOp(op) {
    if (op.f === 'get') return describeCall(op, keyPrefix(op).trimEnd(), formatValue(text(op.output)));
    return describeCall(op, `${keyPrefix(op)}${formatValue(text(op.input))}`);
  },
  describeState: (s) => `kv = ${formatValue(s.text)}`,
};

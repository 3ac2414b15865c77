/**
 * Registers: `register` (read / write), `cas-register` (plus compare-and-set, a failed CAS
 * being an observation that the register held something else) and `cas-register-noop` (a
 * failed CAS did nothing and is dropped). The register starts absent (`null`, printed `nil`).
 *
 * Op conventions: `read` (invoke value null; ok value = value read, null = absent),
 * `write` (value v), `cas` (value `[expected, new]`).
 */
import { describeCall, type Model, type ModelOp } from '../model.js';
import { formatValue, sameValue, valueKey } from '../values.js';

/** A register's state: its value, `null` when absent. */
export type RegisterState = unknown;

interface RegisterFlavour {
  name: string;
  cas: boolean;
  failedCasObserves: boolean;
}

/** The `[expected, new]` pair of a cas op; throws a TypeError on any other shape. Pure. */
export function casArgs(op: Pick<ModelOp, 'input' | 'index'>): readonly [unknown, unknown] {
  const v = op.input;
  if (!Array.isArray(v) || v.length !== 2) {
    throw new TypeError(`op ${op.index}: cas value must be [expected, new], got ${formatValue(v)}`);
  }
  return [v[0] ?? null, v[1] ?? null];
}

function makeRegister(flavour: RegisterFlavour): Model<RegisterState> {
  return {
    name: flavour.name,
    fs: flavour.cas ? ['read', 'write', 'cas'] : ['read', 'write'],
    init: () => null,
    step(state, op) {
      switch (op.f) {
        case 'read':
          return op.outcome === 'info' || sameValue(state, op.output) ? state : undefined;
        case 'write':
          return op.input ?? null;
        case 'cas': {
          const [expected, next] = casArgs(op);
          const matches = sameValue(state, expected);
          if (op.outcome === 'ok') return matches ? next : undefined;
          if (op.outcome === 'fail') return matches ? undefined : state;
          return matches ? next : state;
        }
        default:
          return undefined;
      }
    },
    stateKey: valueKey,
    failureIs: (op) => (flavour.failedCasObserves && op.f === 'cas' ? 'observe' : 'drop'),
    readOnly: (op) => op.f === 'read' || (op.f === 'cas' && op.outcome === 'fail'),
    guard(op) {
      if (op.f === 'read') return { only: op.output ?? null };
      if (op.f === 'cas' && op.outcome === 'fail') return { except: casArgs(op)[0] };
      return undefined;
    },
    reachability(ops) {
      // A value can appear only if it is there already or an op not yet placed writes it.
      const writers = new Map<string | number, number[]>();
      ops.forEach((o, i) => {
        let v: unknown;
        if (o.f === 'write') v = o.input ?? null;
        else if (o.f === 'cas' && o.outcome !== 'fail') v = casArgs(o)[1];
        else return;
        const k = valueKey(v);
        const list = writers.get(k);
        if (list === undefined) writers.set(k, [i]);
        else list.push(i);
      });
      return (from, to, placed) => {
        if (sameValue(from, to)) return true;
        const list = writers.get(valueKey(to));
        if (list === undefined) return false;
        // newest first: the search places ops roughly in time order
        for (let j = list.length - 1; j >= 0; j--) if (!placed(list[j])) return true;
        return false;
      };
    },
    describeOp(op) {
      if (op.f === 'read') return describeCall(op, undefined, formatValue(op.output));
      return describeCall(op, formatValue(op.input));
    },
    describeState: (s) => `register = ${formatValue(s)}`,
  };
}

/** Read / write register starting at `null`. */
export const registerModel: Model<RegisterState> = makeRegister({
  name: 'register',
  cas: false,
  failedCasObserves: false,
});

/**
 * Compare-and-set register; a `fail` cas completion is kept as the observation "the register
 * held something other than `expected`" (what Jepsen's etcd histories require).
 */
export const casRegisterModel: Model<RegisterState> = makeRegister({
  name: 'cas-register',
  cas: true,
  failedCasObserves: true,
});

/** Compare-and-set register where a `fail` cas is a no-op and is dropped from the history. */
export const casRegisterNoopModel: Model<RegisterState> = makeRegister({
  name: 'cas-register-noop',
  cas: true,
  failedCasObserves: false,
});

/**
 * The sequential specification a history is checked against: a {@link Model}, and the
 * normalised operation ({@link ModelOp}) it steps over.
 */
import type { ProcessId } from '../../core/op.js';

/**
 * How an operation ended, as the search sees it:
 * - `ok`: it happened, `output` is its result;
 * - `fail`: it happened as an observation of failure (kept only for ops the model declares
 *   observations, e.g. a failed compare-and-set); other `fail` completions are dropped before
 *   the search;
 * - `info`: indeterminate (an `info` completion or no completion at all): it may take effect at
 *   any instant after its invocation, or never, and its output is unknown.
 */
export type Outcome = 'ok' | 'fail' | 'info';

/** One operation of a history, invocation and completion paired. Plain data (structured-cloneable). */
export interface ModelOp {
  /** History index of the invocation. */
  readonly index: number;
  readonly process: ProcessId;
  /** The function, e.g. `read`, `cas`, `append`. */
  readonly f: string;
  /** The key from the invocation (or the completion), when the op has one. */
  readonly key?: string | number;
  /** The invocation's value (the op's argument). */
  readonly input: unknown;
  /** The completion's value (the op's result); `undefined` when `outcome` is `info`. */
  readonly output: unknown;
  readonly outcome: Outcome;
  /** Position of the invocation in the history (0-based event position). */
  readonly call: number;
  /** Position of the completion in the history; `Infinity` when `outcome` is `info`. */
  readonly ret: number;
}

/**
 * A sequential data type: the specification of a linearizable object.
 *
 * All functions are pure. States are immutable values; {@link Model.stateKey} gives each state
 * a canonical identity so the checker can intern states to small integer ids.
 *
 * @typeParam S - the state type.
 */
export interface Model<S = unknown> {
  /** The name the checker is asked for, e.g. `cas-register`. */
  readonly name: string;
  /** The functions (`op.f`) this model understands; others make the check `unknown`. */
  readonly fs: readonly string[];
  /** The initial state. */
  init(): S;
  /**
   * The state after `op` runs in `state`, or `undefined` if `op` (with its observed output)
   * cannot happen in `state`. For an op whose outcome is `info` it must accept any output.
   * Must never return `undefined` as a legal state.
   */
  step(state: S, op: ModelOp): S | undefined;
  /** Canonical identity: equal states ⇔ equal keys (number or string). */
  stateKey(state: S): string | number;
  /**
   * Optional fast identity, used instead of {@link Model.stateKey} to intern states when
   * given together with {@link Model.stateEquals}: a cheap (e.g. incrementally kept) hash,
   * equal for equal states; collisions are resolved by `stateEquals`. For states whose key is
   * long to build (strings that grow, products of many keys).
   */
  stateHash?(state: S): number;
  /** Exact equality of states, with {@link Model.stateHash}. */
  stateEquals?(a: S, b: S): boolean;
  /**
   * What a `fail` completion of `op` means: `'drop'` (it did not happen; the default) or
   * `'observe'` (it happened, and its failure is an observation the model checks).
   */
  failureIs?(op: Pick<ModelOp, 'f' | 'input'>): 'drop' | 'observe';
  /**
   * True when `op` leaves the state unchanged in every state where it can happen (a read, a
   * failed-CAS observation, a dequeue that found the queue empty). Such ops are never branched
   * on: when one can happen now the search places it at once; indeterminate ones are dropped
   * before the search, since they constrain nothing. Must be exact, never a guess. Default: false.
   */
  readOnly?(op: Pick<ModelOp, 'f' | 'input' | 'output' | 'outcome'>): boolean;
  /**
   * Optional speed-up for a read-only op (asked only of ops `readOnly` accepts): the one state
   * it can happen in (`{ only: s }`), or the one state it cannot happen in (`{ except: s }`),
   * so the search tests it by comparing interned state ids instead of calling `step`; `only`
   * guards also feed the reachability look-ahead. Must agree with `step`. Default: none.
   */
  guard?(op: ModelOp): Guard<S> | undefined;
  /**
   * Optional pruning: for the ops of one partition, a conservative test of whether the ops not
   * yet placed (`placed(i)` is false for `ops[i]`) could lead from state `from` to state `to`.
   * It may answer true wrongly, never false wrongly. The search uses it to abandon a
   * configuration as soon as a read that must still happen wants a state that can no longer be
   * reached (e.g. a kv string that no longer starts with what is there, a set that lost an
   * element). Default: none.
   */
  reachability?(ops: readonly ModelOp[]): Reachability<S> | undefined;
  /**
   * Optional further split of one key's ops into independent groups (P-compositionality).
   * The checker splits by `op.key` before calling this. Default: one group.
   */
  partition?(ops: readonly ModelOp[]): readonly (readonly ModelOp[])[];
  /** The op without its process, e.g. `cas [3 0] → fail`, `read → 2`, `write 4 → info`. */
  describeOp(op: ModelOp): string;
  /** The state, e.g. `register = 2`. */
  describeState(state: S): string;
}

/** See {@link Model.reachability}. */
export type Reachability<S> = (from: S, to: S, placed: (i: number) => boolean) => boolean;

/** See {@link Model.guard}. */
export type Guard<S> = { readonly only: S } | { readonly except: S };

/**
 * Renders `f args → result` for {@link Model.describeOp}: the result is `info` for an
 * indeterminate op, else `result` when given, else the outcome (`ok` / `fail`). Pure.
 */
export function describeCall(op: ModelOp, args: string | undefined, result?: string): string {
  const head = args === undefined || args === '' ? op.f : `${op.f} ${args}`;
  const tail = op.outcome === 'info' ? 'info' : (result ?? op.outcome);
  return `${head} → ${tail}`;
}

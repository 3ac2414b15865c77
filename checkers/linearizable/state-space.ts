/**
 * Interned model states and a memo of transitions, so the search handles states as small
 * integers and rarely calls the model twice for the same (op, state) pair.
 */
import { Interner } from './interner.js';
import type { Model, ModelOp, Reachability } from './model.js';
import { NO_SLAB, type Slab } from './slab.js';

/** Returned by {@link StateSpace.step} when the op cannot happen in the state. */
export const ILLEGAL = -1;

/** Memo slots per op (a power of two), fewer for very long partitions to bound memory. */
function slotsPerOp(n: number): number {
  let k = 8;
  while (k > 1 && n * k > 1 << 22) k >>= 1;
  return k;
}

/**
 * States of one model met while checking one partition, numbered 0, 1, 2, … in order of
 * discovery (0 is the initial state), plus per-op facts (read-only, guard). Not thread-safe;
 * one per search.
 */
export class StateSpace<S> {
  /** `states[id]` is the state interned as `id`. */
  readonly states: S[];
  /** 1 where the model declares the op read-only (`Model.readOnly`). */
  readonly readOnly: Uint8Array;
  /** Interned guard state of a read-only op, or -1 when it has no guard (`Model.guard`). */
  readonly guardState: Int32Array;
  /** 1 when the guard is `only` (legal just in that state), 0 when `except`. */
  readonly guardOnly: Uint8Array;
  private readonly interner: Interner<S>;
  private readonly reach: Reachability<S> | undefined;
  /** Direct-mapped memo: slot `op * k + (from & (k - 1))` holds (from, to); from -1 = empty. */
  private readonly memoFrom: Int32Array;
  private readonly memoTo: Int32Array;
  private readonly k: number;

  constructor(
    private readonly model: Model<S>,
    private readonly ops: readonly ModelOp[],
    slab: Slab = NO_SLAB,
  ) {
    const n = ops.length;
    this.interner = new Interner(model, slab);
    this.states = this.interner.states;
    this.k = slotsPerOp(n);
    this.memoFrom = slab.i32(n * this.k).fill(-1);
    this.memoTo = slab.i32(n * this.k);
    this.readOnly = slab.u8(n);
    this.guardState = slab.i32(n).fill(-1);
    this.guardOnly = slab.u8(n);
    this.intern(model.init());
    this.reach = model.reachability?.(ops);
    for (let i = 0; i < n; i++) {
      if (model.readOnly?.(ops[i]) !== true) continue;
      this.readOnly[i] = 1;
      const g = model.guard?.(ops[i]);
      if (g === undefined) continue;
      if ('only' in g) {
        this.guardState[i] = this.intern(g.only);
        this.guardOnly[i] = 1;
      } else {
        this.guardState[i] = this.intern(g.except);
      }
    }
  }

  /** The id of `state`, interning it if new. */
  intern(state: S): number {
    return this.interner.intern(state);
  }

  /** True when the model has a reachability test ({@link StateSpace.mayReach} can say no). */
  get prunes(): boolean {
    return this.reach !== undefined;
  }

  /**
   * False only when state `to` can no longer be reached from state `from` (ids) by the ops
   * not yet placed (`placed(i)` tells whether op `i` is).
   */
  mayReach(from: number, to: number, placed: (i: number) => boolean): boolean {
    return this.reach === undefined || this.reach(this.states[from], this.states[to], placed);
  }

  /** The model's description of `op`, e.g. `cas [3 0] → fail`. */
  describeOp(op: ModelOp): string {
    return this.model.describeOp(op);
  }

  /** Bytes held by the memo and the interned states (an estimate for the memory budget). */
  get bytes(): number {
    return this.memoFrom.byteLength * 2 + this.states.length * 96;
  }

  /**
   * The id of the state after op number `op` runs in state `from`, or {@link ILLEGAL}.
   * Guarded read-only ops never call the model; others call it on a memo miss.
   */
  step(from: number, op: number): number {
    const g = this.guardState[op];
    if (g >= 0) return (this.guardOnly[op] === 1) === (g === from) ? from : ILLEGAL;
    const slot = op * this.k + (from & (this.k - 1));
    if (this.memoFrom[slot] === from) return this.memoTo[slot];
    const next = this.model.step(this.states[from], this.ops[op]);
    const to = next === undefined ? ILLEGAL : this.intern(next);
    this.memoFrom[slot] = from;
    this.memoTo[slot] = to;
    return to;
  }
}

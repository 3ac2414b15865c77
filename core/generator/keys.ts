/**
 * Independent keys: client threads split into groups, each group working through one key at
 * a time, so that a per-key (P-compositional) checker sees many short, concurrent histories.
 * Pure.
 */
import { ownsProcess, restrict, threadOfProcess, threadsOf, type Context, type Thread } from './context.js';
import { checkCount, GeneratorError } from './errors.js';
import { lift, type GenLike } from './lift.js';
import { earliest, isPending, pending, type Emit, type GenEvent, type Generator, type Step } from './types.js';

/** A key of an op. */
export type Key = string | number;

/** Options of {@link keyed}. */
export interface KeyedOptions {
  /** Client threads per group (per key at a time); a positive integer. The last group may be smaller. */
  threadsPerKey: number;
  /** The keys in the order groups take them: an array, or index → key (`undefined` = no more). Default 0, 1, 2, … */
  keys?: readonly Key[] | ((i: number) => Key | undefined);
}

/** How many fresh keys in a row may have an empty generator before we give up. */
const MAX_EMPTY_KEYS = 1000;

interface Slot {
  readonly key: Key;
  readonly gen: Generator;
}

/** A group's state: working on a key, not started (`undefined`), or out of keys (`null`). */
type SlotState = Slot | undefined | null;

class Keyed implements Generator {
  constructor(
    private readonly threadsPerKey: number,
    private readonly keyAt: (i: number) => Key | undefined,
    private readonly perKey: (key: Key) => GenLike,
    private readonly slots: readonly SlotState[],
    private readonly nextKey: number,
    /** The group that wins the next tie between groups with ops due at the same time. */
    private readonly turn: number,
  ) {}

  private groupOf(ctx: Context): Map<Thread, number> {
    const m = new Map<Thread, number>();
    threadsOf(ctx)
      .filter((t) => t !== 'nemesis')
      .forEach((t, pos) => m.set(t, Math.floor(pos / this.threadsPerKey)));
    return m;
  }

  op(ctx: Context): Step {
    const groupOf = this.groupOf(ctx);
    const groups = groupOf.size === 0 ? 0 : Math.max(...groupOf.values()) + 1;
    const slots: SlotState[] = [];
    for (let i = 0; i < groups; i++) slots.push(this.slots[i]);
    let nextKey = this.nextKey;
    let best: Emit | undefined;
    let bestGroup = -1;
    // Ties (e.g. every op due now under one stagger) go round the groups, starting at `turn`;
    // lowest-group-first would let the first group starve the others whenever it has a free thread.
    const rank = (g: number): number => (g - (this.turn % groups) + groups) % groups;
    let wakeAt: number | undefined;
    let alive = false;
    for (let i = 0; i < groups; i++) {
      const sub = restrict(ctx, (t) => groupOf.get(t) === i, `keyed/${this.threadsPerKey}/${i}`);
      for (let empty = 0; ; ) {
        let slot = slots[i];
        if (slot === null) break;
        if (slot === undefined) {
          const key = this.keyAt(nextKey);
          if (key === undefined) {
            slots[i] = null;
            break;
          }
          nextKey++;
          slot = slots[i] = { key, gen: lift(this.perKey(key)) };
        }
        const step = slot.gen.op(sub);
        if (step === null) {
          slots[i] = undefined;
          if (++empty > MAX_EMPTY_KEYS) throw new GeneratorError(`keyed: ${MAX_EMPTY_KEYS} keys in a row made no ops`);
          continue;
        }
        alive = true;
        if (isPending(step)) {
          slots[i] = { key: slot.key, gen: step.gen };
          wakeAt = earliest(wakeAt, step.wakeAt);
        } else if (best === undefined || step.op.time < best.op.time || (step.op.time === best.op.time && rank(i) < rank(bestGroup))) {
          best = { op: { ...step.op, key: slot.key }, gen: step.gen };
          bestGroup = i;
        }
        break;
      }
    }
    if (best !== undefined && best.op.time > ctx.time) {
      wakeAt = earliest(wakeAt, best.op.time); // due later: pending until then, as in askAll
      best = undefined;
    }
    if (best !== undefined) {
      const slot = slots[bestGroup];
      if (slot) slots[bestGroup] = { key: slot.key, gen: best.gen };
      return { op: best.op, gen: this.with(slots, nextKey, (bestGroup + 1) % groups) };
    }
    if (!alive) return null;
    return pending(this.with(slots, nextKey), wakeAt);
  }

  private with(slots: readonly SlotState[], nextKey: number, turn = this.turn): Keyed {
    return new Keyed(this.threadsPerKey, this.keyAt, this.perKey, slots, nextKey, turn);
  }

  update(ctx: Context, event: GenEvent): Generator {
    if (!ownsProcess(ctx, event.process)) return this;
    const groupOf = this.groupOf(ctx);
    const i = groupOf.get(threadOfProcess(ctx, event.process));
    const slot = i === undefined ? undefined : this.slots[i];
    if (i === undefined || !slot || slot.key !== event.key) return this;
    const gen = slot.gen.update(
      restrict(ctx, (t) => groupOf.get(t) === i, `keyed/${this.threadsPerKey}/${i}`),
      event,
    );
    if (gen === slot.gen) return this;
    const slots = this.slots.slice();
    slots[i] = { key: slot.key, gen };
    return this.with(slots, this.nextKey);
  }
}

/**
 * Independent keys: the context's client threads are split, in order, into groups of
 * `threadsPerKey`; each group runs `perKey(key)` for one key at a time (its ops get `key`
 * set), and takes the next unused key when that generator is exhausted. Exhausted when every
 * group is out of keys. The groups run side by side like `any` (the soonest op wins), except
 * that ties go round the groups in turn, so under one `stagger` every group gets ops; each
 * sees only its own threads and the events of its current key.
 *
 * @example keyed({ threadsPerKey: 3 }, () => limit(100, stagger(50, registerOps)))
 */
export function keyed(opts: KeyedOptions, perKey: (key: Key) => GenLike): Generator {
  checkCount('keyed: threadsPerKey', opts.threadsPerKey);
  if (opts.threadsPerKey === 0) throw new GeneratorError('keyed: threadsPerKey must be at least 1, got 0');
  const keys = opts.keys;
  const keyAt: (i: number) => Key | undefined = keys === undefined ? (i) => i : typeof keys === 'function' ? keys : (i) => keys[i];
  return new Keyed(opts.threadsPerKey, keyAt, perKey, [], 0, 0);
}

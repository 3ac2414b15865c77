/**
 * Numbers the distinct states of a model 0, 1, 2, … by identity: through the model's fast
 * `stateHash` / `stateEquals` pair when it has one (an open-addressing table of 32-bit hashes,
 * collisions chained and settled by equality), else through `stateKey` in a `Map`.
 */
import type { Model } from './model.js';
import { EMPTY_I32, NO_SLAB, type Slab } from './slab.js';

/** Spreads a 32-bit hash over the low bits. Pure. */
function slotOf(h: number): number {
  const x = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return x ^ (x >>> 16);
}

/** An append-only table of states; one per search (or per product model). */
export class Interner<S> {
  /** `states[id]` is the state numbered `id`. */
  readonly states: S[] = [];
  private readonly keyed = new Map<string | number, number>();
  private readonly hash: ((s: S) => number) | undefined;
  private readonly equals: ((a: S, b: S) => boolean) | undefined;
  /** Hash mode: per slot, the hash and the newest id with it, plus one. */
  private slotHash: Int32Array = EMPTY_I32;
  private slotId: Int32Array = EMPTY_I32;
  private used = 0;
  /** Hash mode: the previous id with the same hash, or -1. */
  private readonly older: number[] = [];

  /** @param slab - where to take the first (small) tables from. */
  constructor(
    private readonly model: Pick<Model<S>, 'stateKey' | 'stateHash' | 'stateEquals'>,
    slab: Slab = NO_SLAB,
  ) {
    if (model.stateHash !== undefined && model.stateEquals !== undefined) {
      this.hash = model.stateHash.bind(model);
      this.equals = model.stateEquals.bind(model);
      this.slotHash = slab.i32(64);
      this.slotId = slab.i32(64);
    }
  }

  /** The number of `state`, giving it the next one if it is new. */
  intern(state: S): number {
    if (this.hash === undefined || this.equals === undefined) {
      const key = this.model.stateKey(state);
      let id = this.keyed.get(key);
      if (id === undefined) {
        id = this.states.length;
        this.states.push(state);
        this.keyed.set(key, id);
      }
      return id;
    }
    const h = this.hash(state) | 0;
    const mask = this.slotHash.length - 1;
    let i = slotOf(h) & mask;
    for (;;) {
      const at = this.slotId[i];
      if (at === 0) break;
      if (this.slotHash[i] === h) {
        for (let id = at - 1; id >= 0; id = this.older[id]) {
          if (this.equals(this.states[id], state)) return id;
        }
        const id = this.push(state, at - 1);
        this.slotId[i] = id + 1;
        return id;
      }
      i = (i + 1) & mask;
    }
    const id = this.push(state, -1);
    this.slotHash[i] = h;
    this.slotId[i] = id + 1;
    if (++this.used * 2 > mask) this.grow();
    return id;
  }

  private push(state: S, older: number): number {
    const id = this.states.length;
    this.states.push(state);
    this.older.push(older);
    return id;
  }

  private grow(): void {
    const oldHash = this.slotHash;
    const oldId = this.slotId;
    const mask = oldHash.length * 2 - 1;
    this.slotHash = new Int32Array(mask + 1);
    this.slotId = new Int32Array(mask + 1);
    for (let j = 0; j < oldHash.length; j++) {
      if (oldId[j] === 0) continue;
      let i = slotOf(oldHash[j]) & mask;
      while (this.slotId[i] !== 0) i = (i + 1) & mask;
      this.slotHash[i] = oldHash[j];
      this.slotId[i] = oldId[j];
    }
  }
}

/**
 * Interned count vectors: how many tokens of each class the search has placed, as one small
 * integer id, so a configuration's crashed ops cost one word in the cache whatever their number.
 *
 * A vector is its sorted list of non-zero (class, count) pairs, hash-consed as a trie: node
 * `id` = (parent, class, count), the parent holding the pairs of smaller classes; id 0 is the
 * all-zero vector. Equal vectors get equal ids whatever order they were built in.
 * {@link CountTrie.inc} rebuilds only the pairs of classes above the one incremented (the
 * search mostly uses recent classes, numbered last) and is memoised. Not thread-safe.
 */

import { EMPTY_I32 } from './slab.js';

const EMPTY_SLOT = 0;

/** A table of count vectors over `classes` classes. */
export class CountTrie {
  // Allocated on the first inc: most searches place no crashed op.
  private parent: Int32Array = EMPTY_I32;
  private cls: Int32Array = EMPTY_I32;
  private cnt: Int32Array = EMPTY_I32;
  private size = 1;
  /** Open addressing over nodes: slot → node id + 1 (0 = empty). */
  private slots: Int32Array = EMPTY_I32;
  /** Memo of inc: (id, class) → id. */
  private memo: Map<number, number> | undefined;
  private readonly suffixCls: number[] = [];
  private readonly suffixCnt: number[] = [];

  constructor(private readonly classes: number) {}

  /** Vectors interned so far. */
  get count(): number {
    return this.size;
  }

  /** Bytes held (an estimate for the memory budget). */
  get bytes(): number {
    return this.parent.byteLength * 3 + this.slots.byteLength + (this.memo?.size ?? 0) * 40;
  }

  /** The count of class `c` in vector `id`. */
  countOf(id: number, c: number): number {
    for (let x = id; x > 0; x = this.parent[x]) {
      if (this.cls[x] === c) return this.cnt[x];
      if (this.cls[x] < c) return 0;
    }
    return 0;
  }

  /** True when vector `a` is at most vector `b` in every class. */
  leq(a: number, b: number): boolean {
    const { parent, cls, cnt } = this;
    let y = b;
    for (let x = a; x > 0; x = parent[x]) {
      const c = cls[x];
      while (y > 0 && cls[y] > c) y = parent[y];
      if (y <= 0 || cls[y] !== c || cnt[y] < cnt[x]) return false;
    }
    return true;
  }

  /** The id of vector `id` with class `c`'s count one higher. */
  inc(id: number, c: number): number {
    if (this.memo === undefined) {
      this.memo = new Map();
      this.parent = new Int32Array(64);
      this.cls = new Int32Array(64);
      this.cnt = new Int32Array(64);
      this.slots = new Int32Array(128);
      this.parent[0] = -1;
      this.cls[0] = -1;
    }
    const key = id * this.classes + c;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const sc = this.suffixCls;
    const sn = this.suffixCnt;
    sc.length = 0;
    sn.length = 0;
    let x = id;
    while (x > 0 && this.cls[x] > c) {
      sc.push(this.cls[x]);
      sn.push(this.cnt[x]);
      x = this.parent[x];
    }
    let y: number;
    if (x > 0 && this.cls[x] === c) y = this.node(this.parent[x], c, this.cnt[x] + 1);
    else y = this.node(x, c, 1);
    for (let j = sc.length - 1; j >= 0; j--) y = this.node(y, sc[j], sn[j]);
    this.memo.set(key, y);
    return y;
  }

  private hashOf(parent: number, c: number, n: number): number {
    let h = Math.imul(parent + 1, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca77) ^ Math.imul(n, 0xc2b2ae3d);
    h ^= h >>> 15;
    return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
  }

  /** The node (parent, c, n), interned. */
  private node(parent: number, c: number, n: number): number {
    const mask = this.slots.length - 1;
    let i = this.hashOf(parent, c, n) & mask;
    for (;;) {
      const at = this.slots[i];
      if (at === EMPTY_SLOT) break;
      const id = at - 1;
      if (this.parent[id] === parent && this.cls[id] === c && this.cnt[id] === n) return id;
      i = (i + 1) & mask;
    }
    const id = this.size++;
    if (id >= this.parent.length) this.growNodes();
    this.parent[id] = parent;
    this.cls[id] = c;
    this.cnt[id] = n;
    this.slots[i] = id + 1;
    if (this.size * 2 > this.slots.length) this.growSlots();
    return id;
  }

  private growNodes(): void {
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(a.length * 2);
      b.set(a);
      return b;
    };
    this.parent = grow(this.parent);
    this.cls = grow(this.cls);
    this.cnt = grow(this.cnt);
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 1; id < this.size; id++) {
      let i = this.hashOf(this.parent[id], this.cls[id], this.cnt[id]) & mask;
      while (slots[i] !== EMPTY_SLOT) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
  }
}

/**
 * Interned sets of op numbers, built one op at a time: `add(id, op)` gives the id of the set
 * `id` ∪ {op}. Equal sets get equal ids whatever the order of adding, so an id can stand for
 * its set in the search's cache. Adding is memoised, so a path the search walks again costs a
 * map lookup. The empty set is id 0. Not thread-safe.
 */

/** Spreads an op number into a 32-bit word for set hashing. Pure. */
function word(op: number): number {
  let h = Math.imul(op + 1, 0x9e3779b1);
  h ^= h >>> 15;
  return Math.imul(h, 0x85ebca77);
}

/** A table of sets of ops (numbers below `ops`). */
export class SparseSets {
  private readonly members: Int32Array[] = [new Int32Array(0)];
  private readonly hashes: number[] = [0];
  /** Created on first use: most searches never place an indeterminate op below `lo`. */
  private byHash: Map<number, number[]> | undefined;
  private memo: Map<number, number> | undefined;
  private words = 0;

  constructor(private readonly ops: number) {}

  /** Bytes held (an estimate for the memory budget). */
  get bytes(): number {
    return this.words * 4 + this.members.length * 64 + (this.memo?.size ?? 0) * 32;
  }

  /** The id of set `id` with `op` added (`id` itself when `op` is in it already). */
  add(id: number, op: number): number {
    const key = id * this.ops + op;
    if (this.memo === undefined) {
      this.memo = new Map();
      this.byHash = new Map([[0, [0]]]);
    }
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const old = this.members[id];
    let at = 0;
    while (at < old.length && old[at] < op) at++;
    let result = id;
    if (old[at] !== op) {
      const set = new Int32Array(old.length + 1);
      set.set(old.subarray(0, at));
      set[at] = op;
      set.set(old.subarray(at), at + 1);
      result = this.intern(set, this.hashes[id] ^ word(op));
    }
    this.memo.set(key, result);
    return result;
  }

  private intern(set: Int32Array, hash: number): number {
    const byHash = this.byHash as Map<number, number[]>;
    const same = byHash.get(hash);
    if (same !== undefined) {
      for (const id of same) {
        const other = this.members[id];
        if (other.length === set.length && other.every((x, i) => x === set[i])) return id;
      }
    }
    const id = this.members.length;
    this.members.push(set);
    this.hashes.push(hash);
    this.words += set.length;
    if (same === undefined) byHash.set(hash, [id]);
    else same.push(id);
    return id;
  }
}

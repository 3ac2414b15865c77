/**
 * Transaction generators of the `append` (list-append) and `wr` (rw-register) workloads, as
 * Jepsen's: each op is `f: 'txn'` with a list of 1 .. `maxTxnLength` micro-ops over a pool of
 * `keyCount` active keys picked with an exponential distribution (the first key of the pool
 * about half the time); a key retires once it has had `maxWritesPerKey` writes and a fresh key
 * takes its place, so lists and version orders stay short. Values are unique per key (1, 2, …).
 *
 * Micro-ops: `['append', k, v]` / `['r', k, null]` (list-append) and `['w', k, v]` /
 * `['r', k, null]` (rw-register); half reads, half writes. Pure: the pool and the counters are
 * part of the generator's value, so an op the scheduler discards costs nothing.
 */
import { fillIn, pending, type Context, type Generator, type Step } from '../core/generator/index.js';

/** A micro-op as a generator emits it (a read's value is filled in by the client). */
export type MicroOp = readonly [f: 'r' | 'append' | 'w', key: number, value: number | null];

/** The two data models. */
export type TxnKind = 'append' | 'wr';

/** Shape of the generated transactions. */
export interface TxnGenOptions {
  /** `append` → `append` micro-ops; `wr` → `w` micro-ops. */
  kind: TxnKind;
  /** Active keys at any time; ≥ 1. Default 10. */
  keyCount?: number;
  /** Micro-ops per transaction are 1 .. this; ≥ 1. Default 4. */
  maxTxnLength?: number;
  /** Writes a key takes before it is replaced by a fresh one; ≥ 1. Default 32. */
  maxWritesPerKey?: number;
  /** Base of the exponential key distribution (> 1). Default 2. */
  keyDistBase?: number;
}

/** Defaults of {@link TxnGenOptions}. */
export const TXN_GEN_DEFAULTS = Object.freeze({ keyCount: 10, maxTxnLength: 4, maxWritesPerKey: 32, keyDistBase: 2 });

/**
 * The index `0 .. n-1` drawn with P(i) ∝ base^-i (index 0 most likely). One draw. Pure apart
 * from the draw.
 */
export function exponentialIndex(rng: { float(): number }, n: number, base: number = TXN_GEN_DEFAULTS.keyDistBase): number {
  if (n <= 1) return 0;
  const x = Math.log(1 + rng.float() * (base ** n - 1)) / Math.log(base);
  return Math.min(n - 1, Math.max(0, n - 1 - Math.floor(x)));
}

/** The pool of active keys and per-key counters, immutable. */
interface Pool {
  /** Active keys, in pool order (position = popularity rank). */
  readonly active: readonly number[];
  /** Key → writes generated so far (also the last value used). */
  readonly writes: ReadonlyMap<number, number>;
  /** The next fresh key. */
  readonly nextKey: number;
}

/**
 * A shared note of the highest key a run's transactions were emitted with, so that the final
 * reads can read every key. Noted when an op is emitted: an op the scheduler then discards
 * may raise it by a key or two that no one wrote, which the final reads read as absent.
 */
export class KeysUsed {
  /** Highest key emitted so far; -1 before any. */
  max = -1;
  /** Notes the keys of a txn value. */
  note(value: unknown): void {
    if (!Array.isArray(value)) return;
    for (const m of value) if (Array.isArray(m) && typeof m[1] === 'number' && m[1] > this.max) this.max = m[1];
  }
}

class TxnGen implements Generator {
  constructor(
    private readonly opts: Required<TxnGenOptions>,
    private readonly pool: Pool,
    private readonly used: KeysUsed | undefined,
  ) {}

  op(ctx: Context): Step {
    const { kind, maxTxnLength, maxWritesPerKey, keyDistBase } = this.opts;
    const active = [...this.pool.active];
    const writes = new Map(this.pool.writes);
    let nextKey = this.pool.nextKey;
    const len = 1 + ctx.rng.int(maxTxnLength);
    const mops: MicroOp[] = [];
    for (let i = 0; i < len; i++) {
      const slot = exponentialIndex(ctx.rng, active.length, keyDistBase);
      const k = active[slot];
      if (ctx.rng.int(2) === 0) {
        mops.push(['r', k, null]);
        continue;
      }
      const v = (writes.get(k) ?? 0) + 1;
      writes.set(k, v);
      mops.push([kind === 'append' ? 'append' : 'w', k, v]);
      if (v >= maxWritesPerKey) {
        writes.delete(k);
        active[slot] = nextKey++;
      }
    }
    const op = fillIn({ f: 'txn', value: mops }, ctx);
    if (op === undefined) return pending(this);
    this.used?.note(mops);
    return { op, gen: new TxnGen(this.opts, { active, writes, nextKey }, this.used) };
  }

  update(): Generator {
    return this;
  }
}

/**
 * Endless transactions (bound with `limit` or `timeLimit`). `used`, when given, is told the
 * keys of every emitted transaction (for {@link finalTxnReads}). Pure apart from draws on the
 * context's PRNG and the note in `used`.
 * @throws RangeError for a non-positive count
 */
export function txnGen(opts: TxnGenOptions, used?: KeysUsed): Generator {
  const o: Required<TxnGenOptions> = { ...TXN_GEN_DEFAULTS, ...opts };
  for (const k of ['keyCount', 'maxTxnLength', 'maxWritesPerKey'] as const) {
    if (!Number.isSafeInteger(o[k]) || o[k] < 1) throw new RangeError(`txnGen: ${k} must be a positive integer, got ${String(o[k])}`);
  }
  if (!(o.keyDistBase > 1)) throw new RangeError(`txnGen: keyDistBase must be > 1, got ${String(o.keyDistBase)}`);
  const active = Array.from({ length: o.keyCount }, (_, i) => i);
  return new TxnGen(o, { active, writes: new Map(), nextKey: o.keyCount }, used);
}

/** Read-only transactions reading keys `0 .. max`, at most `chunk` keys each, in key order. Pure. */
export function readAllTxns(max: number, chunk: number): MicroOp[][] {
  const out: MicroOp[][] = [];
  for (let lo = 0; lo <= max; lo += chunk) {
    const txn: MicroOp[] = [];
    for (let k = lo; k <= Math.min(max, lo + chunk - 1); k++) txn.push(['r', k, null]);
    out.push(txn);
  }
  return out;
}

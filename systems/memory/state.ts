/**
 * The data of the in-process `memory` system: registers per key (with their last few versions)
 * and one set, applied atomically, so the system is linearizable — unless stale reads are on:
 * then reads on every node but the first sometimes answer from an older version, as a lagging
 * replica would, which the checkers must catch. Also which nodes are killed or paused.
 */
import { CAS_MISMATCH } from '../../workloads/register.js';
import { Rng } from '../../core/generator/index.js';
import type { Op } from '../../core/op.js';
import type { Completion } from '../../core/plugins.js';
import { MemoryBank } from './bank.js';
import { MemoryTxnStore } from './txn.js';

/** Options of {@link MemoryState}. */
export interface MemoryStateOptions {
  /** Node names; the first never serves stale reads. */
  nodes: readonly string[];
  /** Probability (0..1) that a read on another node is stale. Default 0. */
  staleReads?: number;
  /** Seed of the state's own PRNG (staleness, latency). Default 0. */
  seed?: number;
}

/** Older versions of a register kept for stale reads (only when stale reads are on). */
const OLDER_VERSIONS_KEPT = 7;
/** A stale read lags by 1..STALE_LAG_MAX versions. */
const STALE_LAG_MAX = 3;

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The memory system's data and node states. Mutable; one per run. */
export class MemoryState {
  /** Key → current value. Absent key = never written (null). One map entry per key, so a long run's store grows by little. */
  private readonly registers = new Map<string | number, unknown>();
  /** Key → older versions, oldest first (kept only when stale reads are on). */
  private readonly older = new Map<string | number, unknown[]>();
  private readonly elements: unknown[] = [];
  private readonly down = new Set<string>();
  private readonly paused = new Map<string, { promise: Promise<void>; resume: () => void }>();
  /** The state's PRNG (stale reads, latency). */
  readonly rng: Rng;
  /** The accounts of the `bank` workload (created by its first client). */
  readonly bank = new MemoryBank();
  /** The keys of the `append` and `wr` workloads. */
  readonly txn = new MemoryTxnStore();

  constructor(private readonly opts: MemoryStateOptions) {
    this.rng = Rng.fromSeed(opts.seed ?? 0, 7);
  }

  /** True when `node` is killed. */
  isDown(node: string): boolean {
    return this.down.has(node);
  }

  /** Kills (`up` false) or restarts `node`. */
  setDown(node: string, isDown: boolean): void {
    if (isDown) this.down.add(node);
    else this.down.delete(node);
  }

  /** Pauses `node`: its ops wait in {@link gate} until {@link resume}. Idempotent. */
  pause(node: string): void {
    if (this.paused.has(node)) return;
    let resume = (): void => {};
    const promise = new Promise<void>((r) => (resume = r));
    this.paused.set(node, { promise, resume });
  }

  /** Resumes a paused `node`. Idempotent. */
  resume(node: string): void {
    this.paused.get(node)?.resume();
    this.paused.delete(node);
  }

  /** Resolves when `node` is not paused. */
  async gate(node: string): Promise<void> {
    for (let p = this.paused.get(node); p !== undefined; p = this.paused.get(node)) await p.promise;
  }

  /**
   * Applies one client op atomically as served by `node`: for the `set` workload `add` and
   * `read` (the whole set), for the `bank` workload `transfer` and `read` (a stale read is
   * torn: it misses the last transfer's credit), for `append` and `wr` a whole `txn` (a stale
   * read answers from an older version of its key), otherwise register ops `read`, `write`, `cas`
   * on `op.key`.
   */
  apply(op: Op, node: string, workload: string): Completion {
    if (workload === 'bank') return this.bank.apply(op, op.f === 'read' && this.stale(node));
    if (workload === 'append' || workload === 'wr') return this.txn.apply(op, () => (this.stale(node) ? 1 + this.rng.int(STALE_LAG_MAX) : 0));
    const key = op.key ?? 'default';
    switch (op.f) {
      case 'read':
        if (workload === 'set') return { type: 'ok', value: this.setRead(node) };
        return { type: 'ok', value: this.stale(node) ? this.lagging(key) : this.current(key) };
      case 'write':
        this.write(key, op.value);
        return { type: 'ok', value: op.value };
      case 'cas': {
        const [expected, next] = Array.isArray(op.value) ? (op.value as unknown[]) : [undefined, undefined];
        if (!same(this.current(key), expected)) return { type: 'fail', value: op.value, error: CAS_MISMATCH };
        this.write(key, next ?? null);
        return { type: 'ok', value: op.value };
      }
      case 'add':
        this.elements.push(op.value);
        return { type: 'ok', value: op.value };
      default:
        return { type: 'fail', value: op.value, error: `memory system: unknown op ${JSON.stringify(op.f)}` };
    }
  }

  /** The set's elements as `node` serves them (a stale read misses the last few adds). */
  setRead(node: string): unknown[] {
    if (!this.stale(node) || this.elements.length === 0) return [...this.elements];
    return this.elements.slice(0, Math.max(0, this.elements.length - 1 - this.rng.int(STALE_LAG_MAX)));
  }

  private stale(node: string): boolean {
    const p = this.opts.staleReads ?? 0;
    return p > 0 && node !== this.opts.nodes[0] && this.rng.float() < p;
  }

  private current(key: string | number): unknown {
    return this.registers.has(key) ? this.registers.get(key) : null;
  }

  /** A version 1..STALE_LAG_MAX writes behind the current one (null before the first write). */
  private lagging(key: string | number): unknown {
    const vs = this.older.get(key) ?? [];
    const i = vs.length - (1 + this.rng.int(STALE_LAG_MAX));
    return i < 0 ? null : vs[i];
  }

  private write(key: string | number, value: unknown): void {
    if ((this.opts.staleReads ?? 0) > 0 && this.registers.has(key)) {
      let vs = this.older.get(key);
      if (vs === undefined) this.older.set(key, (vs = []));
      vs.push(this.registers.get(key));
      if (vs.length > OLDER_VERSIONS_KEPT) vs.shift();
    }
    this.registers.set(key, value ?? null);
  }
}

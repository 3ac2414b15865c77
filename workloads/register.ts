/**
 * The `register` workload: independent keys, each a register that clients `read`, `write` and
 * `cas` with small random values; checked key by key for linearizability.
 *
 * Op conventions (those of the `cas-register` model): `read` (invoke value null; ok value = the
 * value read, null when absent), `write` (value v), `cas` (value `[expected, new]`).
 *
 * Why `cas-register` (a failed cas is an observation) and not `cas-register-noop`: our clients
 * report a cas whose comparison did not match as `fail` with the error {@link CAS_MISMATCH}, and
 * they are certain of it (etcd answers a compare-and-swap transaction with `succeeded: false`;
 * the memory system compares in one step). Such a cas did not write, and it saw a value other
 * than `expected` at some instant between its invocation and completion — exactly what
 * `cas-register` assumes, so the observation is sound and sharpens the check.
 *
 * But clients also report `fail` for a cas that was never applied for another reason (the
 * connection was refused by a killed node, etcd said "no leader"): that is a certain no-op,
 * NOT an observation — under `cas-register` it would claim "value ≠ expected" and give false
 * alarms. So before checking, {@link dropUnobservedCas} removes every failed cas whose error is
 * not {@link CAS_MISMATCH} (sound: a `fail` did not happen). Timeouts and other unknowns stay
 * `info`, as always.
 */
import { checkLinearizable } from '../checkers/linearizable/index.js';
import { checkStats } from '../checkers/stats.js';
import { fromFn, keyed, limit, mix, type Generator } from '../core/generator/index.js';
import type { History, Op } from '../core/op.js';
import type { Workload } from '../core/plugins.js';

/** Options of {@link registerWorkload}. */
export interface RegisterOptions {
  /** Client threads working on one key at a time; ≥ 1. Default 3. */
  threadsPerKey?: number;
  /** Ops per key before a group of threads moves to a fresh key. Default 100. */
  opsPerKey?: number;
  /** Values are drawn from 0 .. values-1. Default 5. */
  values?: number;
}

/** The model the register workload is checked against. */
export const REGISTER_MODEL = 'cas-register';

/**
 * The `error` of a cas completion that failed because the register held another value (the
 * etcd and memory clients use it). Only such failures are observations.
 */
export const CAS_MISMATCH = 'value did not match';

/**
 * The history without failed cas ops (invocation and completion) whose error is not
 * {@link CAS_MISMATCH}: certain no-ops that observed nothing. Pure; linear.
 */
export function dropUnobservedCas(history: History): History {
  const open = new Map<Op['process'], number>();
  const drop = new Set<number>();
  history.forEach((op, i) => {
    if (op.process === 'nemesis') return;
    if (op.type === 'invoke') {
      open.set(op.process, i);
      return;
    }
    const inv = open.get(op.process);
    open.delete(op.process);
    if (inv !== undefined && op.f === 'cas' && op.type === 'fail' && op.error !== CAS_MISMATCH) {
      drop.add(inv);
      drop.add(i);
    }
  });
  return drop.size === 0 ? history : history.filter((_, i) => !drop.has(i));
}

/**
 * One key's ops: reads, writes and cas, equally likely, `opsPerKey` of them. Pure apart from
 * draws on the context's PRNG.
 */
export function registerOps(opsPerKey = 100, values = 5): Generator {
  return limit(
    opsPerKey,
    mix([
      fromFn(() => ({ f: 'read', value: null })),
      fromFn((ctx) => ({ f: 'write', value: ctx.rng.int(values) })),
      fromFn((ctx) => ({ f: 'cas', value: [ctx.rng.int(values), ctx.rng.int(values)] })),
    ]),
  );
}

/**
 * The register workload: groups of `threadsPerKey` client threads, each group on one key at a
 * time (the generator library's `keyed`), `opsPerKey` ops per key; no final phase. Checkers:
 * `linearizable` (`cas-register` after {@link dropUnobservedCas}, split by key, within the check context's time budget; stopping at the first failing key when `ctx.options.checkFirstFailure` is true) and
 * `stats`.
 */
export function registerWorkload(opts: RegisterOptions = {}): Workload {
  const threadsPerKey = opts.threadsPerKey ?? 3;
  const opsPerKey = opts.opsPerKey ?? 100;
  const values = opts.values ?? 5;
  return {
    name: 'register',
    generator: keyed({ threadsPerKey }, () => registerOps(opsPerKey, values)),
    checkers: {
      linearizable: (history, ctx) =>
        checkLinearizable(dropUnobservedCas(history), REGISTER_MODEL, {
          ...(ctx.timeoutMs === undefined ? {} : { timeoutMs: ctx.timeoutMs }),
          workers: typeof ctx.options.checkWorkers === 'number' ? ctx.options.checkWorkers : 0,
          ...(ctx.options.checkFirstFailure === true ? { firstFailure: true } : {}),
        }),
      stats: (history) => checkStats(history),
    },
  };
}

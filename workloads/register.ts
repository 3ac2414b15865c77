/**
 * The `register` workload: independent keys, each a register that clients `read`, `write` and
 * `cas` with small random values; checked key by key for linearizability.
 *
 * Op conventions (those of the `cas-register` model): `read` (invoke value null; ok value = the
 * value read, null when absent), `write` (value v), `cas` (value `[expected, new]`).
 *
 * Why `cas-register` (a failed cas is an observation) and not `cas-register-noop`: our clients
 * report a cas whose comparison did not match as `fail`, and they are certain of it (etcd
 * answers a compare-and-swap transaction with `succeeded: false`; the memory system compares
 * in one step). Such a cas did not write, and it saw a value other than `expected` at some
 * instant between its invocation and completion — exactly what `cas-register` assumes, so the
 * observation is sound and sharpens the check. A client that fails a cas for any other reason
 * (timeout, lost connection) must report `info`, never `fail`.
 */
import { checkLinearizable } from '../checkers/linearizable/index.js';
import { checkStats } from '../checkers/stats.js';
import { fromFn, keyed, limit, mix, type Generator } from '../harness/generator/index.js';
import type { Workload } from '../harness/plugins.js';

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
 * `linearizable` (`cas-register`, split by key, within the check context's time budget) and
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
        checkLinearizable(history, REGISTER_MODEL, {
          ...(ctx.timeoutMs === undefined ? {} : { timeoutMs: ctx.timeoutMs }),
          workers: typeof ctx.options.checkWorkers === 'number' ? ctx.options.checkWorkers : 0,
        }),
      stats: (history) => checkStats(history),
    },
  };
}

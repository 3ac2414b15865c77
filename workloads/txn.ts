/**
 * The transactional workloads `append` (list-append) and `wr` (rw-register): clients run
 * transactions of micro-ops (see ./txn-gen.ts) while faults happen; after healing every client
 * thread reads every key the run used. Checked by the transactional checker against the run's
 * consistency models (option `consistencyModels`, default the system's own or
 * `strict-serializable`), and by `stats`.
 *
 * The op contract, shared with every txn client: `f: 'txn'`, invoke value = a list of micro-ops;
 * `ok` value = the same list with every read's value filled in (list-append: the list of values
 * read, `[]` or null for an absent key; rw-register: the value, null when absent); `fail` = the
 * transaction certainly did not commit (value repeated); `info` = unknown (value repeated).
 *
 * Run options read: `txnKeyCount` (default 10), `txnMaxLength` (default 4),
 * `txnMaxWritesPerKey` (default 32), `consistencyModels` (array or comma list).
 */
import { checkStats } from '../checkers/stats.js';
import { checkTxn } from '../checkers/txn/index.js';
import { UsageError, quote } from '../core/errors.js';
import { cycle, limit, seconds, seq, sleep, untilOk, type Context, type Generator, type Step } from '../core/generator/index.js';
import type { Workload } from '../core/plugins.js';
import { KeysUsed, TXN_GEN_DEFAULTS, readAllTxns, txnGen, type TxnKind } from './txn-gen.js';

/** Settings of a txn workload, from a run's options. */
export interface TxnSettings {
  readonly kind: TxnKind;
  readonly keyCount: number;
  readonly maxTxnLength: number;
  readonly maxWritesPerKey: number;
  /** Models the history is checked against. */
  readonly consistencyModels: readonly string[];
}

/** Keys read per final-read transaction. */
export const FINAL_READ_CHUNK = 32;

/** The default consistency model of the txn checkers. */
export const DEFAULT_CONSISTENCY_MODELS: readonly string[] = Object.freeze(['strict-serializable']);

function intOption(options: Readonly<Record<string, unknown>>, name: string, dflt: number, max: number): number {
  const raw = options[name];
  if (raw === undefined) return dflt;
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > max) {
    throw new UsageError(`${name}: expected an integer from 1 to ${max}, got ${quote(String(raw))}`);
  }
  return n;
}

function models(raw: unknown): readonly string[] {
  if (raw === undefined) return DEFAULT_CONSISTENCY_MODELS;
  const list = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : raw;
  if (!Array.isArray(list) || list.length === 0 || list.some((m) => typeof m !== 'string' || m === '')) {
    throw new UsageError(`consistencyModels: expected a comma-separated list of models, got ${quote(String(raw))}`);
  }
  return Object.freeze([...(list as string[])]);
}

/**
 * The settings of workload `kind` from a run's options. Pure.
 * @throws UsageError naming the option and quoting the bad value
 */
export function txnSettings(kind: TxnKind, options: Readonly<Record<string, unknown>>): TxnSettings {
  return Object.freeze({
    kind,
    keyCount: intOption(options, 'txnKeyCount', TXN_GEN_DEFAULTS.keyCount, 10_000),
    maxTxnLength: intOption(options, 'txnMaxLength', TXN_GEN_DEFAULTS.maxTxnLength, 1_000),
    maxWritesPerKey: intOption(options, 'txnMaxWritesPerKey', TXN_GEN_DEFAULTS.maxWritesPerKey, 100_000),
    consistencyModels: models(options.consistencyModels),
  });
}

/** One chunk of final reads: retried until ok, at most `attempts` times, `retryS` s apart. */
function finalChunk(txn: readonly unknown[], attempts: number, retryS: number): Generator {
  return limit(attempts, untilOk(cycle([{ f: 'txn', value: txn }, sleep(seconds(retryS))])));
}

/** Builds the final reads when first asked, from the keys the main phase invoked. */
class FinalReads implements Generator {
  constructor(
    private readonly used: KeysUsed,
    private readonly attempts: number,
    private readonly retryS: number,
  ) {}
  op(ctx: Context): Step {
    const chunks = readAllTxns(this.used.max, FINAL_READ_CHUNK).map((t) => finalChunk(t, this.attempts, this.retryS));
    return seq(...chunks).op(ctx);
  }
  update(): Generator {
    return this;
  }
}

/** Options of {@link txnWorkload} beyond the settings. */
export interface TxnWorkloadOptions {
  /** Attempts of each final read per client thread. Default 5. */
  finalReadAttempts?: number;
  /** Pause between failed final reads, seconds. Default 1. */
  finalReadRetryS?: number;
}

/**
 * The `append` or `wr` workload: endless transactions in the main phase; in the final phase
 * (run once per client thread) reads of every key the main phase used, in transactions of up
 * to {@link FINAL_READ_CHUNK} keys. Checkers: `txn` (the transactional checker, the settings'
 * models) and `stats`.
 */
export function txnWorkload(settings: TxnSettings, opts: TxnWorkloadOptions = {}): Workload {
  const used = new KeysUsed();
  const model = settings.kind === 'append' ? 'list-append' : 'rw-register';
  return {
    name: settings.kind,
    generator: txnGen(settings, used),
    finalGenerator: new FinalReads(used, opts.finalReadAttempts ?? 5, opts.finalReadRetryS ?? 1),
    checkers: {
      txn: (history, ctx) => checkTxn(history, { model, consistencyModels: models(ctx.options.consistencyModels ?? settings.consistencyModels) }),
      stats: (history) => checkStats(history),
    },
  };
}

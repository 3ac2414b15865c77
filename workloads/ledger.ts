/**
 * The `ledger` workload (BookKeeper, issue 7 item 5): each key `l0..lK` is a log made of a
 * chain of ledgers. Client thread `i < K` is the writer of key `l<i>`: it `send`s unique
 * values 0, 1, 2, …; its first add (and its first after a crash or any `info`) recovers and
 * fences the log's current ledger and starts the next one. The other threads are readers: they
 * `assign` every key, then `poll` each up to its last-add-confirmed, and now and then `fence` a
 * random key (recover and close its current ledger, so its writer's next add must fail). Any
 * thread may `crash` (drop its connection; a crashed writer leaves its ledger open for the
 * next writer to recover). After healing every thread fences every key (retried until ok, at most 5 times; so the last entry of
 * each log, which an open ledger's last-add-confirmed trails by one, becomes readable, and
 * every seal is checked against what was acknowledged), then assigns every key and polls until
 * its polls come back empty.
 *
 * Op shapes: ../checkers/stream/ops.ts (`send`, `poll`, `assign`, `crash`), plus `fence`
 * (value: the key; ok value: `{key, ledger, ledgerId, last}`, `last` the offset of the sealed
 * ledger's last entry or null). Offsets are `ledger index × 1 000 000 + entry id`, so they grow
 * along the log but jump at each new ledger.
 *
 * Checked by the stream checker (assign promise: lost, duplicate, inconsistent offsets,
 * aborted and precommitted reads, skips and order), the ledger checker (fencing: lost after
 * fence, reads past a seal, acknowledged or visible writes of a fenced writer, reads beyond the
 * last-add-confirmed) and stats (without `crash` ops).
 *
 * Run options: `ledgerKeys` (number of logs, default 3, capped at client threads − 1).
 */
import { checkLedger } from '../checkers/ledger.js';
import { checkStats } from '../checkers/stats.js';
import { checkStream } from '../checkers/stream/index.js';
import { cycle, eachThread, emit, fillIn, limit, pending, seconds, seq, sleep, threadsOf, untilOk, type Context, type GenEvent, type Generator, type OpSpec, type Step } from '../core/generator/index.js';
import type { History } from '../core/op.js';
import type { Workload } from '../core/plugins.js';
import { finalPolls } from './queue-gen.js';

/** Percent weights of the non-send ops: readers fence and crash, writers crash. */
export interface LedgerMix {
  /** Per reader op, % chance of a fence. Default 3. */
  fence: number;
  /** Per op, % chance of a crash. Default 1. */
  crash: number;
}

/** Default {@link LedgerMix}. */
export const DEFAULT_LEDGER_MIX: Readonly<LedgerMix> = Object.freeze({ fence: 3, crash: 1 });

/** Options of {@link ledgerWorkload}. */
export interface LedgerOptions {
  /** Number of logs `l0..l{keys-1}`, each with one writer thread. Default 3. */
  keys?: number;
  /** Client threads of the run; the logs are capped at threads − 1 so one reader is left. Default: keys + 1. */
  threads?: number;
  mix?: Partial<LedgerMix>;
  /** Most polls of a thread's final read. Default 15. */
  finalPolls?: number;
}

/** The log names `l0..l{n-1}`. Pure. */
export function ledgerKeys(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `l${i}`);
}

/** One thread's main-phase ops (writer or reader by its thread number). */
class LedgerThread implements Generator {
  constructor(
    private readonly keys: readonly string[],
    private readonly mix: Readonly<LedgerMix>,
    /** The writer's next value. */
    private readonly next: number,
    /** A reader (or a fresh process) has not yet assigned the keys. */
    private readonly needAssign: boolean,
  ) {}

  op(ctx: Context): Step {
    const t = threadsOf(ctx)[0];
    if (typeof t !== 'number') return null;
    const writer = t < this.keys.length;
    let spec: OpSpec;
    let after: Generator = this;
    if (ctx.rng.int(100) < this.mix.crash) spec = { f: 'crash', value: null };
    else if (writer) {
      spec = { f: 'send', value: [['send', this.keys[t], this.next]] };
      after = new LedgerThread(this.keys, this.mix, this.next + 1, this.needAssign);
    } else if (this.needAssign) {
      spec = { f: 'assign', value: [...this.keys] };
      after = new LedgerThread(this.keys, this.mix, this.next, false);
    } else if (ctx.rng.int(100) < this.mix.fence) {
      const key = this.keys[ctx.rng.int(this.keys.length)];
      spec = { f: 'fence', value: key, key };
    } else spec = { f: 'poll', value: [['poll']] };
    const op = fillIn(spec, ctx);
    return op === undefined ? pending(this) : emit(op, after);
  }

  update(_ctx: Context, e: GenEvent): Generator {
    // A replaced process (after info) has a fresh connection: assign again. A failed assign too.
    if (e.type === 'info' || (e.f === 'assign' && e.type === 'fail')) return new LedgerThread(this.keys, this.mix, this.next, true);
    return this;
  }
}

/**
 * The main phase: thread i < keys writes log `l<i>`, the others read and fence (see the
 * module notes); a copy per client thread (`eachThread`); endless, bounded by the runner.
 * Pure apart from draws on the context's PRNG.
 */
export function ledgerMain(keys: readonly string[], mix: Readonly<LedgerMix> = DEFAULT_LEDGER_MIX): Generator {
  return eachThread(new LedgerThread(keys, mix, 0, true));
}

/**
 * One thread's final fence of `key`: fence until one completes ok, at most 5 times, 2 s apart
 * (a bookie that just restarted may still be marked faulty by the client). Pure.
 */
export function finalFence(key: string): Generator {
  return limit(5, untilOk(cycle([{ f: 'fence', value: key, key }, sleep(seconds(2))])));
}

/** The history without `crash` ops, which always complete `info` by design. Pure. */
function withoutCrashes(history: History): History {
  return history.filter((op) => op.f !== 'crash');
}

/** Ledger options from a run's options: `ledgerKeys` (number). Pure. */
export function ledgerOptionsOf(runOptions: Readonly<Record<string, unknown>>, threads: number): LedgerOptions {
  return typeof runOptions.ledgerKeys === 'number' ? { keys: runOptions.ledgerKeys, threads } : { threads };
}

/**
 * The ledger workload (see the module notes); checkers `stream`, `ledger` and `stats`. Pure.
 * @throws RangeError for a key count that is not a positive integer
 */
export function ledgerWorkload(opts: LedgerOptions = {}): Workload {
  const wanted = opts.keys ?? 3;
  if (!Number.isSafeInteger(wanted) || wanted < 1) throw new RangeError(`ledger workload: keys must be a positive integer, got ${String(wanted)}`);
  const threads = opts.threads ?? wanted + 1;
  const keys = ledgerKeys(Math.max(1, Math.min(wanted, threads - 1)));
  return {
    name: 'ledger',
    generator: ledgerMain(keys, { ...DEFAULT_LEDGER_MIX, ...opts.mix }),
    finalGenerator: seq(...keys.map((key) => finalFence(key)), finalPolls(keys, opts.finalPolls ?? 15, 3)),
    checkers: {
      stream: (history) => checkStream(history, { promise: 'assign' }),
      ledger: (history) => checkLedger(history),
      stats: (history) => checkStats(withoutCrashes(history)),
    },
  };
}

/**
 * The generators of the `queue` workload (see ./queue.ts and ../checkers/stream/ops.ts): the
 * main-phase mix of sends, polls, transactions, assign/subscribe and crashes, and the final
 * per-thread read (assign every key, then poll until the polls come back empty). Pure apart
 * from draws on the context's PRNG.
 */
import { fillIn, pending, type Context, type GenEvent, type Generator, type OpSpec, type Step } from '../core/generator/index.js';

/** Relative weights of the main-phase op kinds; 0 turns a kind off. */
export interface QueueMix {
  send: number;
  poll: number;
  txn: number;
  assign: number;
  subscribe: number;
  crash: number;
}

/** The default mix: mostly sends and polls, a few transactions and (re)assignments, rare crashes. */
export const DEFAULT_QUEUE_MIX: Readonly<QueueMix> = Object.freeze({ send: 50, poll: 38, txn: 4, assign: 4, subscribe: 3, crash: 1 });

/** Key names `t0` .. `t{n-1}`. Pure. */
export function queueKeys(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `t${i}`);
}

const KINDS = ['send', 'poll', 'txn', 'assign', 'subscribe', 'crash'] as const;

/** A non-empty random subset of `keys`, in key order. Draws on `ctx.rng`. */
function subset(keys: readonly string[], ctx: Context): string[] {
  const out = keys.filter(() => ctx.rng.int(2) === 1);
  return out.length > 0 ? out : [keys[ctx.rng.int(keys.length)]];
}

class QueueMain implements Generator {
  constructor(
    private readonly keys: readonly string[],
    private readonly mix: Readonly<QueueMix>,
    private readonly total: number,
    /** The next value to send: values are unique across the whole run, so unique per key. */
    private readonly next: number,
  ) {}

  op(ctx: Context): Step {
    let r = ctx.rng.int(this.total);
    let kind: (typeof KINDS)[number] = 'send';
    for (const k of KINDS) {
      if (r < this.mix[k]) {
        kind = k;
        break;
      }
      r -= this.mix[k];
    }
    let spec: OpSpec;
    let used = 0;
    switch (kind) {
      case 'send':
        spec = { f: 'send', value: [['send', this.keys[ctx.rng.int(this.keys.length)], this.next]] };
        used = 1;
        break;
      case 'txn': {
        // one or two sends (to two keys, so a write cycle G0 can show), then a poll
        const first = ctx.rng.int(this.keys.length);
        const sends: [string, string, number][] = [['send', this.keys[first], this.next]];
        if (this.keys.length > 1 && ctx.rng.int(2) === 1) sends.push(['send', this.keys[(first + 1 + ctx.rng.int(this.keys.length - 1)) % this.keys.length], this.next + 1]);
        spec = { f: 'txn', value: [...sends, ['poll']] };
        used = sends.length;
        break;
      }
      case 'poll':
        spec = { f: 'poll', value: [['poll']] };
        break;
      case 'assign':
      case 'subscribe':
        spec = { f: kind, value: subset(this.keys, ctx) };
        break;
      case 'crash':
        spec = { f: 'crash', value: null };
        break;
    }
    const op = fillIn(spec, ctx);
    return op === undefined ? pending(this) : { op, gen: used === 0 ? this : new QueueMain(this.keys, this.mix, this.total, this.next + used) };
  }

  update(): Generator {
    return this;
  }
}

/**
 * The endless main-phase mix over `keys` on any free client thread: `send` (one unique integer
 * value to a random key), `poll`, `txn` (sends to one or two keys, then a poll), `assign` / `subscribe` (a
 * random non-empty subset of the keys) and `crash`, drawn by `mix` weights. Values are
 * 0, 1, 2, … in invocation order. Bound it with `timeLimit` or `limit`. Pure.
 */
export function queueMain(keys: readonly string[], mix: Readonly<QueueMix> = DEFAULT_QUEUE_MIX): Generator {
  const total = KINDS.reduce((s, k) => s + mix[k], 0);
  if (keys.length === 0 || !(total > 0)) throw new RangeError('queueMain: needs at least one key and a positive total weight');
  return new QueueMain(keys, mix, total, 0);
}

/** True when an ok poll result holds no records. */
function emptyPoll(value: unknown): boolean {
  if (!Array.isArray(value)) return false;
  for (const mop of value) {
    if (!Array.isArray(mop) || mop[0] !== 'poll') continue;
    const res = mop[1] as Record<string, unknown[]> | undefined;
    if (res !== null && typeof res === 'object' && Object.values(res).some((rs) => Array.isArray(rs) && rs.length > 0)) return false;
  }
  return true;
}

class FinalPolls implements Generator {
  constructor(
    private readonly keys: readonly string[],
    private readonly maxPolls: number,
    private readonly emptyStreak: number,
    /** Whether the (current) process still has to assign every key. */
    private readonly needAssign: boolean,
    /** Ops issued so far (assigns and polls). */
    private readonly polls: number,
    private readonly empties: number,
  ) {}

  op(ctx: Context): Step {
    if (this.polls > this.maxPolls || this.empties >= this.emptyStreak) return null;
    const spec: OpSpec = this.needAssign ? { f: 'assign', value: [...this.keys] } : { f: 'poll', value: [['poll']] };
    const op = fillIn(spec, ctx);
    if (op === undefined) return pending(this);
    return { op, gen: new FinalPolls(this.keys, this.maxPolls, this.emptyStreak, false, this.polls + 1, this.empties) };
  }

  update(_ctx: Context, e: GenEvent): Generator {
    // events before its first op are someone else's (e.g. the main phase's)
    if (e.type === 'invoke' || this.polls === 0) return this;
    if (e.type === 'info') return new FinalPolls(this.keys, this.maxPolls, this.emptyStreak, true, this.polls, 0);
    if (e.f === 'assign' && e.type === 'fail') return new FinalPolls(this.keys, this.maxPolls, this.emptyStreak, true, this.polls, 0);
    if (e.f !== 'poll') return this;
    const empty = e.type === 'ok' && emptyPoll(e.value);
    return new FinalPolls(this.keys, this.maxPolls, this.emptyStreak, this.needAssign, this.polls, empty ? this.empties + 1 : 0);
  }
}

/**
 * One client thread's final read: `assign` every key, then `poll` until `emptyStreak` ok polls
 * in a row came back empty; at most `maxPolls + 1` ops in all (assigns included). A failed
 * assign, or any `info` completion (the process is replaced), assigns again. Run once per
 * thread. Pure.
 */
export function finalPolls(keys: readonly string[], maxPolls = 15, emptyStreak = 3): Generator {
  return new FinalPolls(keys, maxPolls, emptyStreak, true, 0, 0);
}

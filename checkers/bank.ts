/**
 * The bank checker: money moves between a fixed set of accounts but is never created or
 * destroyed, so every `ok` read of all accounts — one transaction — must hold exactly the
 * accounts, sum to the fixed total, and (unless allowed) show no negative balance. Transfers
 * themselves need no bookkeeping: whatever subset of the `info` transfers happened, each
 * consistent snapshot still sums to the total. Pure: history in, verdict out. See docs/checkers.md
 * ("Sets, counters, banks, ids") and the op contract in `workloads/bank.ts`.
 */
import type { History, Op } from '../core/op.js';
import type { Validity, Verdict } from '../core/verdict.js';

/** How many bad reads (and accounts per bad read) the verdict lists at most; counts stay exact. */
export const BANK_LIST_MAX = 20;

/** Into how many equal time buckets the fraction of bad reads is split by default. */
export const BANK_TIME_BUCKETS = 20;

/** Options of {@link checkBank}. */
export interface BankCheckOptions {
  /** Accounts `0 .. accounts-1`. */
  accounts: number;
  /** What every read must sum to. */
  total: number;
  /** Accept negative balances (for systems that promise no such constraint). Default false. */
  negativeBalancesAllowed?: boolean;
  /** Longest list in the verdict; default {@link BANK_LIST_MAX}. */
  maxListed?: number;
  /** Time buckets of {@link BankVerdict.overTime}; default {@link BANK_TIME_BUCKETS}. */
  buckets?: number;
}

/** What can be wrong with one read. */
export type BankProblem = 'wrong-total' | 'negative-balance' | 'missing-account' | 'unexpected-account' | 'not-a-number' | 'not-a-map';

/** One bad read as the verdict reports it. */
export interface BadRead {
  /** History index of the `ok` completion that carries the balances. */
  index: number;
  /** History index of its invocation. */
  invokeIndex: number;
  process: Op['process'];
  node?: string;
  /** Completion time, seconds since the test started. */
  timeS: number;
  /** Sum of the numeric balances read. */
  sum: number;
  problems: BankProblem[];
  /** Accounts absent from the read (at most `maxListed`). */
  missing?: number[];
  /** Keys read that are no account (at most `maxListed`). */
  unexpected?: string[];
  /** Account → negative balance (at most `maxListed`). */
  negative?: Record<string, number>;
  /** Accounts whose balance is not a finite number (at most `maxListed`). */
  notNumbers?: string[];
}

/** Bad reads among the `ok` reads completed in one time bucket. */
export interface BadReadBucket {
  /** Bucket bounds, seconds since the test started. */
  fromS: number;
  toS: number;
  reads: number;
  bad: number;
  /** bad / reads; 0 when no read completed in the bucket. */
  fraction: number;
}

/** The verdict of {@link checkBank}. */
export interface BankVerdict extends Verdict {
  valid: Validity;
  accounts: number;
  total: number;
  negativeBalancesAllowed: boolean;
  /** `ok` reads checked. */
  reads: number;
  /** Of these, the bad ones. */
  badReads: number;
  /** Bad reads by problem (a read can have several). */
  problems: Partial<Record<BankProblem, number>>;
  /** The first `maxListed` bad reads in history order. */
  bad: BadRead[];
  /** Transfers by outcome (`open` = never completed). */
  transfers: { ok: number; fail: number; info: number; open: number };
  /** Fraction of bad reads over time, in equal buckets spanning the history. */
  overTime: BadReadBucket[];
  /** One paragraph for people. */
  explanation: string;
  /** Why the verdict is `unknown`. */
  reason?: string;
}

/** The verdict without its explanation (Omit would lose the named fields to the index signature). */
type Facts = Pick<BankVerdict, 'valid' | 'accounts' | 'total' | 'negativeBalancesAllowed' | 'reads' | 'badReads' | 'problems' | 'bad' | 'transfers' | 'overTime' | 'reason'>;

interface Paired {
  inv: Op;
  invAt: number;
  done?: Op;
}

/** Client ops paired with their completions, in invocation order. Linear. */
function pairOps(history: History): Paired[] {
  const open = new Map<Op['process'], Paired>();
  const out: Paired[] = [];
  history.forEach((op, i) => {
    if (op.process === 'nemesis') return;
    if (op.type === 'invoke') {
      const p: Paired = { inv: op, invAt: i };
      open.set(op.process, p);
      out.push(p);
      return;
    }
    const p = open.get(op.process);
    if (p !== undefined) {
      p.done = op;
      open.delete(op.process);
    }
  });
  return out;
}

/** Examines one read value; `undefined` when it is a consistent snapshot. Pure. */
function badRead(value: unknown, opts: Required<BankCheckOptions>): Omit<BadRead, 'index' | 'invokeIndex' | 'process' | 'timeS'> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { sum: 0, problems: ['not-a-map'] };
  const balances = value as Record<string, unknown>;
  const max = opts.maxListed;
  const missing: number[] = [];
  const unexpected: string[] = [];
  const notNumbers: string[] = [];
  const negative: Record<string, number> = {};
  let negatives = 0;
  let sum = 0;
  for (let a = 0; a < opts.accounts; a++) if (!Object.hasOwn(balances, String(a))) missing.push(a);
  for (const [k, v] of Object.entries(balances)) {
    const n = Number(k);
    if (!(Number.isSafeInteger(n) && n >= 0 && n < opts.accounts && String(n) === k)) unexpected.push(k);
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      notNumbers.push(k);
      continue;
    }
    sum += v;
    if (v < 0 && !opts.negativeBalancesAllowed) {
      if (negatives++ < max) negative[k] = v;
    }
  }
  const problems: BankProblem[] = [];
  if (sum !== opts.total) problems.push('wrong-total');
  if (negatives > 0) problems.push('negative-balance');
  if (missing.length > 0) problems.push('missing-account');
  if (unexpected.length > 0) problems.push('unexpected-account');
  if (notNumbers.length > 0) problems.push('not-a-number');
  if (problems.length === 0) return undefined;
  return {
    sum,
    problems,
    ...(missing.length > 0 ? { missing: missing.slice(0, max) } : {}),
    ...(unexpected.length > 0 ? { unexpected: unexpected.slice(0, max) } : {}),
    ...(negatives > 0 ? { negative } : {}),
    ...(notNumbers.length > 0 ? { notNumbers: notNumbers.slice(0, max) } : {}),
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function buckets(reads: readonly { t: number; bad: boolean }[], endNs: number, n: number): BadReadBucket[] {
  if (reads.length === 0) return [];
  const width = Math.max(endNs, 1) / n;
  const out: BadReadBucket[] = Array.from({ length: n }, (_, i) => ({ fromS: round3((i * width) / 1e9), toS: round3(((i + 1) * width) / 1e9), reads: 0, bad: 0, fraction: 0 }));
  for (const r of reads) {
    const b = out[Math.min(n - 1, Math.max(0, Math.floor(r.t / width)))];
    b.reads++;
    if (r.bad) b.bad++;
  }
  for (const b of out) b.fraction = b.reads === 0 ? 0 : round3(b.bad / b.reads);
  return out;
}

const PROBLEM_WORDS: Record<BankProblem, string> = {
  'wrong-total': 'did not sum to the total',
  'negative-balance': 'showed a negative balance',
  'missing-account': 'lacked an account',
  'unexpected-account': 'held a key that is no account',
  'not-a-number': 'held a balance that is not a number',
  'not-a-map': 'was not a map of balances',
};

function explain(v: Facts): string {
  const t = v.transfers;
  const moved = `${t.ok} transfers were acknowledged, ${t.fail} definitely failed and ${t.info + t.open} are unknown`;
  const bank = `${v.accounts} accounts holding ${v.total}`;
  if (v.reads === 0) return `No read of the ${bank} completed ok, so no snapshot of the balances was ever seen and nothing could be checked (${moved}).`;
  if (v.badReads === 0) {
    return (
      `All ${v.reads} ok reads of the ${bank} were consistent snapshots: each held exactly the accounts, summed to ${v.total}` +
      `${v.negativeBalancesAllowed ? '' : ' and showed no negative balance'}. ${moved}; unknown transfers need no special care, ` +
      'since a transfer only moves money and every snapshot, whichever of them happened, must still sum to the total.'
    );
  }
  const kinds = (Object.entries(v.problems) as [BankProblem, number][]).map(([p, n]) => `${n} ${PROBLEM_WORDS[p]}`).join(', ');
  const first = v.bad[0];
  const pct = Math.round((1000 * v.badReads) / v.reads) / 10;
  return (
    `${v.badReads} of ${v.reads} ok reads (${pct}%) of the ${bank} were not consistent snapshots: ${kinds}. ` +
    `The first is op ${first.index} (process ${String(first.process)}${first.node === undefined ? '' : ` on ${first.node}`}, ${first.timeS} s), which summed to ${first.sum}. ` +
    `${v.problems['wrong-total'] ? 'A read that sums to something else saw one leg of a transfer without the other, or a lost or doubled update. ' : ''}` +
    `${v.problems['negative-balance'] ? 'A negative balance means a transfer overdrew its account. ' : ''}` +
    `${moved}; see overTime for when the bad reads happened.`
  );
}

/**
 * Checks a bank history: every `ok` read must hold exactly the accounts `0 .. accounts-1`
 * (as keys `"0"`, `"1"`, …), sum to `total`, and have no negative balance unless
 * `negativeBalancesAllowed`. Invalid with any bad read; `unknown` when no read completed ok;
 * otherwise valid. Transfers are only counted. Pure; linear in the history.
 */
export function checkBank(history: History, options: BankCheckOptions): BankVerdict {
  const opts: Required<BankCheckOptions> = {
    negativeBalancesAllowed: false,
    maxListed: BANK_LIST_MAX,
    buckets: BANK_TIME_BUCKETS,
    ...options,
  };
  const transfers = { ok: 0, fail: 0, info: 0, open: 0 };
  const problems: Partial<Record<BankProblem, number>> = {};
  const bad: BadRead[] = [];
  const timeline: { t: number; bad: boolean }[] = [];
  let reads = 0;
  let badReads = 0;
  for (const p of pairOps(history)) {
    if (p.inv.f === 'transfer') {
      const type = p.done?.type;
      if (type === 'ok' || type === 'fail' || type === 'info') transfers[type]++;
      else transfers.open++;
      continue;
    }
    if (p.inv.f !== 'read' || p.done?.type !== 'ok') continue;
    const done = p.done;
    reads++;
    const b = badRead(done.value, opts);
    timeline.push({ t: done.time, bad: b !== undefined });
    if (b === undefined) continue;
    badReads++;
    for (const k of b.problems) problems[k] = (problems[k] ?? 0) + 1;
    if (bad.length < opts.maxListed) {
      const node = done.node ?? p.inv.node;
      bad.push({ index: done.index, invokeIndex: p.inv.index, process: p.inv.process, ...(node === undefined ? {} : { node }), timeS: round3(done.time / 1e9), ...b });
    }
  }
  const endNs = history.length === 0 ? 0 : history[history.length - 1].time;
  const verdict: Facts = {
    valid: badReads > 0 ? false : reads === 0 ? 'unknown' : true,
    accounts: opts.accounts,
    total: opts.total,
    negativeBalancesAllowed: opts.negativeBalancesAllowed,
    reads,
    badReads,
    problems,
    bad,
    transfers,
    overTime: buckets(timeline, endNs, Math.max(1, Math.floor(opts.buckets))),
    ...(reads === 0 ? { reason: 'no read completed ok: the balances were never observed' } : {}),
  };
  const found = Object.entries(verdict.problems).map(([k, c]) => `${c} ${k}`).join(', ');
  const summary = verdict.badReads > 0 ? `${verdict.badReads} of ${verdict.reads} reads were not consistent snapshots (${found})` : undefined;
  return { ...verdict, explanation: explain(verdict), ...(summary === undefined ? {} : { summary }) };
}

/**
 * A simulated transactional log for tests: `txn` ops of 1–3 sends (to random keys) and maybe
 * a poll, each applied atomically at its invocation (polls see the log before the op's own
 * sends), several processes overlapping, some ops failing (not applied) or ending `info`
 * (applied or not). A final plain poll reads every key from offset 0. Such a history has no
 * G0 / G1c cycle of any form.
 */
import type { History, Op } from '../../../core/op.js';

/** Options of {@link txnLogHistory}. */
export interface TxnSimOptions {
  seed: number;
  processes: number;
  keys: number;
  txns: number;
  failRate: number;
  infoRate: number;
}

type Mop = unknown[];

/** A small seeded PRNG (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A history of the simulated transactional log. */
export function txnLogHistory(o: TxnSimOptions): History {
  const r = rng(o.seed);
  const int = (n: number): number => Math.floor(r() * n);
  const logs = new Map<string, number[]>();
  const logOf = (k: string): number[] => {
    let l = logs.get(k);
    if (l === undefined) logs.set(k, (l = []));
    return l;
  };
  const h: History = [];
  const push = (process: number, type: Op['type'], value: unknown, f = 'txn'): void => {
    const op: Op = { index: h.length, time: h.length * 1000, process, type, f, value };
    if (type !== 'ok' && type !== 'invoke') op.error = 'simulated';
    h.push(op);
  };
  const open = new Map<number, { type: Op['type']; value: unknown }>();
  let started = 0;
  let next = 1;
  while (started < o.txns || open.size > 0) {
    const p = int(o.processes);
    const pending = open.get(p);
    if (pending !== undefined) {
      push(p, pending.type, pending.value);
      open.delete(p);
      continue;
    }
    if (started >= o.txns) continue;
    started++;
    const inv: Mop[] = [];
    for (let i = 1 + int(3); i > 0; i--) inv.push(['send', `k${int(o.keys)}`, next++]);
    if (r() < 0.7) inv.splice(int(inv.length + 1), 0, ['poll']);
    push(p, 'invoke', inv);
    const roll = r();
    if (roll < o.failRate) {
      open.set(p, { type: 'fail', value: inv });
      continue;
    }
    if (roll < o.failRate + o.infoRate) {
      if (int(2) === 0) for (const m of inv) if (m[0] === 'send') logOf(m[1] as string).push(m[2] as number);
      open.set(p, { type: 'info', value: inv });
      continue;
    }
    const polled: Record<string, [number, number][]> = {};
    for (const [k, log] of logs) {
      if (r() < 0.5 || log.length === 0) continue;
      const from = int(log.length);
      polled[k] = log.slice(from).map((v, i): [number, number] => [from + i, v]);
    }
    const done = inv.map((m) => {
      if (m[0] === 'poll') return ['poll', polled];
      const log = logOf(m[1] as string);
      log.push(m[2] as number);
      return ['send', m[1], [log.length - 1, m[2]]];
    });
    open.set(p, { type: 'ok', value: done });
  }
  const all: Record<string, [number, number][]> = {};
  for (const [k, log] of logs) all[k] = log.map((v, i): [number, number] => [i, v]);
  push(o.processes, 'invoke', [['poll']], 'poll');
  push(o.processes, 'ok', [['poll', all]], 'poll');
  return h;
}

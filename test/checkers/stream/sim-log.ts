/**
 * A simulated correct log for tests: a `completion` function for `simulate` that applies each
 * stream op at its invocation (an instant inside the op's window, so the history is correct),
 * with per-process consumer state (assign resumes where the process last was, subscribe
 * starts at the group's position), crashes, and random `fail` / `info` sends.
 */
import type { Invocation, Rng, SimOutcome } from '../../../core/generator/index.js';

/** Options of {@link simLog}. */
export interface SimLogOptions {
  /** Probability a send fails (not applied). Default 0. */
  failRate?: number;
  /** Probability a send completes info (applied or not, half and half). Default 0. */
  infoRate?: number;
  /** Most records per key per poll. Default 50. */
  maxPoll?: number;
}

interface Consumer {
  held: Map<string, 'assign' | 'subscribe'>;
  /** Next offset to read, per key, kept across re-assignments. */
  next: Map<string, number>;
}

/** The log's state, for assertions. */
export interface SimLogState {
  readonly logs: Map<string, number[]>;
}

/** A fresh simulated log; `completion` goes to `simulate`. */
export function simLog(opts: SimLogOptions = {}): { completion: (op: Invocation, rng: Rng) => SimOutcome; state: SimLogState } {
  const logs = new Map<string, number[]>();
  const consumers = new Map<unknown, Consumer>();
  const group = new Map<string, number>();
  const maxPoll = opts.maxPoll ?? 50;
  const consumer = (p: unknown): Consumer => {
    let c = consumers.get(p);
    if (c === undefined) consumers.set(p, (c = { held: new Map(), next: new Map() }));
    return c;
  };
  const logOf = (k: string): number[] => {
    let l = logs.get(k);
    if (l === undefined) logs.set(k, (l = []));
    return l;
  };
  const poll = (c: Consumer): Record<string, [number, number][]> => {
    const out: Record<string, [number, number][]> = {};
    for (const [k, mode] of [...c.held].sort()) {
      const log = logOf(k);
      const from = mode === 'subscribe' ? (group.get(k) ?? 0) : (c.next.get(k) ?? 0);
      const recs: [number, number][] = [];
      for (let o = from; o < log.length && recs.length < maxPoll; o++) recs.push([o, log[o]]);
      const to = from + recs.length;
      if (mode === 'subscribe') group.set(k, to);
      if (recs.length > 0) c.next.set(k, to); // an assign resumes where this process last read
      if (recs.length > 0) out[k] = recs;
    }
    return out;
  };
  const completion = (op: Invocation, rng: Rng): SimOutcome => {
    if (op.process === 'nemesis') return 'info';
    const c = consumer(op.process);
    switch (op.f) {
      case 'assign':
      case 'subscribe': {
        const keys = op.value as string[];
        c.held = new Map(keys.map((k) => [k, op.f as 'assign' | 'subscribe']));
        return { type: 'ok', value: keys };
      }
      case 'crash':
        consumers.delete(op.process);
        return { type: 'info', error: 'crashed on purpose' };
      case 'send':
      case 'poll':
      case 'txn': {
        const mops = op.value as (readonly ['send', string, number] | readonly ['poll'])[];
        const sends = mops.filter((m) => m[0] === 'send');
        if (sends.length > 0 && rng.float() < (opts.failRate ?? 0)) return { type: 'fail', error: 'refused' };
        if (sends.length > 0 && rng.float() < (opts.infoRate ?? 0)) {
          if (rng.int(2) === 0) for (const m of sends) logOf(m[1] as string).push(m[2] as number);
          return { type: 'info', error: 'timed out' };
        }
        // polls see the log before this op's own sends (a transaction's writes are not yet committed)
        const polled = mops.filter((m) => m[0] === 'poll').map(() => poll(c));
        let pi = 0;
        const value = mops.map((m) => {
          if (m[0] === 'poll') return ['poll', polled[pi++]];
          const log = logOf(m[1] as string);
          log.push(m[2] as number);
          return ['send', m[1], [log.length - 1, m[2]]];
        });
        return { type: 'ok', value };
      }
      default:
        return 'ok';
    }
  };
  return { completion, state: { logs } };
}

/**
 * The facts the ledger checker (./ledger.ts) reads from a history of the `ledger` workload
 * (workloads/ledger.ts; ops per checkers/stream/ops.ts plus `fence`): every send with its
 * outcome, every record any poll returned, every ok fence with the last entry it sealed.
 * Pure; linear in history size.
 *
 * Offsets: entry `e` of the `i`-th ledger of a log has offset `i * LEDGER_STRIDE + e`.
 */
import type { History, Op } from '../core/op.js';

/** Entries per ledger that offsets leave room for (the bridge's stride). */
export const LEDGER_STRIDE = 1_000_000;

/** The ledger (0-based position in its log's chain) of an offset. Pure. */
export function ledgerOf(offset: number): number {
  return Math.floor(offset / LEDGER_STRIDE);
}

/** One send: its key and value, when it was invoked and how it ended. */
export interface SendFact {
  key: string;
  value: number;
  process: Op['process'];
  /** History index of the invocation. */
  invoke: number;
  /** `open` = never completed (indeterminate, like `info`). */
  type: 'ok' | 'fail' | 'info' | 'open';
  /** History index of the completion. */
  complete?: number;
  /** The acknowledged offset (ok only). */
  offset?: number;
}

/** One record a poll returned. */
export interface ReadFact {
  key: string;
  offset: number;
  value: number;
  process: Op['process'];
  /** History indexes of the poll's invocation and completion. */
  invoke: number;
  complete: number;
  /** Whether the poll completed ok. */
  ok: boolean;
}

/** An ok fence: the log's last ledger at that time, recovered and closed. */
export interface FenceFact {
  key: string;
  ledger: number;
  /** Offset of the ledger's last entry; null when it sealed empty. */
  last: number | null;
  invoke: number;
  complete: number;
}

/** Everything the ledger checker needs. */
export interface LedgerFacts {
  sends: SendFact[];
  reads: ReadFact[];
  fences: FenceFact[];
  /** Micro-ops or values that could not be read. */
  malformed: number;
}

const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x);

/** Extracts {@link LedgerFacts} from a history. Pure; linear. */
export function ledgerFacts(history: History): LedgerFacts {
  const facts: LedgerFacts = { sends: [], reads: [], fences: [], malformed: 0 };
  const open = new Map<Op['process'], { op: Op; index: number; sends: SendFact[] }>();
  history.forEach((op, index) => {
    if (op.process === 'nemesis') return;
    if (op.type === 'invoke') {
      const sends: SendFact[] = [];
      if (op.f === 'send' || op.f === 'txn') {
        for (const m of Array.isArray(op.value) ? (op.value as unknown[]) : []) {
          if (!Array.isArray(m) || m[0] !== 'send') continue;
          if (typeof m[1] !== 'string' || !isInt(m[2])) {
            facts.malformed++;
            continue;
          }
          const s: SendFact = { key: m[1], value: m[2], process: op.process, invoke: index, type: 'open' };
          sends.push(s);
          facts.sends.push(s);
        }
      }
      open.set(op.process, { op, index, sends });
      return;
    }
    const inv = open.get(op.process);
    open.delete(op.process);
    if (inv === undefined) return;
    for (const s of inv.sends) {
      s.type = op.type;
      s.complete = index;
    }
    if (op.f === 'send' || op.f === 'txn' || op.f === 'poll') {
      const micro = Array.isArray(op.value) ? (op.value as unknown[]) : [];
      let i = 0;
      for (const m of micro) {
        if (!Array.isArray(m)) continue;
        if (m[0] === 'send' && op.type === 'ok') {
          const s = inv.sends[i++];
          const pair = m[2] as unknown;
          if (s !== undefined && Array.isArray(pair) && isInt(pair[0])) s.offset = pair[0];
          else facts.malformed++;
        } else if (m[0] === 'poll' && typeof m[1] === 'object' && m[1] !== null) {
          for (const [key, records] of Object.entries(m[1] as Record<string, unknown>)) {
            for (const r of Array.isArray(records) ? records : []) {
              if (!Array.isArray(r) || !isInt(r[0]) || !isInt(r[1])) {
                facts.malformed++;
                continue;
              }
              facts.reads.push({ key, offset: r[0], value: r[1], process: op.process, invoke: inv.index, complete: index, ok: op.type === 'ok' });
            }
          }
        }
      }
    } else if (op.f === 'fence' && op.type === 'ok') {
      const v = op.value as { key?: unknown; ledger?: unknown; last?: unknown } | null;
      if (v === null || typeof v !== 'object' || typeof v.key !== 'string') facts.malformed++;
      else if (isInt(v.ledger) && (v.last === null || isInt(v.last))) {
        facts.fences.push({ key: v.key, ledger: v.ledger, last: v.last, invoke: inv.index, complete: index });
      } else if (v.ledger !== null) facts.malformed++;
    }
  });
  return facts;
}

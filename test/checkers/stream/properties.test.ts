import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkStream } from '../../../checkers/stream/index.js';
import { clients, eachThread, limit, phases, simulate } from '../../../core/generator/index.js';
import type { History } from '../../../core/op.js';
import { queueWorkload } from '../../../workloads/queue.js';
import { simLog } from './sim-log.js';

interface Params {
  seed: number;
  threads: number;
  keys: number;
  ops: number;
  failRate: number;
  infoRate: number;
}

const params = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  threads: fc.integer({ min: 1, max: 5 }),
  keys: fc.integer({ min: 1, max: 4 }),
  ops: fc.integer({ min: 50, max: 400 }),
  failRate: fc.constantFrom(0, 0.05, 0.2),
  infoRate: fc.constantFrom(0, 0.05, 0.2),
});

/** A history of the queue workload against a simulated correct log, final reads included. */
function correctHistory(p: Params): History {
  const w = queueWorkload({ keys: p.keys });
  const sim = simLog({ failRate: p.failRate, infoRate: p.infoRate, maxPoll: 20 });
  const gen = phases(limit(p.ops, w.generator), clients(eachThread(w.finalGenerator!)));
  return simulate(gen, { threads: p.threads, nemesis: false, seed: p.seed, completion: sim.completion, latencyNs: (_op, rng) => 1 + rng.int(3_000_000) });
}

type Rec = [number, number];
type PollMop = ['poll', Record<string, Rec[]>];

/** Every ok poll micro-op's record lists in the history (mutable references). */
function okPollLists(h: History): { key: string; list: Rec[]; op: number }[] {
  const out: { key: string; list: Rec[]; op: number }[] = [];
  for (const op of h) {
    if (op.type !== 'ok' || !Array.isArray(op.value)) continue;
    for (const m of op.value as unknown[]) {
      if (!Array.isArray(m) || m[0] !== 'poll') continue;
      for (const [key, list] of Object.entries((m as PollMop)[1])) out.push({ key, list, op: op.index });
    }
  }
  return out;
}

/**
 * Whether something else in `h` pins the value at `offset` of `key`: another ok read of that
 * offset, or an ok send acknowledged at it. Without such a witness a changed value there is
 * a read of a value nobody sent (aborted-read), not provably an offset conflict.
 */
function witnessed(h: History, key: string, offset: number, except: Rec[]): boolean {
  if (okPollLists(h).some((l) => l.key === key && l.list !== except && l.list.some(([o]) => o === offset))) return true;
  return h.some((op) => op.type === 'ok' && Array.isArray(op.value) && (op.value as unknown[]).some((m) => Array.isArray(m) && m[0] === 'send' && m[1] === key && Array.isArray(m[2]) && m[2][0] === offset));
}

const fired = (h: History): string[] => {
  const v = checkStream(h);
  return Object.entries(v.counts)
    .filter(([, n]) => n > 0)
    .map(([c]) => c);
};

describe('stream checker properties', () => {
  it('histories of a correct log (concurrent senders and pollers, crashes, failed and unknown sends) are valid', () => {
    fc.assert(
      fc.property(params, (p) => {
        const h = correctHistory(p);
        const v = checkStream(h);
        // consumers of one group share positions, so a member's own reads may jump: reported only
        expect(fired(h).filter((c) => !c.startsWith('group-'))).toEqual([]);
        expect(v.valid).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('a lost write (an acknowledged value removed from every read below what was read) is caught as lost-write', () => {
    fc.assert(
      fc.property(params, fc.nat(), (p, pick) => {
        const h = structuredClone(correctHistory({ ...p, failRate: 0, infoRate: 0 }));
        const lists = okPollLists(h).filter((l) => l.list.length >= 2);
        fc.pre(lists.length > 0);
        const { key, list } = lists[pick % lists.length];
        const [, victim] = list[0]; // some ok read reached past it (list[1])
        for (const l of okPollLists(h)) if (l.key === key) l.list.splice(0, l.list.length, ...l.list.filter(([, v]) => v !== victim));
        for (const op of h) {
          // and from failed / unknown reads too
          if (op.type === 'ok' || !Array.isArray(op.value)) continue;
          for (const m of op.value as unknown[]) if (Array.isArray(m) && m[0] === 'poll' && m[1]) {
            const recs = (m as PollMop)[1][key];
            if (recs) (m as PollMop)[1][key] = recs.filter(([, v]) => v !== victim);
          }
        }
        const v = checkStream(h);
        expect(v.valid).toBe(false);
        expect(v.counts['lost-write']).toBeGreaterThan(0);
        expect(v.anomalies['lost-write']!.some((a) => a.values[0] === victim && a.key === key)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('a duplicated record (one value read at a second offset) is caught as duplicate', () => {
    fc.assert(
      fc.property(params, fc.nat(), (p, pick) => {
        const h = structuredClone(correctHistory(p));
        const lists = okPollLists(h);
        fc.pre(lists.length > 0);
        const { key, list } = lists[pick % lists.length];
        const [off, val] = list[list.length - 1];
        list.push([off + 1_000_000, val]);
        const v = checkStream(h);
        expect(v.valid).toBe(false);
        expect(v.anomalies.duplicate!.some((a) => a.key === key && a.values[0] === val)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('an offset conflict (a read returns another value of the key at an offset) is caught as inconsistent-offsets (as aborted-read when nothing else pins that offset)', () => {
    fc.assert(
      fc.property(params, fc.nat(), (p, pick) => {
        const h = structuredClone(correctHistory(p));
        const lists = okPollLists(h);
        fc.pre(lists.length > 0);
        const { key, list } = lists[pick % lists.length];
        const i = pick % list.length;
        const pinned = witnessed(h, key, list[i][0], list);
        list[i] = [list[i][0], 10_000_000 + pick]; // a value nobody sent, at a taken offset
        const v = checkStream(h);
        expect(v.valid).toBe(false);
        if (pinned) expect(v.anomalies['inconsistent-offsets']!.some((a) => a.key === key && a.offsets[0] === list[i][0])).toBe(true);
        // the only witness of that offset (its send's outcome unknown): all that shows is a value nobody sent
        else expect(v.anomalies['aborted-read']!.some((a) => a.key === key && a.values[0] === 10_000_000 + pick)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('reordering inside one read is caught as internal-nonmonotonic', () => {
    fc.assert(
      fc.property(params, fc.nat(), (p, pick) => {
        const h = structuredClone(correctHistory(p));
        const lists = okPollLists(h).filter((l) => l.list.length >= 2);
        fc.pre(lists.length > 0);
        const { list } = lists[pick % lists.length];
        const i = pick % (list.length - 1);
        [list[i], list[i + 1]] = [list[i + 1], list[i]];
        const v = checkStream(h);
        expect(v.valid).toBe(false);
        expect(v.counts['internal-nonmonotonic']).toBeGreaterThan(0);
      }),
      { numRuns: 25 },
    );
  });

  it('reordered polls of an assigned key are caught as nonmonotonic-poll', () => {
    fc.assert(
      fc.property(params, (p) => {
        const h = structuredClone(correctHistory({ ...p, failRate: 0, infoRate: 0 }));
        // two polls of one key by one process while it holds the key by assign: swap their records
        const held = new Map<unknown, boolean>();
        const firstRead = new Map<string, { key: string; list: Rec[] }>();
        const lists = okPollLists(h);
        let li = 0;
        let swapped = false;
        for (const op of h) {
          if (swapped) break;
          if (op.type === 'invoke') continue;
          if (op.f === 'assign' || op.f === 'subscribe' || op.f === 'crash') {
            held.set(op.process, op.type === 'ok' && op.f === 'assign');
            for (const k of [...firstRead.keys()]) if (k.startsWith(`${String(op.process)}/`)) firstRead.delete(k);
            continue;
          }
          while (li < lists.length && lists[li].op < op.index) li++;
          for (; li < lists.length && lists[li].op === op.index; li++) {
            const l = lists[li];
            if (op.f !== 'poll' || held.get(op.process) !== true) continue;
            const id = `${String(op.process)}/${l.key}`;
            const a = firstRead.get(id);
            if (a === undefined) {
              firstRead.set(id, l);
              continue;
            }
            const tmp = a.list.splice(0);
            a.list.push(...l.list.splice(0));
            l.list.push(...tmp);
            swapped = true;
            break;
          }
        }
        fc.pre(swapped);
        const v = checkStream(h);
        expect(v.valid).toBe(false);
        expect(v.counts['nonmonotonic-poll']).toBeGreaterThan(0);
      }),
      { numRuns: 25 },
    );
  });
});

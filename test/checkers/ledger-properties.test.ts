/**
 * fast-check properties of the ledger checker over histories of a simulated correct ledger
 * log (writers take over by sealing the last ledger and starting the next, fences seal, a
 * fenced writer's next add fails, readers read each ledger up to its end or the last-add-
 * confirmed): always valid, also for the stream checker; injected faults are caught and named.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLedger } from '../../checkers/ledger.js';
import { LEDGER_STRIDE } from '../../checkers/ledger-history.js';
import { checkStream } from '../../checkers/stream/index.js';
import type { History, Op, OpType, ProcessId } from '../../core/op.js';

type Cmd = { t: 'send'; key: number; outcome: 'ok' | 'info-applied' | 'info-lost' } | { t: 'fence'; key: number } | { t: 'poll'; reader: number } | { t: 'crash'; key: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('send' as const), key: fc.nat(1), outcome: fc.constantFrom('ok' as const, 'ok' as const, 'ok' as const, 'info-applied' as const, 'info-lost' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('fence' as const), key: fc.nat(1) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('poll' as const), reader: fc.nat(1) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('crash' as const), key: fc.nat(1) }) },
);

interface Ledger {
  values: number[];
  closed: boolean;
}

/** Runs `cmds` against a correct model of logs made of ledger chains; returns the history. */
function simulate(cmds: readonly Cmd[]): History {
  const ops: History = [];
  const push = (process: ProcessId, type: OpType, f: string, value: unknown): void => {
    const op: Op = { index: ops.length, time: ops.length * 1000, process, type, f, value };
    if (type === 'info' || type === 'fail') op.error = 'sim';
    ops.push(op);
  };
  const keys = ['l0', 'l1'];
  const logs: Ledger[][] = keys.map(() => []);
  // Writer state per key: its process, the ledger it holds (-1: none), next value.
  const writers = keys.map((_, k) => ({ process: k, ledger: -1, next: 0, epoch: 0 }));
  const readers = [0, 1].map((r) => ({ process: 100 + r, pos: keys.map(() => [0, 0] as [number, number]), assigned: false }));
  for (const c of cmds) {
    if (c.t === 'send') {
      const w = writers[c.key];
      const log = logs[c.key];
      const value = w.next++;
      push(w.process, 'invoke', 'send', [['send', keys[c.key], value]]);
      if (w.ledger >= 0 && log[w.ledger].closed) {
        // Fenced: the add fails, the process is replaced and the next send takes over.
        push(w.process, 'info', 'send', [['send', keys[c.key], value]]);
        w.process += 10;
        w.ledger = -1;
        continue;
      }
      if (w.ledger < 0) {
        if (log.length > 0) log[log.length - 1].closed = true;
        log.push({ values: [], closed: false });
        w.ledger = log.length - 1;
      }
      if (c.outcome !== 'info-lost') log[w.ledger].values.push(value);
      const offset = w.ledger * LEDGER_STRIDE + log[w.ledger].values.length - 1;
      if (c.outcome === 'ok') push(w.process, 'ok', 'send', [['send', keys[c.key], [offset, value]]]);
      else {
        push(w.process, 'info', 'send', [['send', keys[c.key], value]]);
        w.process += 10;
        w.ledger = -1;
      }
    } else if (c.t === 'fence') {
      const log = logs[c.key];
      push(50, 'invoke', 'fence', keys[c.key]);
      if (log.length === 0) push(50, 'ok', 'fence', { key: keys[c.key], ledger: null });
      else {
        const i = log.length - 1;
        log[i].closed = true;
        const n = log[i].values.length;
        push(50, 'ok', 'fence', { key: keys[c.key], ledger: i, ledgerId: i, last: n === 0 ? null : i * LEDGER_STRIDE + n - 1 });
      }
    } else if (c.t === 'crash') {
      const w = writers[c.key];
      push(w.process, 'invoke', 'crash', null);
      push(w.process, 'info', 'crash', null);
      w.process += 10;
      w.ledger = -1;
    } else {
      const r = readers[c.reader];
      if (!r.assigned) {
        push(r.process, 'invoke', 'assign', keys);
        push(r.process, 'ok', 'assign', keys);
        r.assigned = true;
      }
      const recs: Record<string, [number, number][]> = {};
      keys.forEach((key, k) => {
        const out: [number, number][] = [];
        let [i, e] = r.pos[k];
        while (i < logs[k].length) {
          const l = logs[k][i];
          // An open ledger is read up to its last-add-confirmed: all but its newest entry.
          const end = l.closed ? l.values.length : l.values.length - 1;
          for (; e < end; e++) out.push([i * LEDGER_STRIDE + e, l.values[e]]);
          if (!l.closed) break;
          i++;
          e = 0;
        }
        r.pos[k] = [i, e];
        recs[key] = out;
      });
      push(r.process, 'invoke', 'poll', [['poll']]);
      push(r.process, 'ok', 'poll', [['poll', recs]]);
    }
  }
  return ops;
}

describe('ledger checker properties', () => {
  it('histories of a correct ledger log are valid (ledger and stream checkers)', () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 120 }), (cmds) => {
        const h = simulate(cmds);
        const v = checkLedger(h);
        expect(v.valid === true || v.valid === 'unknown').toBe(true);
        expect(checkStream(h, { promise: 'assign' }).valid).not.toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('an acknowledged entry dropped from a fence seal is caught as lost-after-fence', () => {
    fc.assert(
      fc.property(fc.array(cmd, { minLength: 5, maxLength: 80 }), (cmds) => {
        const h = simulate([{ t: 'send', key: 0, outcome: 'ok' }, ...cmds, { t: 'crash', key: 0 }, { t: 'send', key: 0, outcome: 'ok' }, { t: 'fence', key: 0 }]);
        const fence = h[h.length - 1].value as { last: number | null };
        const ack = h[h.length - 3].value as [['send', string, [number, number]]];
        fence.last = ack[0][2][0] % LEDGER_STRIDE === 0 ? null : ack[0][2][0] - 1;
        const v = checkLedger(h);
        expect(v.valid).toBe(false);
        expect(v.counts['lost-after-fence']).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 200 },
    );
  });

  it('a read of a value before its send is caught as read-beyond-lac', () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 60 }), (cmds) => {
        const h = simulate([...cmds, { t: 'poll', reader: 0 }]);
        const poll = h[h.length - 1].value as [['poll', Record<string, [number, number][]>]];
        poll[0][1].l0 = [...(poll[0][1].l0 ?? []), [LEDGER_STRIDE * 50, 1_000_000_007]];
        const v = checkLedger(h);
        expect(v.valid).toBe(false);
        expect(v.counts['read-beyond-lac']).toBe(1);
      }),
      { numRuns: 100 },
    );
  });
});

/**
 * The ledger checker on hand-built histories: a valid log with a fence and a second ledger,
 * then one history per anomaly class that gets exactly that class, with its key, offsets,
 * values and op indexes.
 */
import { describe, expect, it } from 'vitest';
import { checkLedger, LEDGER_CLASSES, type LedgerClass } from '../../checkers/ledger.js';
import { LEDGER_STRIDE, ledgerFacts, ledgerOf } from '../../checkers/ledger-history.js';
import type { History, Op, OpType, ProcessId } from '../../core/op.js';

const S = LEDGER_STRIDE;

/** Appends invocations and completions, one op at a time unless `open` is used. */
class H {
  readonly ops: History = [];
  push(process: ProcessId, type: OpType, f: string, value: unknown): number {
    const op: Op = { index: this.ops.length, time: this.ops.length * 1000, process, type, f, value };
    if (type !== 'ok' && type !== 'invoke') op.error = 'test';
    this.ops.push(op);
    return op.index;
  }
  send(p: ProcessId, key: string, value: number, offset?: number, type: Exclude<OpType, 'invoke'> = 'ok'): number {
    this.push(p, 'invoke', 'send', [['send', key, value]]);
    return this.push(p, type, 'send', [['send', key, type === 'ok' ? [offset, value] : value]]);
  }
  poll(p: ProcessId, recs: Record<string, [number, number][]>, type: Exclude<OpType, 'invoke'> = 'ok'): number {
    this.push(p, 'invoke', 'poll', [['poll']]);
    return this.push(p, type, 'poll', [['poll', recs]]);
  }
  fence(p: ProcessId, key: string, ledger: number | null, last: number | null): number {
    this.push(p, 'invoke', 'fence', key);
    return this.push(p, 'ok', 'fence', { key, ledger, ledgerId: 7, last });
  }
}

/** The classes with a non-zero count. */
function found(h: H): LedgerClass[] {
  const v = checkLedger(h.ops);
  return LEDGER_CLASSES.filter((c) => v.counts[c] > 0);
}

/** A correct prefix: writer 0 appends 1..3 to l0, reader 9 reads them, a fence seals ledger 0 at entry 2. */
function base(): H {
  const h = new H();
  h.send(0, 'l0', 1, 0);
  h.send(0, 'l0', 2, 1);
  h.send(0, 'l0', 3, 2);
  h.poll(9, { l0: [[0, 1], [1, 2]] });
  h.fence(5, 'l0', 0, 2);
  return h;
}

describe('ledger facts', () => {
  it('reads sends, records and fences; offsets split into ledger and entry', () => {
    const h = base();
    h.send(1, 'l0', 4, S);
    const f = ledgerFacts(h.ops);
    expect(f.sends.map((s) => [s.value, s.type, s.offset])).toEqual([[1, 'ok', 0], [2, 'ok', 1], [3, 'ok', 2], [4, 'ok', S]]);
    expect(f.reads.map((r) => [r.offset, r.value, r.ok])).toEqual([[0, 1, true], [1, 2, true]]);
    expect(f.fences).toEqual([{ key: 'l0', ledger: 0, last: 2, invoke: 8, complete: 9 }]);
    expect(ledgerOf(S + 5)).toBe(1);
    expect(f.malformed).toBe(0);
  });
});

describe('checkLedger', () => {
  it('a fenced log continued in a second ledger, read to the end, is valid', () => {
    const h = base();
    h.send(0, 'l0', 99, undefined, 'info'); // the old writer's add after the fence: fenced
    h.send(1, 'l0', 4, S);
    h.send(1, 'l0', 5, S + 1);
    h.poll(9, { l0: [[2, 3], [S, 4]] });
    const v = checkLedger(h.ops);
    expect(v.valid).toBe(true);
    expect(v.stats).toMatchObject({ keys: 1, acked: 5, fences: 1, sealedLedgers: 1 });
    expect(v.explanation).toMatch(/no acknowledged entry lost/);
  });

  it('nothing acknowledged and nothing read is unknown', () => {
    const h = new H();
    h.send(0, 'l0', 1, undefined, 'info');
    expect(checkLedger(h.ops).valid).toBe('unknown');
  });

  it('lost-after-fence: an acknowledged entry past the sealed last entry', () => {
    const h = new H();
    h.send(0, 'l0', 1, 0);
    const ack = h.send(0, 'l0', 2, 1);
    const fence = h.fence(5, 'l0', 0, 0);
    expect(found(h)).toEqual(['lost-after-fence']);
    const [a] = checkLedger(h.ops).anomalies['lost-after-fence']!;
    expect(a).toMatchObject({ key: 'l0', offset: 1, value: 2, ops: { send: [ack - 1, ack], fence } });
  });

  it('lost-after-fence: an acknowledged entry in a ledger sealed empty', () => {
    const h = new H();
    h.send(0, 'l0', 1, 0);
    h.fence(5, 'l0', 0, null);
    expect(found(h)).toEqual(['lost-after-fence']);
  });

  it('fence-disagreement: two fences seal one ledger at different ends', () => {
    const h = base();
    const second = h.fence(6, 'l0', 0, 1);
    expect(found(h)).toContain('fence-disagreement');
    expect(checkLedger(h.ops).anomalies['fence-disagreement']![0].ops).toEqual({ fence: [9, second] });
  });

  it('fenced-entry-read: a read past the seal (of an entry whose add was in flight at the fence)', () => {
    const h = new H();
    h.send(0, 'l0', 1, 0);
    h.push(0, 'invoke', 'send', [['send', 'l0', 2]]);
    h.fence(5, 'l0', 0, 0);
    h.push(0, 'info', 'send', [['send', 'l0', 2]]);
    const read = h.poll(9, { l0: [[0, 1], [1, 2]] });
    expect(found(h)).toEqual(['fenced-entry-read']);
    expect(checkLedger(h.ops).anomalies['fenced-entry-read']![0]).toMatchObject({ key: 'l0', offset: 1, value: 2, ops: { read: [read - 1, read] } });
  });

  it('fenced-write-acked: an add invoked after its ledger was fenced is acknowledged', () => {
    const h = new H();
    h.send(0, 'l0', 1, 0);
    h.push(9, 'invoke', 'fence', 'l0');
    const fence = h.push(9, 'ok', 'fence', { key: 'l0', ledger: 0, last: 0 });
    const ack = h.send(0, 'l0', 2, 1);
    // The seal says last = 0, so the ack at 1 is also lost after the fence.
    expect(found(h)).toEqual(['lost-after-fence', 'fenced-write-acked']);
    expect(checkLedger(h.ops).anomalies['fenced-write-acked']![0]).toMatchObject({ offset: 1, value: 2, ops: { send: [ack - 1, ack], closedBy: fence } });
  });

  it('fenced-write-acked: an add to ledger 0 acknowledged after ledger 1 had an acknowledged entry (no fence op seen)', () => {
    const h = new H();
    h.send(0, 'l0', 1, 0);
    const next = h.send(1, 'l0', 2, S);
    h.send(0, 'l0', 3, 1);
    expect(found(h)).toEqual(['fenced-write-acked']);
    expect(checkLedger(h.ops).anomalies['fenced-write-acked']![0].ops.closedBy).toBe(next);
  });

  it('fenced-write-visible: a value sent after its ledger closed is read in it', () => {
    const h = new H();
    h.send(0, 'l0', 1, 0);
    h.send(1, 'l0', 2, S); // ledger 0 closed by now
    h.send(0, 'l0', 3, undefined, 'info'); // the fenced writer's add, unacknowledged
    h.poll(9, { l0: [[0, 1], [1, 3]] });
    expect(found(h)).toEqual(['fenced-write-visible']);
  });

  it('read-beyond-lac: a value read before its send was invoked', () => {
    const h = new H();
    h.send(0, 'l0', 1, 0);
    const read = h.poll(9, { l0: [[0, 1], [1, 2]] });
    h.send(0, 'l0', 2, 1);
    expect(found(h)).toEqual(['read-beyond-lac']);
    expect(checkLedger(h.ops).anomalies['read-beyond-lac']![0]).toMatchObject({ key: 'l0', offset: 1, value: 2, ops: { read: [read - 1, read] } });
  });

  it('read-beyond-lac: a value never sent, and one whose send definitely failed', () => {
    const h = new H();
    h.send(0, 'l0', 1, 0);
    h.send(0, 'l0', 2, undefined, 'fail');
    h.poll(9, { l0: [[0, 1], [1, 2], [2, 77]] });
    const v = checkLedger(h.ops);
    expect(found(h)).toEqual(['read-beyond-lac']);
    expect(v.counts['read-beyond-lac']).toBe(2);
    expect(v.anomalies['read-beyond-lac']!.map((a) => a.why)).toEqual([expect.stringMatching(/definitely failed/), expect.stringMatching(/never sent/)]);
  });

  it('caps examples per class but keeps exact counts', () => {
    const h = new H();
    h.poll(9, { l0: Array.from({ length: 20 }, (_, i): [number, number] => [i, 100 + i]) });
    const v = checkLedger(h.ops, { maxExamples: 3 });
    expect(v.counts['read-beyond-lac']).toBe(20);
    expect(v.anomalies['read-beyond-lac']).toHaveLength(3);
  });
});

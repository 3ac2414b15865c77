import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkStream, STREAM_CLASSES } from '../../../checkers/stream/index.js';
import type { History, Op } from '../../../core/op.js';
import { StreamHistory } from './builder.js';
import { txnLogHistory } from './txn-sim.js';

const CYCLES = ['G0', 'G1c', 'G0-process', 'G1c-process', 'G0-realtime', 'G1c-realtime'] as const;
const fired = (h: History): string[] => {
  const v = checkStream(h);
  return STREAM_CLASSES.filter((c) => v.counts[c] > 0);
};

/** Two overlapping txns of processes 0 and 1 with these completions, and a final read of `all`. */
function pair(a: unknown[], b: unknown[], all: Record<string, [number, number][]>): History {
  const s = new StreamHistory();
  s.open(0, 'txn', a.map((m) => (m as unknown[])[0] === 'poll' ? ['poll'] : m));
  s.open(1, 'txn', b.map((m) => (m as unknown[])[0] === 'poll' ? ['poll'] : m));
  s.close(0, 'ok', 'txn', a);
  s.close(1, 'ok', 'txn', b);
  s.poll(2, all);
  return s.ops;
}

describe('stream checker: G0 / G1c among transactions', () => {
  it('finds a G0: two transactions whose sends to x and y landed in opposite orders', () => {
    const h = pair(
      [['send', 'x', [0, 1]], ['send', 'y', [1, 2]]],
      [['send', 'x', [1, 3]], ['send', 'y', [0, 4]]],
      { x: [[0, 1], [1, 3]], y: [[0, 4], [1, 2]] },
    );
    const v = checkStream(h);
    expect(fired(h)).toEqual(['G0']);
    // Kafka transactions interleave: reported by default, an error when asked for
    expect(v.valid).toBe(true);
    expect(v.reportedOnly).toContain('G0');
    expect(checkStream(h, { errors: ['G0'] }).valid).toBe(false);
    const [g0] = v.anomalies.G0 ?? [];
    expect([...g0.ops].sort()).toEqual([2, 3]);
    expect(g0.note).toMatch(/T2 \(process 0\) sent 1 to key x at offset 0 and T3 \(process 1\) sent 3, the next transactional value in that key's log at offset 1, so T2 < T3 \(ww\)/);
    expect(g0.note).toMatch(/T3 \(process 1\) sent 4 to key y at offset 0 and T2 \(process 0\) sent 2/);
    expect(g0.note).toMatch(/a write cycle \(G0\)/);
    expect(v.summary).toBe('4 acknowledged, none lost or out of order; reported only: 1 G0');
    expect(v.stats.txns).toBe(2);
  });

  it('finds a G1c of wr edges alone (G1c-wr, counted): each transaction polled the value the other sent', () => {
    const h = pair(
      [['send', 'x', [0, 1]], ['poll', { y: [[0, 2]] }]],
      [['send', 'y', [0, 2]], ['poll', { x: [[0, 1]] }]],
      { x: [[0, 1]], y: [[0, 2]] },
    );
    const v = checkStream(h);
    expect(fired(h)).toEqual(['G1c-wr', 'G1c']);
    expect(v.valid).toBe(false);
    expect(v.counted).toContain('G1c-wr');
    const [c] = v.anomalies['G1c-wr'] ?? [];
    expect(c.note).toMatch(/T3 \(process 1\) sent 2 to key y and T2 \(process 0\) polled it at offset 0, so T3 < T2 \(wr\)/);
    expect(c.note).toMatch(/T2 \(process 0\) sent 1 to key x and T3 \(process 1\) polled it at offset 0, so T2 < T3 \(wr\)/);
    expect(c.note).toMatch(/circular information flow \(G1c\)/);
    expect([...c.values].sort()).toEqual([1, 2]);
  });

  it('a G1c closed only by real time is reported, not counted', () => {
    // T1 completed before T3 began, yet T1 polled the value T3 sent
    const s = new StreamHistory();
    s.open(0, 'txn', [['send', 'x', 1], ['poll']]);
    s.close(0, 'ok', 'txn', [['send', 'x', [0, 1]], ['poll', { y: [[0, 2]] }]]);
    s.open(1, 'txn', [['send', 'y', 2]]);
    s.close(1, 'ok', 'txn', [['send', 'y', [0, 2]]]);
    s.poll(2, { x: [[0, 1]], y: [[0, 2]] });
    const v = checkStream(s.ops);
    expect(fired(s.ops)).toEqual(['G1c-realtime']);
    expect(v.valid).toBe(true);
    expect(v.reportedOnly).toContain('G1c-realtime');
    expect(v.anomalies['G1c-realtime']?.[0].note).toMatch(/T1 \(process 0\) completed before T3 \(process 1\) was invoked, so T1 < T3 \(realtime\)/);
  });

  it('a valid history of transactions (one after another, each reading the last) has no cycle', () => {
    const h = pair(
      [['send', 'x', [0, 1]], ['send', 'y', [0, 2]], ['poll', {}]],
      [['send', 'x', [1, 3]], ['send', 'y', [1, 4]], ['poll', { x: [[0, 1]], y: [[0, 2]] }]],
      { x: [[0, 1], [1, 3]], y: [[0, 2], [1, 4]] },
    );
    const v = checkStream(h);
    expect(fired(h)).toEqual([]);
    expect(v.valid).toBe(true);
    expect(v.stats.txnEdges).toBeGreaterThan(0);
  });

  it('a failed transaction is no node of a cycle; an info one counts once a value of it was read', () => {
    const mk = (type: 'fail' | 'info'): History => {
      const s = new StreamHistory();
      s.open(0, 'txn', [['send', 'x', 1], ['send', 'y', 2]]);
      s.open(1, 'txn', [['send', 'x', 3], ['send', 'y', 4]]);
      s.close(0, 'ok', 'txn', [['send', 'x', [0, 1]], ['send', 'y', [1, 2]]]);
      s.close(1, type, 'txn', [['send', 'x', [1, 3]], ['send', 'y', [0, 4]]]);
      s.poll(2, { x: [[0, 1]], y: type === 'info' ? [[0, 4], [1, 2]] : [[1, 2]] });
      return s.ops;
    };
    expect(fired(mk('fail')).filter((c) => (CYCLES as readonly string[]).includes(c))).toEqual([]);
    expect(fired(mk('info'))).toContain('G0');
  });
});

const simParams = fc.record({
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  processes: fc.integer({ min: 1, max: 5 }),
  keys: fc.integer({ min: 1, max: 4 }),
  txns: fc.integer({ min: 5, max: 150 }),
  failRate: fc.constantFrom(0, 0.1),
  infoRate: fc.constantFrom(0, 0.1),
});

/** The ok txn completions of `h` that sent something, with their sends `[key, offset, value]`. */
function okSenders(h: History): { op: Op; sends: [string, number, number][] }[] {
  const out: { op: Op; sends: [string, number, number][] }[] = [];
  for (const op of h) {
    if (op.f !== 'txn' || op.type !== 'ok') continue;
    const sends = (op.value as unknown[][]).filter((m) => m[0] === 'send').map((m) => [m[1], ...(m[2] as [number, number])] as [string, number, number]);
    if (sends.length > 0) out.push({ op, sends });
  }
  return out;
}

/** Some ok txn A and the ok txn B whose send follows A's on a key (ww A → B), if any. */
function wwPair(h: History, pick: number): { a: Op; b: Op; key: string; offB: number; valB: number } | undefined {
  const senders = okSenders(h);
  const at = new Map<string, Op>();
  for (const s of senders) for (const [k, off] of s.sends) at.set(`${k}@${off}`, s.op);
  for (let i = 0; i < senders.length; i++) {
    const a = senders[(pick + i) % senders.length];
    for (const [k, off] of a.sends) {
      for (let o = off + 1; o < off + 1000; o++) {
        const b = at.get(`${k}@${o}`);
        if (b === undefined) continue;
        if (b === a.op) break;
        const send = okSenders([b])[0].sends.find(([bk, bo]) => bk === k && bo === o) as [string, number, number];
        return { a: a.op, b, key: k, offB: o, valB: send[2] };
      }
    }
  }
  return undefined;
}

describe('stream checker: G0 / G1c properties', () => {
  it('histories of a simulated transactional log (atomic, overlapping, failed and unknown txns) have no cycle', () => {
    fc.assert(
      fc.property(simParams, (p) => {
        const h = txnLogHistory(p);
        expect(fired(h)).toEqual([]);
        expect(checkStream(h).valid).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('an injected G1c with a ww edge (a transaction polls the value of the transaction its own send precedes) is found, reported only', () => {
    fc.assert(
      fc.property(simParams, fc.nat(), (p, pick) => {
        const h = structuredClone(txnLogHistory({ ...p, failRate: 0 }));
        const w = wwPair(h, pick);
        fc.pre(w !== undefined);
        const { a, b, key, offB, valB } = w as NonNullable<typeof w>;
        (a.value as unknown[]).push(['poll', { [key]: [[offB, valB]] }]);
        const v = checkStream(h);
        // (a G1c-wr too when B also polled A's value)
        expect(v.counts.G0 + v.counts.G1c + v.counts['G1c-wr']).toBeGreaterThan(0);
        expect(v.anomalies.G1c?.some((c) => c.ops.includes(a.index) && c.ops.includes(b.index))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('an injected G0 (two transactions whose sends land in opposite orders on a second key) is found', () => {
    fc.assert(
      fc.property(simParams, fc.nat(), (p, pick) => {
        const h = structuredClone(txnLogHistory(p));
        const w = wwPair(h, pick);
        fc.pre(w !== undefined);
        const { a, b } = w as NonNullable<typeof w>;
        (b.value as unknown[]).push(['send', 'zz', [1_000_000, 1_000_000_000]]);
        (a.value as unknown[]).push(['send', 'zz', [1_000_001, 1_000_000_001]]);
        const v = checkStream(h);
        expect(v.counts.G0).toBeGreaterThan(0);
        expect(checkStream(h, { errors: ['G0'] }).valid).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it('an injected pure wr cycle (a transaction polls the send of one that polled its own) is G1c-wr, counted', () => {
    fc.assert(
      fc.property(simParams, fc.nat(), (p, pick) => {
        const h = structuredClone(txnLogHistory({ ...p, failRate: 0 }));
        const w = wrPair(h, pick);
        fc.pre(w !== undefined);
        const { a, b, key, offA, valA } = w as NonNullable<typeof w>;
        (b.value as unknown[]).push(['poll', { [key]: [[offA, valA]] }]);
        const v = checkStream(h);
        expect(v.valid).toBe(false);
        expect(v.counts['G1c-wr']).toBeGreaterThan(0);
        expect(v.anomalies['G1c-wr']?.some((c) => c.ops.includes(a.index) && c.ops.includes(b.index))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });
});

/** Some ok txn A with a send that polled a value an ok txn B sent (wr B → A), if any. */
function wrPair(h: History, pick: number): { a: Op; b: Op; key: string; offA: number; valA: number } | undefined {
  const senders = okSenders(h);
  const byValue = new Map<string, Op>();
  for (const s of senders) for (const [k, , v] of s.sends) byValue.set(`${k}=${v}`, s.op);
  for (let i = 0; i < senders.length; i++) {
    const a = senders[(pick + i) % senders.length];
    for (const m of a.op.value as unknown[][]) {
      if (m[0] !== 'poll') continue;
      for (const [k, recs] of Object.entries(m[1] as Record<string, [number, number][]>)) {
        for (const [, v] of recs) {
          const b = byValue.get(`${k}=${v}`);
          if (b === undefined || b === a.op) continue;
          const [key, offA, valA] = a.sends[0];
          return { a: a.op, b, key, offA, valA };
        }
      }
    }
  }
  return undefined;
}

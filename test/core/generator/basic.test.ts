import { describe, expect, it } from 'vitest';
import {
  andThen,
  clients,
  cycle,
  delay,
  filter,
  first,
  flipFlop,
  limit,
  map,
  millis,
  mix,
  phases,
  repeat,
  seconds,
  seq,
  sleep,
  stagger,
  synchronize,
  timeLimit,
  type Context,
} from '../../../core/generator/index.js';
import { fs, invokes, run } from './helpers.js';

const a = { f: 'a' };
const b = { f: 'b' };
const one = { threads: 1, nemesis: false };

describe('limit and repeat', () => {
  it('limit bounds the number of ops', () => {
    expect(fs(run(limit(4, repeat(a))))).toEqual(['a', 'a', 'a', 'a']);
    expect(run(limit(0, repeat(a)))).toEqual([]);
    expect(fs(run(limit(5, [a, b])))).toEqual(['a', 'b']);
    expect(fs(run(first(repeat(a))))).toEqual(['a']);
    expect(() => limit(-1, a)).toThrow(/got -1/);
  });

  it('repeat re-asks the same generator, drawing afresh each time', () => {
    expect(fs(run(repeat(a, 3)))).toEqual(['a', 'a', 'a']);
    expect(fs(run(repeat([a, b], 3)))).toEqual(['a', 'a', 'a']);
    const values = invokes(run(repeat((ctx: Context) => ({ f: 'w', value: ctx.rng.int(1000) }), 20))).map((o) => o.value);
    expect(new Set(values).size).toBeGreaterThan(10);
  });

  it('cycle runs a generator to exhaustion and starts over', () => {
    expect(fs(run(cycle([a, b], 3), one))).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(fs(run(limit(5, cycle([a, b])), one))).toEqual(['a', 'b', 'a', 'b', 'a']);
    expect(run(cycle([]))).toEqual([]); // an empty pass ends it
    expect(run(cycle(a, 0))).toEqual([]);
  });
});

describe('time', () => {
  it('sleep delays what follows by its duration from when it is first asked', () => {
    const h = invokes(run(seq(a, sleep(millis(5)), b), one));
    expect(h.map((o) => [o.f, o.time])).toEqual([
      ['a', 0],
      ['b', millis(5)],
    ]);
  });

  it('delay spaces ops at a fixed interval', () => {
    const h = invokes(run(limit(5, delay(millis(10), repeat(a)))));
    expect(h.map((o) => o.time)).toEqual([0, 10, 20, 30, 40].map(millis));
  });

  it('delay waits longer when threads are busy', () => {
    const h = invokes(run(limit(3, delay(millis(1), repeat(a))), { ...one, latencyNs: millis(4) }));
    expect(h.map((o) => o.time)).toEqual([0, 4, 8].map(millis));
  });

  it('stagger keeps the mean rate within 5% over many ops', () => {
    for (const seed of [1, 2, 3]) {
      const h = invokes(run(limit(2000, stagger(100, repeat(a))), { threads: 4, seed, latencyNs: millis(1) }));
      const span = (h[h.length - 1].time - h[0].time) / 1e9;
      const rate = (h.length - 1) / span;
      expect(h.length).toBe(2000);
      expect(Math.abs(rate - 100) / 100).toBeLessThan(0.05);
    }
  });

  it('stagger draws random gaps', () => {
    const h = invokes(run(limit(50, stagger(100, repeat(a)))));
    const gaps = h.slice(1).map((o, i) => o.time - h[i].time);
    expect(new Set(gaps).size).toBeGreaterThan(40);
    expect(Math.max(...gaps)).toBeLessThan(millis(20));
    expect(() => stagger(0, a)).toThrow(/got 0/);
  });

  it('timeLimit emits nothing at or past its deadline and ends on time', () => {
    const h = run(seq(timeLimit(millis(100), stagger(1000, repeat(a))), b));
    const as = invokes(h).filter((o) => o.f === 'a');
    expect(as.length).toBeGreaterThan(50);
    expect(Math.max(...as.map((o) => o.time))).toBeLessThan(millis(100));
    expect(invokes(h).find((o) => o.f === 'b')?.time).toBe(millis(100));
  });

  it('timeLimit cuts a long sleep short, counting from when it is first asked', () => {
    const h = invokes(run(seq(a, sleep(millis(3)), timeLimit(millis(50), sleep(seconds(5))), b), one));
    expect(h.map((o) => o.time)).toEqual([0, millis(53)]);
  });
});

describe('phases', () => {
  const slowOnZero = { latencyNs: (op: { process: unknown }) => (op.process === 0 ? millis(50) : millis(1)) };

  it('waits for every thread to be free before the next phase', () => {
    const h = run(phases(limit(6, repeat(a)), b), { threads: 3, nemesis: false, ...slowOnZero });
    const lastA = Math.max(...h.filter((o) => o.f === 'a').map((o) => o.time));
    const bInv = invokes(h).find((o) => o.f === 'b');
    expect(bInv?.time).toBe(lastA);
    expect(h.findIndex((o) => o.f === 'b')).toBeGreaterThan(h.findLastIndex((o) => o.f === 'a'));
  });

  it('seq does not wait, and andThen is phases', () => {
    const h = run(seq(limit(6, repeat(a)), b), { threads: 3, nemesis: false, ...slowOnZero });
    expect(invokes(h).find((o) => o.f === 'b')?.time).toBeLessThan(millis(50));
    const h2 = run(andThen(limit(6, repeat(a)), b), { threads: 3, nemesis: false, ...slowOnZero });
    expect(invokes(h2).find((o) => o.f === 'b')?.time).toBeGreaterThanOrEqual(millis(50));
  });

  it('inside clients, waits for client threads only', () => {
    const nemesisSlow = { latencyNs: (op: { process: unknown }) => (op.process === 'nemesis' ? seconds(10) : millis(1)) };
    const h = run([{ f: 'kill', process: 'nemesis' }, clients(phases(a, b))], { threads: 2, ...nemesisSlow });
    expect(invokes(h).find((o) => o.f === 'b')?.time).toBe(millis(1));
    const h2 = run([{ f: 'kill', process: 'nemesis' }, phases(a, b)], { threads: 2, ...nemesisSlow });
    expect(invokes(h2).find((o) => o.f === 'b')?.time).toBe(seconds(10));
  });

  it('synchronize alone is a barrier', () => {
    const h = run(seq(limit(2, repeat(a)), synchronize(b)), { threads: 2, nemesis: false, latencyNs: millis(7) });
    expect(invokes(h).map((o) => o.time)).toEqual([0, 0, millis(7)]);
  });
});

describe('mix, flipFlop, map, filter', () => {
  it('mix picks by weight', () => {
    const h = invokes(run(limit(4000, mix([repeat(a), repeat(b)], [3, 1]))));
    const share = h.filter((o) => o.f === 'a').length / h.length;
    expect(Math.abs(share - 0.75)).toBeLessThan(0.03);
  });

  it('mix drops exhausted generators and ends when all are', () => {
    const h = fs(run(limit(50, mix([a, repeat(b)]))));
    expect(h.filter((f) => f === 'a')).toHaveLength(1);
    expect(h).toHaveLength(50);
    expect(fs(run(mix([a, b])))).toHaveLength(2);
    expect(() => mix([a, b], [1])).toThrow(/2 generators but 1 weights/);
    expect(() => mix([a], [-1])).toThrow(/got -1/);
  });

  it('flipFlop alternates and ends when the one whose turn it is ends', () => {
    expect(fs(run(limit(6, flipFlop(repeat(a), repeat(b)))))).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
    expect(fs(run(flipFlop([a, { f: 'a2' }], repeat(b)), one))).toEqual(['a', 'b', 'a2', 'b']);
  });

  it('map rewrites ops and filter drops them', () => {
    const h = invokes(run(limit(3, map((op) => ({ ...op, value: 42, key: 'k' }), repeat(a)))));
    expect(h.every((o) => o.value === 42 && o.key === 'k')).toBe(true);
    const nums = [1, 2, 3, 4, 5, 6].map((v) => ({ f: 'w', value: v }));
    expect(invokes(run(filter((op) => (op.value as number) % 2 === 0, nums), one)).map((o) => o.value)).toEqual([2, 4, 6]);
    expect(() => run(filter(() => false, repeat(a)))).toThrow(/dropped 10000 ops/);
  });
});

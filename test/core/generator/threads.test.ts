import { describe, expect, it } from 'vitest';
import {
  any,
  clients,
  eachThread,
  keyed,
  limit,
  millis,
  nemesis,
  onThreads,
  repeat,
  reserve,
  sleep,
  stagger,
  timeLimit,
  untilOk,
  type Invocation,
} from '../../../core/generator/index.js';
import type { Op } from '../../../core/op.js';
import { invokes, run, wellFormed } from './helpers.js';

const read = { f: 'read' };
const threadOf = (o: Op, n: number): number | 'nemesis' => (o.process === 'nemesis' ? 'nemesis' : o.process % n);

describe('routing', () => {
  it('clients never uses the nemesis thread and nemesis uses nothing else', () => {
    const h = run(limit(300, any(clients(repeat(read)), nemesis(repeat({ f: 'kill' })))), { threads: 3 });
    const inv = invokes(h);
    expect(inv.filter((o) => o.f === 'read').every((o) => o.process !== 'nemesis')).toBe(true);
    expect(inv.filter((o) => o.f === 'kill').every((o) => o.process === 'nemesis')).toBe(true);
    expect(inv.some((o) => o.f === 'kill')).toBe(true);
    expect(new Set(inv.filter((o) => o.f === 'read').map((o) => o.process))).toEqual(new Set([0, 1, 2]));
  });

  it('onThreads uses only the listed threads', () => {
    const h = invokes(run(limit(100, onThreads([0, 2], repeat(read))), { threads: 4 }));
    expect(new Set(h.map((o) => o.process))).toEqual(new Set([0, 2]));
  });

  it('a nemesis generator without a nemesis thread is skipped', () => {
    expect(run(nemesis(repeat({ f: 'kill' })), { nemesis: false })).toEqual([]);
    expect(invokes(run([nemesis({ f: 'kill' }), read], { nemesis: false })).map((o) => o.f)).toEqual(['read']);
  });

  it('updates reach only the generator whose threads they concern', () => {
    // untilOk on the nemesis must not end because a client read succeeded.
    const h = run(
      any(clients(limit(5, repeat(read))), nemesis(untilOk(repeat({ f: 'kill' })))),
      { threads: 2, maxOps: 30, completion: (op) => (op.process === 'nemesis' ? 'fail' : 'ok') },
    );
    expect(invokes(h).filter((o) => o.f === 'kill').length).toBe(25);
  });
});

describe('any', () => {
  it('takes the soonest op from either side and ends when both are exhausted', () => {
    const h = invokes(run(any(limit(3, repeat({ f: 'x' })), [sleep(millis(5)), { f: 'y' }]), { threads: 1, nemesis: false }));
    expect(h.map((o) => [o.f, o.time])).toEqual([
      ['x', 0],
      ['x', millis(1)],
      ['x', millis(2)],
      ['y', millis(5)],
    ]);
  });

  it('lets a pending side go first when it wakes before the other side is due', () => {
    const h = invokes(run(timeLimit(millis(100), any(stagger(10, repeat({ f: 'slow' })), [sleep(millis(3)), { f: 'y' }])), { threads: 1, nemesis: false }));
    expect(h.find((o) => o.f === 'y')?.time).toBe(millis(3));
  });
});

describe('eachThread', () => {
  it('gives every thread its own copy', () => {
    const h = invokes(run(clients(eachThread(limit(2, repeat(read)))), { threads: 3 }));
    expect(h).toHaveLength(6);
    for (const p of [0, 1, 2]) expect(h.filter((o) => o.process === p)).toHaveLength(2);
  });

  it('includes the nemesis thread unless routed', () => {
    const h = invokes(run(eachThread(read), { threads: 2 }));
    expect(h.map((o) => o.process).sort()).toEqual([0, 1, 'nemesis']);
  });

  it('keeps a thread on its copy after its process changes', () => {
    const h = run(clients(eachThread(limit(3, repeat(read)))), { threads: 2, completion: (op) => (op.process !== 'nemesis' && op.process % 2 === 0 ? 'info' : 'ok') });
    const inv = invokes(h);
    expect(inv.filter((o) => threadOf(o, 2) === 0).map((o) => o.process)).toEqual([0, 2, 4]);
    expect(inv.filter((o) => threadOf(o, 2) === 1)).toHaveLength(3);
    expect(wellFormed(h, 2)).toEqual([]);
  });

  it('copies each wait their own sleep', () => {
    const h = invokes(run(clients(eachThread([sleep(millis(4)), read])), { threads: 3 }));
    expect(h.map((o) => o.time)).toEqual([millis(4), millis(4), millis(4)]);
  });
});

describe('reserve', () => {
  it('divides the client threads among generators', () => {
    const gen = limit(
      500,
      reserve(
        [
          [1, repeat({ f: 'write' })],
          [2, repeat({ f: 'cas' })],
        ],
        repeat(read),
      ),
    );
    const h = invokes(run(gen, { threads: 5 }));
    const threadsFor = (f: string): Set<unknown> => new Set(h.filter((o) => o.f === f).map((o) => threadOf(o, 5)));
    expect(threadsFor('write')).toEqual(new Set([0]));
    expect(threadsFor('cas')).toEqual(new Set([1, 2]));
    expect(threadsFor('read')).toEqual(new Set([3, 4]));
  });

  it('is exhausted when every group is, and rejects too many threads', () => {
    const h = invokes(run(reserve([[1, { f: 'w' }]], [read, read]), { threads: 3 }));
    expect(h.map((o) => o.f).sort()).toEqual(['read', 'read', 'w']);
    expect(() => run(reserve([[4, read]], read), { threads: 3 })).toThrow(/asked for 4 threads but the context has 3/);
  });

  it('a rest with no threads left is exhausted', () => {
    const h = invokes(run(reserve([[2, { f: 'w' }]], repeat(read)), { threads: 2 }));
    expect(h.map((o) => o.f)).toEqual(['w']);
  });
});

describe('untilOk', () => {
  it('retries until an op of its own completes ok', () => {
    let n = 0;
    const h = run(untilOk(repeat(read)), { threads: 1, nemesis: false, completion: () => (++n <= 3 ? 'fail' : 'ok') });
    expect(invokes(h)).toHaveLength(4);
  });

  it('goes on after info, under the new process', () => {
    let n = 0;
    const h = run(untilOk(repeat(read)), { threads: 1, nemesis: false, completion: () => (++n <= 2 ? 'info' : 'ok') });
    expect(invokes(h).map((o) => o.process)).toEqual([0, 1, 2]);
  });

  it('stops issuing once one succeeds; ops in flight still complete', () => {
    const latency = (op: Invocation): number => (op.process === 1 ? millis(1) : millis(10));
    const h = run(clients(untilOk(repeat(read))), { threads: 3, latencyNs: latency });
    const inv = invokes(h);
    // threads 0 and 2 start at 0 and are busy till 10 ms; thread 1 succeeds at 1 ms.
    expect(inv).toHaveLength(3);
    expect(h.filter((o) => o.type === 'ok')).toHaveLength(3);
  });

  it('with eachThread: every thread reads until it succeeds', () => {
    const h = run(clients(eachThread(untilOk(repeat(read)))), {
      threads: 3,
      completion: (op, rng) => (rng.int(2) === 0 ? 'fail' : 'ok'),
    });
    for (const t of [0, 1, 2]) {
      const done = h.filter((o) => o.type !== 'invoke' && threadOf(o, 3) === t);
      expect(done[done.length - 1].type).toBe('ok');
      expect(done.filter((o) => o.type === 'ok')).toHaveLength(1);
    }
  });
});

describe('keyed', () => {
  it('gives each group of threads one key at a time and moves on', () => {
    const h = invokes(run(clients(keyed({ threadsPerKey: 2, keys: ['a', 'b', 'c'] }, () => limit(4, repeat(read)))), { threads: 4 }));
    expect(h).toHaveLength(12);
    const groupOf = (o: Op): number => Math.floor((threadOf(o, 4) as number) / 2);
    for (const k of ['a', 'b', 'c']) {
      const ops = h.filter((o) => o.key === k);
      expect(ops).toHaveLength(4);
      expect(new Set(ops.map(groupOf)).size).toBe(1);
    }
    expect(h.filter((o) => o.key === 'a').every((o) => groupOf(o) === 0)).toBe(true);
    expect(h.filter((o) => o.key === 'b').every((o) => groupOf(o) === 1)).toBe(true);
  });

  it('numbers keys 0, 1, … by default and routes events by key', () => {
    let n = 0;
    const h = invokes(
      run(clients(keyed({ threadsPerKey: 1 }, () => untilOk(repeat(read)))), {
        threads: 2,
        maxOps: 20,
        completion: () => (++n % 3 === 0 ? 'ok' : 'fail'),
      }),
    );
    expect(new Set(h.map((o) => o.key)).size).toBeGreaterThan(3);
    expect(h.every((o) => typeof o.key === 'number')).toBe(true);
  });

  it('under one stagger, every group gets ops (ties go round the groups)', () => {
    const h = invokes(run(stagger(100, clients(keyed({ threadsPerKey: 3 }, () => limit(100, repeat(read))))), { threads: 6, maxOps: 2000, latencyNs: millis(5) }));
    const perGroup = [0, 1].map((g) => h.filter((o) => Math.floor((threadOf(o, 6) as number) / 3) === g).length);
    expect(perGroup[0]! + perGroup[1]!).toBe(2000);
    for (const n of perGroup) expect(n).toBeGreaterThan(800);
  });

  it('rejects zero threads per key', () => {
    expect(() => keyed({ threadsPerKey: 0 }, () => read)).toThrow(/at least 1/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  allFree,
  freeThreadList,
  initialContext,
  isPending,
  keyed,
  NARROW_MEMO_LIMIT,
  narrowMemoSize,
  onlyThread,
  repeat,
  reserve,
  type Generator,
  ownsProcess,
  restrict,
  threadOfProcess,
  threadsOf,
  withBusy,
  withFree,
  withNextProcess,
} from '../../../core/generator/index.js';

describe('context', () => {
  it('starts with every thread free, client thread i as process i, and the nemesis', () => {
    const ctx = initialContext({ clientThreads: 3, seed: 1 });
    expect(threadsOf(ctx)).toEqual([0, 1, 2, 'nemesis']);
    expect([...ctx.processes.values()]).toEqual([0, 1, 2, 'nemesis']);
    expect(allFree(ctx)).toBe(true);
    expect(ctx.time).toBe(0);
    expect(threadsOf(initialContext({ clientThreads: 2, nemesis: false }))).toEqual([0, 1]);
  });

  it('maps processes to threads modulo the client count', () => {
    const ctx = initialContext({ clientThreads: 3 });
    expect(threadOfProcess(ctx, 7)).toBe(1);
    expect(threadOfProcess(ctx, 'nemesis')).toBe('nemesis');
    expect(ownsProcess(ctx, 5)).toBe(true);
    expect(ownsProcess(restrict(ctx, (t) => t === 0), 5)).toBe(false);
  });

  it('tracks busy and free threads without changing the original', () => {
    const ctx = initialContext({ clientThreads: 3 });
    const busy = withBusy(withBusy(ctx, 1), 'nemesis');
    expect(freeThreadList(busy)).toEqual([0, 2]);
    expect(allFree(ctx)).toBe(true);
    expect(freeThreadList(withFree(busy, 1))).toEqual([0, 1, 2]);
  });

  it('moves a client thread to a fresh process after info, and keeps the nemesis', () => {
    const ctx = initialContext({ clientThreads: 3 });
    const next = withNextProcess(withNextProcess(ctx, 1), 1);
    expect(next.processes.get(1)).toBe(7);
    expect(threadOfProcess(next, 7)).toBe(1);
    expect(withNextProcess(ctx, 'nemesis')).toBe(ctx);
    expect(ctx.processes.get(1)).toBe(1);
  });

  it('narrows to some threads, keeping order and freedom', () => {
    const ctx = withBusy(initialContext({ clientThreads: 4 }), 2);
    const sub = restrict(ctx, (t) => t !== 'nemesis' && t >= 1);
    expect(threadsOf(sub)).toEqual([1, 2, 3]);
    expect(freeThreadList(sub)).toEqual([1, 3]);
    expect(sub.clientThreads).toBe(4);
    expect(threadsOf(onlyThread(ctx, 'nemesis'))).toEqual(['nemesis']);
    expect(() => onlyThread(sub, 0)).toThrow(/not in this context/);
  });

  it('keeps the memo of narrowed contexts bounded: keyed and reserve reuse theirs, fresh closures cannot grow it', () => {
    const ctx = initialContext({ clientThreads: 50 });
    let gen: Generator = keyed({ threadsPerKey: 2 }, () => repeat({ f: 'read' }));
    let r: Generator = reserve([[10, repeat({ f: 'write' })]], repeat({ f: 'read' }));
    for (let i = 0; i < 2000; i++) {
      for (const which of ['keyed', 'reserve'] as const) {
        const step = (which === 'keyed' ? gen : r).op(ctx);
        if (step === null || isPending(step)) throw new Error(`${which} made no op`);
        if (which === 'keyed') gen = step.gen;
        else r = step.gen;
      }
    }
    expect(narrowMemoSize(ctx)).toBe(25 + 2); // one per key group, one per reserve group
    for (let i = 0; i < 1000; i++) restrict(ctx, (t) => t === i % 50);
    expect(narrowMemoSize(ctx)).toBeLessThanOrEqual(NARROW_MEMO_LIMIT);
  });
});

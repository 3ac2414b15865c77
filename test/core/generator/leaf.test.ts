import { describe, expect, it } from 'vitest';
import {
  GeneratorError,
  empty,
  fillIn,
  fromFn,
  initialContext,
  lift,
  once,
  seq,
  withBusy,
  type Context,
} from '../../../core/generator/index.js';
import { fs, invokes, run } from './helpers.js';

const ctx3 = (): Context => initialContext({ clientThreads: 3, seed: 1 });

describe('fillIn', () => {
  it('fills in process (a free thread), time (now) and value (null)', () => {
    const ctx = { ...withBusy(withBusy(ctx3(), 0), 'nemesis'), time: 50 };
    for (let i = 0; i < 20; i++) {
      const op = fillIn({ f: 'read' }, ctx);
      expect(op?.value).toBeNull();
      expect(op?.time).toBe(50);
      expect([1, 2]).toContain(op?.process);
    }
    expect(fillIn({ f: 'read', time: 10 }, ctx)?.time).toBe(50);
    expect(fillIn({ f: 'read', time: 90, key: 'k' }, ctx)).toMatchObject({ time: 90, key: 'k' });
  });

  it('honours a fixed process only while its thread is free and runs it', () => {
    const ctx = withBusy(ctx3(), 0);
    expect(fillIn({ f: 'x', process: 0 }, ctx)).toBeUndefined();
    expect(fillIn({ f: 'x', process: 1 }, ctx)?.process).toBe(1);
    expect(fillIn({ f: 'x', process: 4 }, ctx)).toBeUndefined(); // thread 1 runs process 1, not 4
    expect(fillIn({ f: 'x', process: 'nemesis' }, ctx)?.process).toBe('nemesis');
  });

  it('gives undefined when no thread is free', () => {
    let ctx = ctx3();
    for (const t of [0, 1, 2, 'nemesis'] as const) ctx = withBusy(ctx, t);
    expect(fillIn({ f: 'read' }, ctx)).toBeUndefined();
  });
});

describe('leaves and lift', () => {
  it('once emits one op, then is exhausted', () => {
    expect(fs(run(once({ f: 'read', value: 3 })))).toEqual(['read']);
    expect(run(once({ f: 'read', value: 3 }))[0].value).toBe(3);
    expect(run(empty)).toEqual([]);
  });

  it('fromFn calls the function per op until it returns null', () => {
    const gen = fromFn((ctx) => (ctx.time < 5_000_000 ? { f: 'w', value: ctx.rng.int(100) } : null));
    const h = invokes(run(gen, { threads: 1, nemesis: false }));
    expect(h.map((o) => o.time)).toEqual([0, 1e6, 2e6, 3e6, 4e6]);
    expect(new Set(h.map((o) => o.value)).size).toBeGreaterThan(1);
  });

  it('lifts literals, arrays (in sequence), functions and nothing', () => {
    expect(fs(run(lift([{ f: 'a' }, [{ f: 'b' }, { f: 'c' }], null, { f: 'd' }]), { threads: 1, nemesis: false }))).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect(fs(run(seq({ f: 'a' }, { f: 'b' })))).toEqual(['a', 'b']);
    expect(run(lift(undefined))).toEqual([]);
  });

  it('runs an array without waiting for earlier ops to complete', () => {
    const h = run([{ f: 'a' }, { f: 'b' }, { f: 'c' }]);
    expect(invokes(h).map((o) => o.time)).toEqual([0, 0, 0]);
  });

  it('rejects what is not a generator, quoting it', () => {
    expect(() => lift(42 as never)).toThrow(GeneratorError);
    expect(() => lift({ g: 'read' } as never)).toThrow(/"g":"read"/);
  });
});

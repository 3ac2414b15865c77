import { describe, expect, it } from 'vitest';
import {
  GeneratorError,
  Scheduler,
  fromFn,
  limit,
  millis,
  once,
  repeat,
  seq,
  sleep,
  type Completion,
  type Context,
  type Decision,
  type GenEvent,
  type Generator,
  type Invocation,
  type Step,
} from '../../../core/generator/index.js';

const ok = (op: Invocation, time: number, type: Completion['type'] = 'ok'): Completion => ({ ...op, type, time });
const invoked = (d: Decision): Invocation => {
  if (d.type !== 'invoke') throw new Error(`expected invoke, got ${JSON.stringify(d)}`);
  return d.op;
};

describe('Scheduler', () => {
  it('invokes while threads are free, then waits for a completion, then is done', () => {
    const s = new Scheduler(limit(3, repeat({ f: 'read' })), { clientThreads: 2, nemesis: false });
    const a = invoked(s.next(0));
    const b = invoked(s.next(0));
    expect(s.next(0)).toEqual({ type: 'wait' });
    expect(s.inFlight).toBe(2);
    s.complete(ok(a, 5));
    const c = invoked(s.next(5));
    expect(c.process).toBe(a.process);
    expect(c.time).toBe(5);
    s.complete(ok(b, 6));
    expect(s.next(6)).toEqual({ type: 'wait' });
    expect(s.exhausted).toBe(true);
    s.complete(ok(c, 7));
    expect(s.next(7)).toEqual({ type: 'done' });
  });

  it('waits until a pending generator wakes', () => {
    const s = new Scheduler(seq(sleep(millis(5)), { f: 'x' }), { clientThreads: 1 });
    expect(s.next(0)).toEqual({ type: 'wait', until: millis(5) });
    expect(s.next(millis(2))).toEqual({ type: 'wait', until: millis(5) });
    expect(invoked(s.next(millis(6))).time).toBe(millis(6));
  });

  it('holds an op due later, drops it on a completion, and replays the same draws', () => {
    const gen = seq(
      { f: 'first' },
      fromFn((ctx) => ({ f: 'late', value: ctx.rng.next(), time: ctx.time + millis(10) })),
    );
    const s = new Scheduler(limit(2, gen), { clientThreads: 2, nemesis: false, seed: 7 });
    const first = invoked(s.next(0));
    const wait = s.next(0);
    expect(wait).toEqual({ type: 'wait', until: millis(10) });
    s.complete(ok(first, millis(2)));
    // asked again at 2 ms: the op moves to 12 ms, but its drawn value is the same
    expect(s.next(millis(2))).toEqual({ type: 'wait', until: millis(12) });
    const late = invoked(s.next(millis(12)));
    const again = new Scheduler(limit(2, gen), { clientThreads: 2, nemesis: false, seed: 7 });
    invoked(again.next(0));
    expect(again.next(0)).toEqual({ type: 'wait', until: millis(10) });
    const direct = invoked(again.next(millis(10)));
    expect(direct.time).toBe(millis(10));
    expect(late.value).toBe(direct.value);
    expect(late.time).toBe(millis(12));
  });

  it('moves a client thread to a new process after info; the generator still sees the old one', () => {
    const seen: unknown[] = [];
    const spy = (inner: Generator): Generator => ({
      op: (ctx: Context): Step => {
        const st = inner.op(ctx);
        return st === null ? null : 'pending' in st ? { ...st, gen: spy(st.gen) } : { op: st.op, gen: spy(st.gen) };
      },
      update: (ctx: Context, ev: GenEvent) => {
        if (ev.type !== 'invoke') seen.push(ctx.processes.get(0));
        return spy(inner.update(ctx, ev));
      },
    });
    const s = new Scheduler(spy(repeat({ f: 'read' })), { clientThreads: 3, nemesis: true });
    const ops = [0, 1, 2, 3].map(() => invoked(s.next(0)));
    const onZero = ops.find((o) => o.process === 0);
    const onNemesis = ops.find((o) => o.process === 'nemesis');
    if (!onZero || !onNemesis) throw new Error('expected ops on thread 0 and the nemesis');
    s.complete(ok(onZero, 1, 'info'));
    expect(seen).toEqual([0]);
    expect(s.context.processes.get(0)).toBe(3);
    s.complete(ok(onNemesis, 1, 'info'));
    expect(s.context.processes.get('nemesis')).toBe('nemesis');
    expect(invoked(s.next(1)).process).toBe(3);
  });

  it('throws when the generator can never progress', () => {
    const s = new Scheduler(once({ f: 'x', process: 5 }), { clientThreads: 2 });
    expect(() => s.next(0)).toThrow(/stalled at 0 ns/);
  });

  it('throws when a generator emits for a busy thread or an unknown process', () => {
    const always0: Generator = {
      op: (ctx) => ({ op: { f: 'x', value: null, process: 0, time: ctx.time }, gen: always0 }),
      update: () => always0,
    };
    const s = new Scheduler(always0, { clientThreads: 2 });
    invoked(s.next(0));
    expect(() => s.next(0)).toThrow(/whose thread is busy/);
    const bad: Generator = { op: (ctx) => ({ op: { f: 'x', value: null, process: 9, time: ctx.time }, gen: bad }), update: () => bad };
    expect(() => new Scheduler(bad, { clientThreads: 2 }).next(0)).toThrow(GeneratorError);
  });

  it('rejects a completion for a process with nothing in flight', () => {
    const s = new Scheduler(repeat({ f: 'read' }), { clientThreads: 2 });
    expect(() => s.complete({ type: 'ok', f: 'read', value: null, process: 1, time: 0 })).toThrow(/no op in flight/);
  });

  it('keeps time non-decreasing', () => {
    const s = new Scheduler(repeat({ f: 'read' }), { clientThreads: 2, startTime: 100 });
    expect(invoked(s.next(50)).time).toBe(100);
  });
});

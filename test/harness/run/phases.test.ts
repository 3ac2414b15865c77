import { describe, expect, it } from 'vitest';
import { runPhases, untilAborted, type Phase } from '../../../harness/run/phases.js';

function recorder() {
  const events: string[] = [];
  const phase = (name: string, opts: { fail?: boolean; teardownFails?: boolean; hang?: boolean } = {}): Phase => ({
    title: name,
    setup: async () => {
      events.push(`setup ${name}`);
      if (opts.fail) throw new Error(`${name} broke`);
      if (opts.hang) await new Promise(() => {});
    },
    teardown: async () => {
      events.push(`teardown ${name}`);
      if (opts.teardownFails) throw new Error(`${name} teardown broke`);
    },
  });
  return { events, phase };
}

describe('runPhases', () => {
  it('runs setups in order and unwinds teardowns in reverse', async () => {
    const { events, phase } = recorder();
    const lines: string[] = [];
    const out = await runPhases([phase('a'), { title: 'no teardown', setup: () => void events.push('setup b') }, phase('c')], { signal: new AbortController().signal, log: (l) => lines.push(l) });
    expect(events).toEqual(['setup a', 'setup b', 'setup c', 'teardown c', 'teardown a']);
    expect(out).toEqual({ completed: 3, interrupted: false, teardownErrors: [] });
    expect(lines).toEqual(['[1/3] a', '[2/3] no teardown', '[3/3] c', 'teardown: undo c', 'teardown: undo a']);
  });

  it('registers a teardown before its setup: a failing setup is undone, later phases never start', async () => {
    const { events, phase } = recorder();
    const out = await runPhases([phase('a'), phase('b', { fail: true }), phase('c')], { signal: new AbortController().signal, log: () => {} });
    expect(events).toEqual(['setup a', 'setup b', 'teardown b', 'teardown a']);
    expect(out.completed).toBe(1);
    expect(out.failed?.title).toBe('b');
    expect((out.failed?.error as Error).message).toBe('b broke');
  });

  it('runs every teardown even when one throws, and reports it', async () => {
    const { events, phase } = recorder();
    const out = await runPhases([phase('a'), phase('b', { teardownFails: true }), phase('c')], { signal: new AbortController().signal, log: () => {} });
    expect(events.slice(3)).toEqual(['teardown c', 'teardown b', 'teardown a']);
    expect(out.teardownErrors.map((e) => [e.title, (e.error as Error).message])).toEqual([['undo b', 'b teardown broke']]);
  });

  it('on abort stops waiting for the running setup and unwinds what was registered', async () => {
    const { events, phase } = recorder();
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 20);
    const out = await runPhases([phase('a'), phase('b', { hang: true }), phase('c')], { signal: ctl.signal, log: () => {} });
    expect(out.interrupted).toBe(true);
    expect(out.failed).toBeUndefined();
    expect(events).toEqual(['setup a', 'setup b', 'teardown b', 'teardown a']);
  });

  it('gives the running setup a grace period to stop after an abort', async () => {
    const events: string[] = [];
    const ctl = new AbortController();
    const slow: Phase = {
      title: 'slow',
      setup: () => new Promise<void>((resolve) => ctl.signal.addEventListener('abort', () => setTimeout(() => (events.push('stopped'), resolve()), 30))),
      teardown: () => void events.push('teardown'),
    };
    setTimeout(() => ctl.abort(), 10);
    await runPhases([slow], { signal: ctl.signal, log: () => {}, graceMs: 1000 });
    expect(events).toEqual(['stopped', 'teardown']);
  });

  it('starts nothing when already aborted, and numbers from `first` of `total`', async () => {
    const { events, phase } = recorder();
    const ctl = new AbortController();
    ctl.abort();
    expect((await runPhases([phase('a')], { signal: ctl.signal, log: () => {} })).interrupted).toBe(true);
    expect(events).toEqual([]);
    const lines: string[] = [];
    await runPhases([{ title: 'x' }], { signal: new AbortController().signal, log: (l) => lines.push(l), first: 7, total: 8 });
    expect(lines).toEqual(['[7/8] x']);
  });

  it('untilAborted passes values and errors through', async () => {
    const s = new AbortController().signal;
    await expect(untilAborted(Promise.resolve(3), s)).resolves.toBe(3);
    await expect(untilAborted(Promise.reject(new Error('no')), s)).rejects.toThrow('no');
  });
});

import { describe, expect, it } from 'vitest';
import { Progress, describeFault } from '../../../harness/run/progress.js';
import { StatusDisplay, statusText } from '../../../harness/run/status.js';

describe('progress and status line', () => {
  it('counts client completions and tracks the current fault', () => {
    const p = new Progress();
    const op = (process: number | 'nemesis', type: 'invoke' | 'ok' | 'fail' | 'info', f = 'read', value: unknown = null) => ({ index: 0, time: 0, process, type, f, value });
    p.record(op(0, 'invoke'));
    p.record(op(0, 'ok'));
    p.record(op(1, 'invoke'));
    p.record(op(1, 'info'));
    p.record(op('nemesis', 'invoke', 'start-partition'));
    expect(p.snapshot()).toEqual({ invoked: 2, ok: 1, fail: 0, info: 1, nemesisOps: 1, fault: 'start-partition…' });
    p.record(op('nemesis', 'info', 'start-partition', { n1: ['n3'] }));
    expect(p.fault).toBe('start-partition {"n1":["n3"]}');
    expect(describeFault({ ...op('nemesis', 'info', 'kill'), error: 'no such node' })).toBe('kill failed: no such node');
    expect(statusText(12.34, p.snapshot(), 99.6)).toBe('12.3 s  100 ops/s  ok 1  fail 0  info 1  fault: start-partition {"n1":["n3"]}');
  });

  it('prints plain lines when not a terminal, redraws one line on a terminal', async () => {
    const plain: string[] = [];
    const d = new StatusDisplay(new Progress(), { write: (t) => plain.push(t), isTTY: false }, 20);
    d.start();
    await new Promise((r) => setTimeout(r, 70));
    d.stop();
    expect(plain.length).toBeGreaterThanOrEqual(2);
    expect(plain[0]).toMatch(/^faultline: \d+\.\d s {2}0 ops\/s {2}ok 0 {2}fail 0 {2}info 0 {2}fault: none\n$/);
    const tty: string[] = [];
    const t = new StatusDisplay(new Progress(), { write: (x) => tty.push(x), isTTY: true });
    t.start();
    await new Promise((r) => setTimeout(r, 300));
    t.stop();
    expect(tty[0].startsWith('\r\x1b[K')).toBe(true);
    expect(tty.at(-1)).toBe('\r\x1b[K'); // erased at the end
  });
});

import { describe, expect, it } from 'vitest';
import { MemoryTxnStore } from '../../../systems/memory/txn.js';
import type { Op } from '../../../core/op.js';

const txn = (value: unknown[]): Op => ({ index: 0, time: 0, process: 0, type: 'invoke', f: 'txn', value }) as Op;

describe('MemoryTxnStore', () => {
  it('applies list-append and rw-register transactions atomically, reading its own writes', () => {
    const s = new MemoryTxnStore();
    expect(s.apply(txn([['append', 1, 1], ['r', 1, null], ['append', 1, 2]]), () => 0)).toEqual({ type: 'ok', value: [['append', 1, 1], ['r', 1, [1]], ['append', 1, 2]] });
    expect(s.apply(txn([['r', 1, null], ['r', 2, null]]), () => 0).value).toEqual([['r', 1, [1, 2]], ['r', 2, null]]);
    expect(s.apply(txn([['w', 5, 3], ['r', 5, null]]), () => 0).value).toEqual([['w', 5, 3], ['r', 5, 3]]);
  });
  it('serves stale reads at one version per key when asked', () => {
    const s = new MemoryTxnStore();
    s.apply(txn([['append', 1, 1]]), () => 0);
    s.apply(txn([['append', 1, 2]]), () => 0);
    expect(s.apply(txn([['r', 1, null], ['r', 1, null]]), () => 1).value).toEqual([['r', 1, [1]], ['r', 1, [1]]]);
  });
  it('fails malformed ops', () => {
    expect(new MemoryTxnStore().apply(txn([['x', 1, 1]]), () => 0).type).toBe('fail');
  });
});

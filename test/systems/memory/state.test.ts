import { describe, expect, it } from 'vitest';
import type { Op } from '../../../core/op.js';
import { MemoryState } from '../../../systems/memory/state.js';

const op = (f: string, value: unknown, key = 1): Op => ({ index: 0, time: 0, process: 0, type: 'invoke', f, key, value });

describe('MemoryState registers', () => {
  it('reads null before the first write, then the last value written; cas compares with it', () => {
    const s = new MemoryState({ nodes: ['n1', 'n2'] });
    expect(s.apply(op('read', null), 'n2', 'register').value).toBeNull();
    s.apply(op('write', 3), 'n2', 'register');
    expect(s.apply(op('cas', [2, 4]), 'n1', 'register').type).toBe('fail');
    expect(s.apply(op('cas', [3, 4]), 'n1', 'register').type).toBe('ok');
    expect(s.apply(op('read', null), 'n2', 'register').value).toBe(4);
    expect(s.apply(op('read', null, 2), 'n2', 'register').value).toBeNull();
  });

  it('with stale reads, answers on other nodes 1 to 3 versions behind (null before the first write), never on n1', () => {
    const s = new MemoryState({ nodes: ['n1', 'n2'], staleReads: 1, seed: 5 });
    for (let v = 0; v < 10; v++) s.apply(op('write', v), 'n1', 'register');
    const seen = new Set<unknown>();
    for (let i = 0; i < 200; i++) seen.add(s.apply(op('read', null), 'n2', 'register').value);
    expect([...seen].sort()).toEqual([6, 7, 8]);
    expect(s.apply(op('read', null), 'n1', 'register').value).toBe(9);
    const fresh = new MemoryState({ nodes: ['n1', 'n2'], staleReads: 1 });
    fresh.apply(op('write', 1), 'n1', 'register');
    expect(fresh.apply(op('read', null), 'n2', 'register').value).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { checkSet } from '../../checkers/set.js';
import type { History, Op } from '../../core/op.js';

/** Builds a history from compact events: [process, type, f, value, node?]. */
function h(...events: [Op['process'], Op['type'], string, unknown, string?][]): History {
  return events.map(([process, type, f, value, node], index) => ({ index, time: index, process, type, f, value, ...(node ? { node } : {}) }));
}

const add = (p: number, v: number, outcome: 'ok' | 'fail' | 'info' | null): [Op['process'], Op['type'], string, unknown][] =>
  outcome === null ? [[p, 'invoke', 'add', v]] : [[p, 'invoke', 'add', v], [p, outcome, 'add', v]];
const read = (p: number, vs: unknown[], node?: string): [Op['process'], Op['type'], string, unknown, string?][] => [
  [p, 'invoke', 'read', null, node],
  [p, 'ok', 'read', vs, node],
];

describe('checkSet', () => {
  it('is valid when every acknowledged add is read and nothing else is', () => {
    const v = checkSet(h(...add(0, 1, 'ok'), ...add(1, 2, 'ok'), ...read(0, [2, 1], 'n1'), ...read(1, [1, 2], 'n2')));
    expect(v.valid).toBe(true);
    expect(v).toMatchObject({ attempted: 2, acknowledged: 2, lost: { count: 0 }, unexpected: { count: 0 }, indeterminate: 0 });
    expect(v.reads.map((r) => [r.node, r.size, r.missing])).toEqual([['n1', 2, 0], ['n2', 2, 0]]);
  });

  it('reports a lost element missing from one node’s final read', () => {
    const v = checkSet(h(...add(0, 1, 'ok'), ...add(1, 2, 'ok'), ...read(0, [1, 2], 'n1'), ...read(1, [1], 'n3')));
    expect(v.valid).toBe(false);
    expect(v.lost).toEqual({ count: 1, elements: [2] });
    expect(v.reads.find((r) => r.node === 'n3')?.missing).toBe(1);
  });

  it('reports elements never attempted and elements whose add failed', () => {
    const v = checkSet(h(...add(0, 1, 'ok'), ...add(0, 2, 'fail'), ...read(0, [1, 2, 99])));
    expect(v.valid).toBe(false);
    expect(v.unexpected).toEqual({ count: 1, elements: [99] });
    expect(v.aborted).toEqual({ count: 1, elements: [2] });
  });

  it('counts indeterminate adds as recovered when read, allowed when not', () => {
    const v = checkSet(h(...add(0, 1, 'info'), ...add(1, 2, null), ...add(2, 3, 'info'), ...read(3, [1, 2])));
    expect(v.valid).toBe(true);
    expect(v.recovered).toEqual({ count: 2, elements: [1, 2] });
    expect(v.indeterminate).toBe(1);
  });

  it('does not require an add that completed after the read began', () => {
    const events = h([0, 'invoke', 'add', 7], [1, 'invoke', 'read', null], [0, 'ok', 'add', 7], [1, 'ok', 'read', []]);
    expect(checkSet(events).valid).toBe(true);
  });

  it('is unknown when no read completed ok', () => {
    const v = checkSet(h(...add(0, 1, 'ok'), [1, 'invoke', 'read', null], [1, 'info', 'read', null]));
    expect(v.valid).toBe('unknown');
    expect(v.reason).toMatch(/no read completed ok/);
  });

  it('uses the last ok read when no read follows the last add', () => {
    const v = checkSet(h(...read(1, []), ...add(0, 1, 'ok'), ...read(1, [1]), ...add(0, 2, 'ok')));
    expect(v.valid).toBe(true);
    expect(v.reads).toHaveLength(1);
    expect(v.reads[0].size).toBe(1);
  });

  it('bounds element lists but keeps exact counts', () => {
    const events: ReturnType<typeof add> = [];
    for (let i = 0; i < 50; i++) events.push(...add(0, i, 'ok'));
    const v = checkSet(h(...events, ...read(1, [])), { maxListed: 5 });
    expect(v.lost.count).toBe(50);
    expect(v.lost.elements).toEqual([0, 1, 2, 3, 4]);
  });

  it('ignores nemesis ops and tells 1 from "1"', () => {
    const v = checkSet(h(['nemesis', 'invoke', 'kill', null], ...add(0, 1, 'ok'), ['nemesis', 'info', 'kill', null], ...read(1, ['1'])));
    expect(v.valid).toBe(false);
    expect(v.lost.elements).toEqual([1]);
    expect(v.unexpected.elements).toEqual(['1']);
  });
});

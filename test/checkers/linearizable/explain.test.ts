/**
 * Explanations of invalid verdicts: the longest prefixes, the op that could not be placed, the
 * state met, bounded sizes, and the text of `formatExplanation`.
 */
import { describe, expect, it } from 'vitest';
import { checkLinearizable, formatExplanation } from '../../../checkers/linearizable/index.js';
import type { Row } from './history.js';
import { hist } from './history.js';

describe('explanations', () => {
  it('names the prefix, the state and the op that could not be placed', async () => {
    const h = hist(
      [0, 'invoke', 'write', 1], [0, 'ok', 'write', 1],
      [1, 'invoke', 'cas', [1, 2]], [1, 'ok', 'cas', [1, 2]],
      [2, 'invoke', 'cas', [1, 3]], [2, 'ok', 'cas', [1, 3]],
    );
    const v = await checkLinearizable(h, 'cas-register');
    expect(v.valid).toBe(false);
    expect(v.failures).toHaveLength(1);
    const f = v.failures[0];
    expect(f.key).toBeNull();
    expect(f.longest).toBe(2);
    expect(f.definite).toBe(3);
    const p = f.prefixes[0];
    expect(p.ops.map((o) => o.text)).toEqual(['p0 write 1 → ok', 'p1 cas [1 2] → ok']);
    expect(p.state).toBe('register = 2');
    expect(p.blocking.text).toBe('p2 cas [1 3] → ok');
    expect(p.blocking.index).toBe(4);
    expect(p.rejected.map((o) => o.text)).toEqual(['p2 cas [1 3] → ok']);
    const text = formatExplanation(v);
    expect(text).toContain('NOT linearizable (cas-register): 1 of 1 key failed');
    expect(text).toContain('history: the longest linearizable prefix found places 2 of 3 completed ops (3 ops checked)');
    expect(text).toContain('then register = 2, and p2 cas [1 3] → ok (#4) could not be placed');
    expect(v.explanation).toBe(text);
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it('lists several longest prefixes when they differ, at most 3', async () => {
    // three concurrent enqueues, then a dequeue of a value nobody enqueued
    const rows: Row[] = [];
    for (let p = 0; p < 3; p++) rows.push([p, 'invoke', 'enqueue', p]);
    for (let p = 0; p < 3; p++) rows.push([p, 'ok', 'enqueue', p]);
    rows.push([9, 'invoke', 'dequeue', null], [9, 'ok', 'dequeue', 7]);
    const v = await checkLinearizable(hist(...rows), 'fifo-queue');
    expect(v.valid).toBe(false);
    const f = v.failures[0];
    expect(f.prefixes.length).toBe(3);
    expect(f.longest).toBe(3);
    expect(f.morePrefixes).toBe(3);
    expect(new Set(f.prefixes.map((p) => p.state)).size).toBe(3);
    for (const p of f.prefixes) {
      expect(p.blocking.text).toBe('p9 dequeue → 7');
      expect(p.why).toBe('returned');
    }
    expect(formatExplanation(v)).toContain('(3 more dead ends of the same length not shown)');
  });

  it('shows at most 20 ops of a long prefix and says how many were cut', async () => {
    const rows: Row[] = [];
    for (let i = 0; i < 50; i++) rows.push([0, 'invoke', 'enqueue', i], [0, 'ok', 'enqueue', i]);
    rows.push([1, 'invoke', 'dequeue', null], [1, 'ok', 'dequeue', 3]);
    const v = await checkLinearizable(hist(...rows), 'fifo-queue');
    const p = v.failures[0].prefixes[0];
    expect(p.length).toBe(50);
    expect(p.ops).toHaveLength(20);
    expect(p.omitted).toBe(30);
    expect(p.ops[19].text).toBe('p0 enqueue 49 → ok');
    expect(formatExplanation(v)).toContain('prefix 1: 50 ops linearized, the first 30 not shown:');
    expect(formatExplanation(v).split('\n').length).toBeLessThan(30);
  });

  it('says when a read can no longer be satisfied', async () => {
    const rows: Row[] = [];
    for (let i = 0; i < 10; i++) rows.push([0, 'invoke', 'write', i], [0, 'ok', 'write', i]);
    rows.push([1, 'invoke', 'read', null], [1, 'ok', 'read', 3]);
    const v = await checkLinearizable(hist(...rows), 'register');
    const p = v.failures[0].prefixes[0];
    expect(p.why).toBe('unreachable');
    expect(p.needs).toBe('register = 3');
    expect(p.state).toBe('register = 4');
    expect(formatExplanation(v)).toContain(
      'then register = 4, and p1 read → 3 (#20) could not be placed: it needs register = 3, which the ops left can no longer reach',
    );
  });

  it('explains each failing key, with the key', async () => {
    const h = hist(
      [0, 'invoke', 'put', 'a', 'k1'], [0, 'ok', 'put', 'a', 'k1'],
      [1, 'invoke', 'get', null, 'k1'], [1, 'ok', 'get', 'b', 'k1'],
      [0, 'invoke', 'get', null, 'k2'], [0, 'ok', 'get', 'zz', 'k2'],
      [1, 'invoke', 'get', null, 'k3'], [1, 'ok', 'get', '', 'k3'],
    );
    const v = await checkLinearizable(h, 'kv', { exhaustive: true });
    expect(v.valid).toBe(false);
    expect(v.keysChecked).toBe(3);
    expect(v.failures.map((f) => f.key).sort()).toEqual(['k1', 'k2']);
    const text = formatExplanation(v);
    expect(text).toContain('key "k1"');
    expect(text).toContain('then kv = "a", and p1 get "k1" → "b"');
  });

  it('details three failing keys, then a line per key; undecided keys grouped by reason', async () => {
    const rows: Row[] = [];
    for (const k of ['a', 'b', 'c', 'd', 'e']) {
      rows.push([0, 'invoke', 'put', 'x', k], [0, 'ok', 'put', 'x', k], [1, 'invoke', 'get', null, k], [1, 'ok', 'get', 'y', k]);
    }
    const v = await checkLinearizable(hist(...rows), 'kv', { exhaustive: true });
    expect(v.failures).toHaveLength(5);
    const text = formatExplanation(v).split('\n');
    expect(text.filter((l) => l.startsWith('key ')).length).toBe(5);
    expect(text.filter((l) => l.includes('prefix 1:')).length).toBe(3);
    expect(text).toContain('key "e": the longest linearizable prefix found places 1 of 2 completed ops; then kv = "x", and p1 get "e" → "y" (#18) could not be placed');
  });

  it('groups keys left undecided by reason', async () => {
    const rows: Row[] = [[0, 'invoke', 'enqueue', 1, 'bad'], [0, 'ok', 'enqueue', 1, 'bad'], [1, 'invoke', 'dequeue', null, 'bad'], [1, 'ok', 'dequeue', 2, 'bad']];
    for (const [k, base] of [['h1', 10], ['h2', 40]] as const) {
      for (let p = 0; p < 12; p++) rows.push([base + p, 'invoke', 'enqueue', p, k]);
      for (let p = 0; p < 12; p++) rows.push([base + p, 'ok', 'enqueue', p, k]);
      rows.push([base + 20, 'invoke', 'dequeue', null, k], [base + 20, 'ok', 'dequeue', 99, k]);
    }
    const v = await checkLinearizable(hist(...rows), 'fifo-queue');
    expect(v.valid).toBe(false);
    expect(formatExplanation(v)).toMatch(/\nkeys "h1", "h2" undecided: the check stopped after finding a key that is not linearizable/);
  });

  it('shows both ends of long strings', async () => {
    const long = 'a'.repeat(30) + 'XYZ'.repeat(10);
    const v = await checkLinearizable(hist([0, 'invoke', 'get', null], [0, 'ok', 'get', long]), 'kv');
    expect(v.failures[0].prefixes[0].blocking.text).toBe(`p0 get → "${'a'.repeat(13)}…${'XYZ'.repeat(9)}"`);
  });

  it('one line for valid verdicts', async () => {
    const v = await checkLinearizable(hist([0, 'invoke', 'read', null], [0, 'ok', 'read', null]), 'register');
    expect(formatExplanation(v)).toMatch(/^linearizable \(register\): 1 key, 1 op, \d+ ms$/);
    expect(v.explanation).toBeUndefined();
  });
});

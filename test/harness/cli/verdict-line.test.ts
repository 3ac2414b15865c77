import { describe, expect, it } from 'vitest';
import { countKeys, verdictJson, verdictLine } from '../../../harness/cli/verdict-line.js';

const facts = { file: '../shared/x/etcd_002.log', format: 'jepsen-log', model: 'cas-register', ops: 154, keys: 1, ms: 12.4 };

describe('verdictLine', () => {
  it('says valid, invalid or unknown with the facts', () => {
    expect(verdictLine({ valid: true }, facts)).toBe('valid: etcd_002.log is linearizable (cas-register, 1 key, 154 ops, 12 ms)');
    expect(verdictLine({ valid: false }, { ...facts, keys: 10, ops: 1 })).toBe(
      'invalid: etcd_002.log is not linearizable (cas-register, 10 keys, 1 op, 12 ms)',
    );
    expect(verdictLine({ valid: 'unknown', reason: 'time budget ran out' }, facts)).toBe(
      'unknown: etcd_002.log could not be decided (cas-register, 1 key, 154 ops, 12 ms; time budget ran out)',
    );
  });
  it('paints only the verdict word', () => {
    expect(verdictLine({ valid: true }, facts, (v, w) => `<${String(v)}:${w}>`)).toMatch(/^<true:valid>: etcd_002/);
  });
});

describe('verdictJson and countKeys', () => {
  it('wraps the verdict with the facts', () => {
    expect(JSON.parse(verdictJson({ valid: false, n: 10n }, facts))).toEqual({ ...facts, ms: 12, valid: false, verdict: { valid: false, n: '10' } });
  });
  it('counts distinct client keys, at least 1', () => {
    const op = { index: 0, time: 0, process: 0, type: 'invoke', f: 'get', value: null } as const;
    expect(countKeys([])).toBe(1);
    expect(countKeys([{ ...op, key: 'a' }, { ...op, key: 'b' }, { ...op, key: 'a' }, { ...op, process: 'nemesis', key: 'z' }])).toBe(2);
  });
});

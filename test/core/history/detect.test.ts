import { describe, expect, it } from 'vitest';
import { detectFormat, isHistoryFormat } from '../../../core/history/index.js';

describe('detectFormat', () => {
  it.each([
    ['{"faultline":"history","version":1}\n', 'x.txt', 'jsonl'],
    ['INFO  jepsen.util - 3\t:invoke\t:read\tnil\n', 'x.txt', 'jepsen-log'],
    ['2015-01-01 INFO jepsen.core - start\nINFO  jepsen.util - 3  :invoke :read nil\n', 'run', 'jepsen-log'],
    ['{:process 0, :type :invoke}\n', 'x.txt', 'edn'],
    ['{"process":0,"type":"invoke","f":"read"}\n', 'x.edn', 'jsonl'],
    ['{ "index": 0 }\n', 'x', 'jsonl'],
    ['\n [{:process 0}]', 'x', 'edn'],
    ['; a comment\n{:process 0}', 'x', 'edn'],
    ['(\n{:process 0})', 'x', 'edn'],
    ['', 'etcd_095.log', 'jepsen-log'],
    ['', 'h.JSONL', 'jsonl'],
    ['', 'h.edn', 'edn'],
    ['', 'h.txt', undefined],
    ['hello', 'h', undefined],
  ])('%j named %s → %s', (head, file, expected) => {
    expect(detectFormat(head, file)).toBe(expected);
  });
  it('knows the format names', () => {
    expect(isHistoryFormat('edn')).toBe(true);
    expect(isHistoryFormat('json')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { renderJunit, type RunResults } from '../../reports/index.js';
import { testInfo } from './fixtures.js';

/**
 * A small XML well-formedness check: one declaration, balanced and properly nested elements,
 * quoted attributes without `<`, text without `<` or stray `&`, only XML 1.0 characters.
 * @returns the element names in document order
 */
function wellFormed(xml: string): string[] {
  expect(xml).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.slice(xml.indexOf('\n') + 1);
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>/g;
  const stack: string[] = [];
  const names: string[] = [];
  let at = 0;
  for (let m = token.exec(body); m; m = token.exec(body)) {
    const text = body.slice(at, m.index);
    expect(text).not.toMatch(/<|&(?!(#\d+|#x[\da-f]+|lt|gt|amp|quot|apos);)/i);
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else {
      names.push(m[2]);
      if (!m[4]) stack.push(m[2]);
    }
    at = token.lastIndex;
  }
  expect(body.slice(at).trim()).toBe('');
  expect(stack).toEqual([]);
  return names;
}

describe('renderJunit', () => {
  const evil = '</failure>]]><x a="1"> & \u0000\u001b \uD800';
  const results = {
    valid: false as const,
    checkers: {
      linearizable: { valid: false, model: 'register', keysChecked: 1, failures: [], failuresOmitted: 0, unknownKeys: [], stats: { timeMs: 1500 }, explanation: `NOT linearizable ${evil}` },
      set: { valid: true },
      [evil]: { valid: 'unknown', reason: evil },
    },
  };

  it('writes well-formed XML: one test case per checker, failure for invalid, error for unknown', () => {
    const xml = renderJunit(results as RunResults, testInfo(evil), { durationS: 12.5, reportPath: '/runs/x/report.html' });
    const names = wellFormed(xml);
    expect(names.filter((n) => n === 'testcase')).toHaveLength(3);
    expect(names.filter((n) => n === 'failure')).toHaveLength(1);
    expect(names.filter((n) => n === 'error')).toHaveLength(1);
    expect(xml).toContain('<testsuites name="faultline" tests="3" failures="1" errors="1" skipped="0" time="12.500">');
    expect(xml).toContain('name="linearizable (seed 1234)" time="1.500"');
    expect(xml).toContain('report: /runs/x/report.html');
    expect(xml).toContain('re-run: faultline test etcd --workload register');
  });

  it('drops the always-passing stats case and writes readable text, not JSON, for every checker', () => {
    const r = {
      valid: false as const,
      checkers: {
        stats: { valid: true, total: { invoke: 3 } },
        bank: { valid: false, badReads: 2, reads: 10, problems: { 'wrong-total': 2 }, bad: [{ index: 3 }], explanation: '2 of 10 reads did not sum to 800.' },
        set: { valid: false, lost: { count: 2, elements: [4, 9] }, unexpected: { count: 0, elements: [] }, attempted: 10 },
        stream: { valid: false, counted: ['lost-write'], counts: { 'lost-write': 1, 'poll-skip': 2 }, anomalies: { 'lost-write': [{ key: 't0', note: 'value 11 at offset 1 was never read' }], 'poll-skip': [] } },
      },
    };
    const xml = renderJunit(r, testInfo('t'));
    expect(xml).not.toContain('name="stats');
    expect(xml).toContain('2 of 10 reads did not sum to 800.');
    expect(xml).toContain('lost (2): 4 9');
    expect(xml).toContain('lost-write: 1\n  - key t0: value 11 at offset 1 was never read\npoll-skip: 2 (reported, not counted)');
    expect(xml).not.toMatch(/"valid": false/);
  });

  it('has a single errored case for a run without results', () => {
    const xml = renderJunit(undefined, undefined);
    expect(wellFormed(xml).filter((n) => n === 'error')).toHaveLength(1);
    expect(xml).toContain('name="results"');
  });
});

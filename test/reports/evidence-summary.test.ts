import { describe, expect, it } from 'vitest';
import { summarizeStream } from '../../checkers/stream/explain.js';
import { checkerView } from '../../reports/evidence.js';

describe('checker summaries', () => {
  it('a verdict\'s own one-line summary is shown; a reason takes precedence', () => {
    expect(checkerView('stream', { valid: false, summary: '2 aborted-read' }).summary).toBe('invalid: 2 aborted-read');
    expect(checkerView('stream', { valid: 'unknown', summary: 'x', reason: 'nothing read' }).summary).toBe('unknown: nothing read');
    expect(checkerView('stream', { valid: true }).summary).toBe('valid');
  });

  it('the stream summary lists counted classes first, then the reported-only ones', () => {
    const counts = { 'lost-write': 1, 'aborted-read': 2, unseen: 16, duplicate: 0 } as never;
    const base = { config: { promise: 'assign', orderingKeys: false }, counts, stats: { ops: 10, keys: 1, sent: 5, acked: 40, read: 5 } };
    expect(summarizeStream({ ...base, valid: false, counted: ['aborted-read', 'lost-write', 'duplicate'] as never, reportedOnly: ['unseen'] as never })).toBe(
      '2 aborted-read, 1 lost-write; reported only: 16 unseen',
    );
    expect(summarizeStream({ ...base, valid: true, counted: ['duplicate'] as never, reportedOnly: [] as never })).toBe('40 acknowledged, none lost or out of order');
  });
});

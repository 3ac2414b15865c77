import { describe, expect, it } from 'vitest';
import { checkStream, type StreamOptions, type StreamVerdict } from '../../../checkers/stream/index.js';
import { StreamHistory } from './builder.js';

/** The classes that occurred, sorted. */
const fired = (v: StreamVerdict): string[] =>
  Object.entries(v.counts)
    .filter(([, n]) => n > 0)
    .map(([c]) => c)
    .sort();

function check(b: StreamHistory, opts?: StreamOptions): StreamVerdict {
  const v = checkStream(b.ops, opts);
  expect(JSON.parse(JSON.stringify(v))).toEqual(v); // JSON-serialisable as is
  return v;
}

describe('stream checker: one hand-built history per class', () => {
  it('a correct history is valid and finds nothing', () => {
    const b = new StreamHistory();
    b.send(0, 't0', 1, 0);
    b.send(0, 't0', 2, 1);
    b.hold(1, 'assign', ['t0']);
    b.poll(1, { t0: [[0, 1]] });
    b.poll(1, { t0: [[1, 2]] });
    const v = check(b);
    expect(v.valid).toBe(true);
    expect(fired(v)).toEqual([]);
    expect(v.stats).toMatchObject({ keys: 1, sent: 2, acked: 2, read: 2, records: 2 });
    expect(v.explanation).toMatch(/No anomaly/);
  });

  it('inconsistent-offsets: two values at one offset', () => {
    const b = new StreamHistory();
    const s1 = b.send(0, 't0', 1, 0);
    const s2 = b.send(1, 't0', 2, 0);
    b.poll(2, { t0: [[0, 1]] });
    b.poll(3, { t0: [[0, 2]] });
    const v = check(b);
    expect(v.valid).toBe(false);
    expect(fired(v)).toEqual(['inconsistent-offsets']);
    expect(v.anomalies['inconsistent-offsets']).toEqual([expect.objectContaining({ key: 't0', offsets: [0], values: [1, 2], ops: [s1, s2] })]);
  });

  it('duplicate: one value at two offsets', () => {
    const b = new StreamHistory();
    const s = b.send(0, 't0', 1, 0);
    const p = b.poll(1, { t0: [[0, 1], [1, 1]] });
    const v = check(b);
    expect(fired(v)).toEqual(['duplicate']);
    expect(v.anomalies.duplicate).toEqual([expect.objectContaining({ key: 't0', offsets: [0, 1], values: [1], ops: [s, p] })]);
  });

  it('lost-write: an acknowledged value below what ok reads reached, never read', () => {
    const b = new StreamHistory();
    const s = b.send(0, 't0', 1, 0);
    b.send(0, 't0', 2, 1);
    b.poll(1, { t0: [[1, 2]] });
    const v = check(b);
    expect(v.valid).toBe(false);
    expect(fired(v)).toEqual(['lost-write']);
    expect(v.anomalies['lost-write']![0]).toMatchObject({ key: 't0', offsets: [0], values: [1], ops: [s], process: 0 });
  });

  it('unseen: acknowledged, never read, beyond every ok read; a warning with a count over time', () => {
    const b = new StreamHistory();
    b.send(0, 't0', 1, 0);
    b.poll(1, { t0: [[0, 1]] });
    b.send(0, 't0', 2, 1);
    b.poll(1, {});
    const v = check(b, { unseenPoints: 4 });
    expect(v.valid).toBe(true);
    expect(fired(v)).toEqual(['unseen']);
    expect(v.reportedOnly).toContain('unseen');
    expect(v.unseenOverTime.map((p) => p.unseen)).toEqual([1, 0, 1, 1]);
    expect(v.explanation).toMatch(/1 unseen/);
  });

  it('aborted-read: an ok read of a failed send, or of a value nobody sent', () => {
    const b = new StreamHistory();
    const s = b.send(0, 't0', 1, undefined, 'fail');
    const p = b.poll(1, { t0: [[0, 1], [1, 99]] });
    const v = check(b);
    expect(fired(v)).toEqual(['aborted-read']);
    expect(v.counts['aborted-read']).toBe(2);
    expect(v.anomalies['aborted-read']![0]).toMatchObject({ values: [1], ops: [s, p] });
    expect(v.anomalies['aborted-read']![1].note).toMatch(/nobody sent/);
    // a failed op's read of it is no anomaly (only ok reads count)
    const c = new StreamHistory();
    c.send(0, 't0', 1, undefined, 'fail');
    c.poll(1, { t0: [[0, 1]] }, 'info');
    expect(fired(check(c))).toEqual([]);
  });

  it('an info send read by an ok read is committed; one nobody read is neither lost nor unseen', () => {
    const b = new StreamHistory();
    b.send(0, 't0', 1, undefined, 'info');
    b.send(1, 't0', 2, undefined, 'info');
    b.send(2, 't0', 3, 1);
    b.poll(3, { t0: [[0, 1], [1, 3]] });
    const v = check(b);
    expect(v.valid).toBe(true);
    expect(fired(v)).toEqual([]);
    expect(v.stats).toMatchObject({ unknown: 2, acked: 1 });
  });

  it('precommitted-read: a txn read the value it was sending', () => {
    const b = new StreamHistory();
    const t = b.txn(0, 't0', 1, 0, { t0: [[0, 1]] });
    const v = check(b);
    expect(fired(v)).toEqual(['precommitted-read']);
    expect(v.anomalies['precommitted-read']![0]).toMatchObject({ ops: [t], values: [1], process: 0 });
  });

  const threeSent = (): StreamHistory => {
    const b = new StreamHistory();
    b.send(0, 't0', 1, 0);
    b.send(0, 't0', 2, 1);
    b.send(0, 't0', 3, 2);
    b.poll(9, { t0: [[0, 1], [1, 2], [2, 3]] }); // someone read everything
    return b;
  };

  it('poll-skip: the next read of an assigned key starts past a known record', () => {
    const b = threeSent();
    b.hold(1, 'assign', ['t0']);
    const p1 = b.poll(1, { t0: [[0, 1]] });
    const p2 = b.poll(1, { t0: [[2, 3]] });
    const v = check(b);
    expect(fired(v)).toEqual(['poll-skip']);
    expect(v.anomalies['poll-skip']![0]).toMatchObject({ key: 't0', offsets: [0, 2], values: [1, 3], ops: [p1, p2], process: 1 });
  });

  it('poll-skip: the first read after assign starts past the first offset', () => {
    const b = threeSent();
    b.hold(1, 'assign', ['t0']);
    b.poll(1, { t0: [[1, 2]] });
    expect(fired(check(b))).toEqual(['poll-skip']);
  });

  it('nonmonotonic-poll: the next read goes back', () => {
    const b = threeSent();
    b.hold(1, 'assign', ['t0']);
    b.poll(1, { t0: [[0, 1], [1, 2]] });
    b.poll(1, { t0: [[1, 2]] });
    const v = check(b);
    expect(fired(v)).toEqual(['nonmonotonic-poll']);
    expect(v.anomalies['nonmonotonic-poll']![0]).toMatchObject({ offsets: [1, 1] });
  });

  it('positions are kept across unassign/re-assign, forgotten by a crash (new process), not checked for keys not held', () => {
    const b = threeSent();
    b.hold(1, 'assign', ['t0']);
    b.poll(1, { t0: [[0, 1]] });
    b.hold(1, 'assign', ['t1']);
    b.poll(1, { t0: [[2, 3]] }); // not held: neither checked nor a position
    b.hold(1, 'assign', ['t0', 't1']);
    b.poll(1, { t0: [[1, 2], [2, 3]] }); // resumes after offset 0: fine
    b.open(1, 'crash', null);
    b.close(1, 'info', 'crash', null);
    b.hold(5, 'assign', ['t0']);
    b.poll(5, { t0: [[0, 1], [1, 2]] }); // a fresh process starts over
    expect(fired(check(b))).toEqual([]);
  });

  it('group-poll-skip / group-nonmonotonic-poll on subscribed keys are only reported; a fresh subscribe may start anywhere', () => {
    const b = threeSent();
    b.hold(1, 'subscribe', ['t0']);
    b.poll(1, { t0: [[1, 2]] }); // fresh subscribe: the group decides
    b.poll(1, { t0: [[0, 1]] }); // back
    b.poll(1, { t0: [[2, 3]] }); // skip
    const v = check(b);
    expect(fired(v)).toEqual(['group-nonmonotonic-poll', 'group-poll-skip']);
    expect(v.valid).toBe(true);
    expect(v.explanation).toMatch(/Reported but not counted: 1 group-poll-skip, 1 group-nonmonotonic-poll/);
    // they count when configured so
    expect(check(b, { errors: ['group-poll-skip'] }).valid).toBe(false);
  });

  it('under the subscribe promise, poll-skip and nonmonotonic-poll are only reported', () => {
    const b = threeSent();
    b.hold(1, 'assign', ['t0']);
    b.poll(1, { t0: [[0, 1]] });
    b.poll(1, { t0: [[2, 3]] });
    const v = check(b, { promise: 'subscribe' });
    expect(fired(v)).toEqual(['poll-skip']);
    expect(v.valid).toBe(true);
    expect(v.reportedOnly).toContain('poll-skip');
    expect(v.explanation).toMatch(/subscribe promise/);
  });

  it('internal-skip: one read skips a known record; a gap with no known record is no skip', () => {
    const b = threeSent();
    b.poll(1, { t0: [[0, 1], [2, 3]] });
    const v = check(b);
    expect(fired(v)).toEqual(['internal-skip']);
    const gap = new StreamHistory();
    gap.send(0, 't0', 1, 0);
    gap.send(0, 't0', 2, 5); // offsets 1..4: transaction markers, say
    gap.poll(1, { t0: [[0, 1], [5, 2]] });
    expect(fired(check(gap))).toEqual([]);
  });

  it('internal-nonmonotonic: one read goes back', () => {
    const b = threeSent();
    b.poll(1, { t0: [[1, 2], [0, 1]] });
    expect(fired(check(b))).toEqual(['internal-nonmonotonic']);
  });

  it('nonmonotonic-send: one process sends to a key and the offsets go back', () => {
    const b = new StreamHistory();
    const s1 = b.send(0, 't0', 1, 1);
    const s2 = b.send(0, 't0', 2, 0);
    b.poll(1, { t0: [[0, 2], [1, 1]] });
    const v = check(b);
    expect(fired(v)).toEqual(['nonmonotonic-send']);
    expect(v.anomalies['nonmonotonic-send']![0]).toMatchObject({ offsets: [1, 0], values: [1, 2], ops: [s1, s2], process: 0 });
  });

  it('ordering-key-order: a consumer reads an ordering key out of append order (offsets of a hidden partition)', () => {
    const b = new StreamHistory();
    b.send(0, 'k0', 1, 10);
    b.send(0, 'k0', 2, 20);
    b.hold(1, 'subscribe', ['k0']);
    b.poll(1, { k0: [[20, 2]] });
    b.poll(1, { k0: [[10, 1]] });
    const v = check(b, { orderingKeys: true });
    expect(v.valid).toBe(false);
    expect(fired(v)).toEqual(['group-nonmonotonic-poll', 'ordering-key-order']);
    expect(v.counted).toContain('ordering-key-order');
    expect(v.anomalies['ordering-key-order']![0]).toMatchObject({ key: 'k0', offsets: [20, 10], values: [2, 1] });
    // in order, with gaps (other keys' records), is fine: skips are not counted in this mode
    const ok = new StreamHistory();
    ok.send(0, 'k0', 1, 10);
    ok.send(0, 'k0', 2, 20);
    ok.send(0, 'k0', 3, 30);
    ok.hold(1, 'assign', ['k0']);
    ok.poll(1, { k0: [[10, 1], [30, 3]] });
    ok.poll(2, { k0: [[20, 2]] });
    const w = check(ok, { orderingKeys: true });
    expect(w.valid).toBe(true);
    expect(w.reportedOnly).toEqual(expect.arrayContaining(['poll-skip', 'internal-skip']));
  });

  it('an invocation that never completed is info; malformed micro-ops make an otherwise clean verdict unknown', () => {
    const b = new StreamHistory();
    b.open(0, 'send', [['send', 't0', 1]]);
    b.send(1, 't0', 2, 0);
    b.poll(2, { t0: [[0, 2], [1, 1]] });
    expect(check(b).valid).toBe(true);
    const m = new StreamHistory();
    m.send(0, 't0', 1, 0);
    m.poll(1, { t0: [[0, 1], ['x', 2]] } as never);
    const v = check(m);
    expect(v.valid).toBe('unknown');
    expect(v.reason).toMatch(/could not be read/);
  });

  it('caps examples per class but keeps counts exact', () => {
    const b = new StreamHistory();
    for (let i = 0; i < 30; i++) b.send(0, 't0', i, i);
    b.poll(1, { t0: [[29, 29]] });
    const v = check(b, { maxExamples: 3 });
    expect(v.counts['lost-write']).toBe(29);
    expect(v.anomalies['lost-write']).toHaveLength(3);
  });

  it('rejects bad options with one line naming the option', () => {
    expect(() => checkStream([], { promise: 'sometimes' as never })).toThrow(/stream promise: expected assign or subscribe, got "sometimes"/);
    expect(() => checkStream([], { errors: ['lost' as never] })).toThrow(/unknown anomaly class "lost"/);
  });
});

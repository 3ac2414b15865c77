import { describe, expect, it } from 'vitest';
import { certainlyNotApplied, describeFailure, failedCompletion, failureOf, type Failure } from '../../../systems/etcd/failure.js';

const http = (status: number, message: string, grpcCode?: number): Failure => ({ kind: 'http', status, message, grpcCode });
const net = (code: string | undefined, responded = false): Failure => ({ kind: 'network', code, message: `${code} x`, responded });

describe('certainlyNotApplied', () => {
  it.each([
    [net('ECONNREFUSED'), true],
    [net('ENOTFOUND'), true],
    [net('EHOSTUNREACH'), true],
    [net('UND_ERR_CONNECT_TIMEOUT'), true],
    [net('ECONNREFUSED', true), false],
    [net('ECONNRESET'), false],
    [net('UND_ERR_SOCKET'), false],
    [net(undefined), false],
    [http(400, 'etcdserver: key is not provided', 3), true],
    [http(429, 'etcdserver: too many requests', 8), true],
    [http(403, 'etcdserver: permission denied', 7), true],
    [http(408, 'context canceled', 1), false],
    [http(499, 'context canceled', 1), false],
    [http(503, 'etcdserver: no leader', 14), true],
    [http(503, 'etcdserver: not capable', 14), true],
    [http(500, 'raft proposal dropped', 2), true],
    [http(503, 'etcdserver: request timed out', 14), false],
    [http(503, 'etcdserver: leader changed', 14), false],
    [http(500, 'context deadline exceeded', 2), false],
    [http(503, 'etcdserver: server stopped', 14), false],
    [http(502, 'bad gateway'), false],
    [{ kind: 'timeout' } as Failure, false],
    [{ kind: 'aborted', reason: 'SIGINT' } as Failure, false],
  ])('%j → %s', (f, expected) => {
    expect(certainlyNotApplied(f)).toBe(expected);
  });
});

describe('failedCompletion', () => {
  it('reads always fail; writes fail only when certainly not applied, else info', () => {
    const timeout: Failure = { kind: 'timeout' };
    expect(failedCompletion('read', timeout, null)).toEqual({ type: 'fail', value: null, error: 'timed out' });
    expect(failedCompletion('write', timeout, 3)).toEqual({ type: 'info', value: 3, error: 'timed out' });
    expect(failedCompletion('write', net('ECONNREFUSED'), 3).type).toBe('fail');
    expect(failedCompletion('write', http(503, 'etcdserver: request timed out', 14), [1, 2])).toEqual({
      type: 'info', value: [1, 2], error: 'HTTP 503: etcdserver: request timed out',
    });
  });
});

describe('failureOf', () => {
  it('tells our deadline from an outside abort', () => {
    const t = new AbortController();
    t.abort(new DOMException('deadline', 'TimeoutError'));
    expect(failureOf(new Error('x'), t.signal, false)).toEqual({ kind: 'timeout' });
    const a = new AbortController();
    a.abort(new Error('interrupted by SIGINT'));
    expect(failureOf(new Error('x'), a.signal, false)).toEqual({ kind: 'aborted', reason: 'interrupted by SIGINT' });
  });

  it('digs the network code out of fetch errors (AggregateError too)', () => {
    const live = new AbortController().signal;
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:2379'), { code: 'ECONNREFUSED' });
    expect(failureOf(new TypeError('fetch failed', { cause: refused }), live, false)).toEqual({
      kind: 'network', code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:2379', responded: false,
    });
    const agg = new AggregateError([Object.assign(new Error('a'), { code: 'EHOSTUNREACH' })], 'all failed');
    expect(failureOf(new TypeError('fetch failed', { cause: agg }), live, false)).toMatchObject({ code: 'EHOSTUNREACH' });
    expect(failureOf(new TypeError('terminated'), live, true)).toEqual({ kind: 'network', message: 'terminated', responded: true });
  });

  it('describes failures in one line', () => {
    expect(describeFailure(net('ECONNRESET'))).toBe('ECONNRESET: ECONNRESET x');
    expect(describeFailure({ kind: 'aborted', reason: 'r' })).toBe('aborted: r');
  });
});

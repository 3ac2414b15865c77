/**
 * The register and set clients against a fake JSON gateway on loopback: request shapes
 * (base64, serializable, txn compare), result decoding, and how failures become `fail` or
 * `info` through real fetch errors (refused connections, hung requests, resets, 5xx).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { etcdClient } from '../../../systems/etcd/client.js';
import { b64, Gateway, prefixEnd, unb64 } from '../../../systems/etcd/gateway.js';
import { parseValue, RegisterConn } from '../../../systems/etcd/register.js';
import { SetConn, setElements } from '../../../systems/etcd/set.js';
import type { Op } from '../../../core/op.js';

/** What the fake answers next: the in-memory store, a canned error, a hang, or a reset. */
type Mode = { kind: 'store' } | { kind: 'error'; status: number; message: string; code: number } | { kind: 'hang' } | { kind: 'reset' };

let server: Server;
let url: string;
let mode: Mode = { kind: 'store' };
const store = new Map<string, string>();
const requests: Array<{ path: string; body: Record<string, unknown> }> = [];

function kv(key: string): Record<string, string> {
  return { key: b64(key), value: b64(store.get(key) ?? ''), mod_revision: '2' };
}

function answer(path: string, body: Record<string, unknown>): unknown {
  const header = { member_id: '1', revision: '2' };
  const key = unb64(String(body.key ?? ''));
  if (path === '/v3/kv/put') {
    store.set(key, unb64(String(body.value)));
    return { header };
  }
  if (path === '/v3/kv/range') {
    const end = body.range_end === undefined ? undefined : Buffer.from(String(body.range_end), 'base64').toString('latin1');
    const keys = [...store.keys()].filter((k) => (end === undefined ? k === key : k >= key && k < end)).sort();
    return keys.length ? { header, kvs: keys.map(kv), count: String(keys.length) } : { header };
  }
  if (path === '/v3/kv/txn') {
    const c = (body.compare as Array<Record<string, string>>)[0];
    const ok = store.get(unb64(c.key)) === unb64(c.value);
    if (!ok) return { header }; // the gateway leaves `succeeded: false` out
    const put = (body.success as Array<{ request_put: { key: string; value: string } }>)[0].request_put;
    store.set(unb64(put.key), unb64(put.value));
    return { header, succeeded: true, responses: [{ response_put: { header } }] };
  }
  return { header };
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  let data = '';
  req.on('data', (c: Buffer) => (data += c.toString()));
  req.on('end', () => {
    const body = JSON.parse(data || '{}') as Record<string, unknown>;
    requests.push({ path: req.url ?? '', body });
    if (mode.kind === 'hang') return; // never answers
    if (mode.kind === 'reset') return req.socket.destroy();
    res.setHeader('content-type', 'application/json');
    if (mode.kind === 'error') {
      res.statusCode = mode.status;
      return res.end(JSON.stringify({ error: mode.message, message: mode.message, code: mode.code }));
    }
    res.end(JSON.stringify(answer(req.url ?? '', body)));
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  mode = { kind: 'store' };
  store.clear();
  requests.length = 0;
});

const live = (): AbortSignal => new AbortController().signal;
const op = (f: string, value: unknown, key?: number): Op => ({ index: 0, time: 0, process: 0, type: 'invoke', f, value, ...(key === undefined ? {} : { key }) });
// a generous deadline for requests that are answered (a loaded machine can take a while), a short one for hung requests
const opts = { serializableReads: false, timeoutMs: 5_000 };
const short = { ...opts, timeoutMs: 300 };

describe('register client', () => {
  it('reads null, writes, reads the number, cas ok and cas fail', async () => {
    const c = new RegisterConn(new Gateway(url), opts);
    expect(await c.invoke(op('read', null, 7), live())).toEqual({ type: 'ok', value: null });
    expect(await c.invoke(op('write', 3, 7), live())).toEqual({ type: 'ok', value: 3 });
    expect(store.get('register/7')).toBe('3');
    expect(await c.invoke(op('read', null, 7), live())).toEqual({ type: 'ok', value: 3 });
    expect(await c.invoke(op('cas', [3, 4], 7), live())).toEqual({ type: 'ok', value: [3, 4] });
    expect(await c.invoke(op('cas', [3, 5], 7), live())).toEqual({ type: 'fail', value: [3, 5], error: 'value did not match' });
    expect(await c.invoke(op('read', null, 7), live())).toEqual({ type: 'ok', value: 4 });
    const txn = requests.find((r) => r.path === '/v3/kv/txn')!.body;
    expect(txn.compare).toEqual([{ key: b64('register/7'), result: 'EQUAL', target: 'VALUE', value: b64('3') }]);
  });

  it('asks for linearizable reads by default and serializable ones when configured', async () => {
    await new RegisterConn(new Gateway(url), opts).invoke(op('read', null, 1), live());
    await new RegisterConn(new Gateway(url), { ...opts, serializableReads: true }).invoke(op('read', null, 1), live());
    expect(requests.map((r) => r.body.serializable)).toEqual([false, true]);
  });

  it('fails ops it cannot run without sending anything', async () => {
    const c = new RegisterConn(new Gateway(url), opts);
    expect(await c.invoke(op('read', null), live())).toMatchObject({ type: 'fail', error: 'register op without a key' });
    expect(await c.invoke(op('cas', 3, 1), live())).toMatchObject({ type: 'fail', error: expect.stringMatching(/\[expected, new\]/) });
    expect(await c.invoke(op('append', 3, 1), live())).toMatchObject({ type: 'fail', error: expect.stringMatching(/no op "append"/) });
    expect(requests).toEqual([]);
  });

  it('a hung request: read → fail, write and cas → info, within the deadline', async () => {
    mode = { kind: 'hang' };
    const c = new RegisterConn(new Gateway(url), short);
    const t0 = Date.now();
    const [r, w, x] = await Promise.all([c.invoke(op('read', null, 1), live()), c.invoke(op('write', 1, 1), live()), c.invoke(op('cas', [1, 2], 1), live())]);
    expect(Date.now() - t0).toBeLessThan(4_000); // the 300 ms deadline, not the server's (it never answers)
    expect(r).toEqual({ type: 'fail', value: null, error: 'timed out' });
    expect(w).toEqual({ type: 'info', value: 1, error: 'timed out' });
    expect(x).toMatchObject({ type: 'info', value: [1, 2] });
  });

  it('an outside abort → info for writes, naming the reason', async () => {
    mode = { kind: 'hang' };
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('run interrupted')), 50);
    expect(await new RegisterConn(new Gateway(url), { ...opts, timeoutMs: 5_000 }).invoke(op('write', 1, 1), ac.signal)).toEqual({
      type: 'info', value: 1, error: 'aborted: run interrupted',
    });
  });

  it('a reset connection → info for writes', async () => {
    mode = { kind: 'reset' };
    expect((await new RegisterConn(new Gateway(url), short).invoke(op('write', 1, 1), live())).type).toBe('info');
  });

  it('5xx of unknown effect → info; a definite rejection → fail', async () => {
    const c = new RegisterConn(new Gateway(url), opts);
    mode = { kind: 'error', status: 503, message: 'etcdserver: request timed out', code: 14 };
    expect(await c.invoke(op('write', 1, 1), live())).toEqual({ type: 'info', value: 1, error: 'HTTP 503: etcdserver: request timed out' });
    mode = { kind: 'error', status: 503, message: 'etcdserver: no leader', code: 14 };
    expect((await c.invoke(op('write', 1, 1), live())).type).toBe('fail');
    mode = { kind: 'error', status: 429, message: 'etcdserver: too many requests', code: 8 };
    expect((await c.invoke(op('cas', [1, 2], 1), live())).type).toBe('fail');
    mode = { kind: 'error', status: 503, message: 'etcdserver: leader changed', code: 14 };
    expect(await c.invoke(op('read', null, 1), live())).toMatchObject({ type: 'fail', error: 'HTTP 503: etcdserver: leader changed' });
  });

  it('a refused connection → fail even for writes', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const c = new RegisterConn(new Gateway(`http://127.0.0.1:${port}`), opts);
    expect(await c.invoke(op('write', 1, 1), live())).toMatchObject({ type: 'fail', error: expect.stringMatching(/^ECONNREFUSED/) });
  });
});

describe('set client', () => {
  it('adds elements as keys and reads them back sorted, ignoring other keys', async () => {
    const c = new SetConn(new Gateway(url), opts);
    for (const v of [10, 2, 33]) expect(await c.invoke(op('add', v), live())).toEqual({ type: 'ok', value: v });
    store.set('register/1', '5');
    store.set('set0', 'outside');
    expect(await c.invoke(op('read', null), live())).toEqual({ type: 'ok', value: [2, 10, 33] });
    const scan = requests.at(-1)!.body;
    expect(scan.range_end).toBe(prefixEnd('set/').toString('base64'));
  });

  it('a hung add → info, a hung read → fail', async () => {
    mode = { kind: 'hang' };
    const c = new SetConn(new Gateway(url), short);
    expect((await c.invoke(op('add', 1), live())).type).toBe('info');
    expect((await c.invoke(op('read', null), live())).type).toBe('fail');
  });
});

describe('helpers', () => {
  it('prefixEnd increments the last byte below 0xff', () => {
    expect(prefixEnd('set/').toString()).toBe('set0');
    expect([...prefixEnd('a\u00ff')]).toEqual([0x61, 0xc3, 0xc0]);
    expect([...prefixEnd('')]).toEqual([0]);
  });

  it('parseValue and setElements decode numbers and keep other text', () => {
    expect(parseValue('42')).toBe(42);
    expect(parseValue('-1.5')).toBe(-1.5);
    expect(parseValue('x')).toBe('x');
    expect(parseValue('')).toBe('');
    expect(setElements(['set/10', 'set/9', 'other/1'])).toEqual([9, 10]);
  });

  it('etcdClient knows register and set and rejects other workloads by name', () => {
    expect(etcdClient('register', {})).toBeDefined();
    expect(() => etcdClient('bank', {})).toThrow(/"bank".*register, set/);
    expect(() => etcdClient('set', { etcdTimeoutMs: 0 })).toThrow(/etcdTimeoutMs/);
  });
});

/** The serve HTTP server on a small fixture store: routes, read-only, no way out of the store. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStore, type Served } from '../../../harness/serve/server.js';

let root: string;
let served: Served;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'faultline-serve-'));
  const run = join(root, 'store', 'etcd-register', '20261204T100000.000Z');
  mkdirSync(join(run, 'logs', 'n1'), { recursive: true });
  writeFileSync(join(run, 'test.json'), JSON.stringify({ system: 'etcd', workload: 'register', seed: 5, startedAt: '2026-12-04T10:00:00.000Z', options: { nemesis: ['kill'] } }));
  writeFileSync(join(run, 'results.json'), JSON.stringify({ valid: false, checkers: { linearizable: { valid: false } } }));
  writeFileSync(join(run, 'report.html'), '<!doctype html><p>report</p>');
  writeFileSync(join(run, 'history.jsonl'), '{"index":0}\n');
  writeFileSync(join(run, 'logs', 'n1', 'etcd.log'), 'log line\n');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  symlinkSync(join(root, 'secret.txt'), join(run, 'escape.txt'));
  served = await serveStore(join(root, 'store'), { port: 0 });
});
afterAll(async () => {
  await served.close();
  rmSync(root, { recursive: true, force: true });
});

function get(path: string, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const u = new URL(served.url);
    const req = request({ host: u.hostname, port: u.port, path, method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('faultline serve', () => {
  it('listens on 127.0.0.1 by default', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('lists the run, links its report and files; serves history and logs as text', async () => {
    const list = await get('/?verdict=INVALID');
    expect(list.status).toBe(200);
    expect(list.headers['content-security-policy']).toContain("default-src 'none'");
    expect(list.body).toContain('1 of 1 runs');
    expect(list.body).toContain('href="/files/etcd-register/20261204T100000.000Z/report.html"');
    const files = await get('/run/etcd-register/20261204T100000.000Z');
    expect(files.body).toContain('logs/n1/etcd.log');
    expect((await get('/files/etcd-register/20261204T100000.000Z/logs/n1/etcd.log')).body).toBe('log line\n');
    const report = await get('/files/etcd-register/20261204T100000.000Z/report.html');
    expect(report.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('is read-only and never leaves the store', async () => {
    expect((await get('/', 'POST')).status).toBe(405);
    expect((await get('/files/etcd-register/20261204T100000.000Z/escape.txt')).status).toBe(404);
    expect((await get('/files/..%2F..%2Fsecret.txt/x/y')).status).toBe(404);
    expect((await get('/files/etcd-register/..%2F..%2Fsecret.txt/x')).status).toBe(404);
    expect((await get('/files/etcd-register/../../secret.txt')).status).toBe(404);
    expect((await get('/run/campaigns/x')).status).toBe(404);
    expect((await get('/compare?run=a')).status).toBe(400);
  });
});

/**
 * HerdDB on real containers (cluster `herddb-it`, 10.231.80.0/24): three nodes, each a
 * ZooKeeper member and a HerdDB server with its bookie; tablespace `herd` replicated with
 * automatic failover. The register, set and bank clients work through the bridge; killing the
 * leader moves `primaries()` to another node within the failover window and ops succeed
 * again; the killed server comes back as a replica.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HerddbDb, herddbClient, LIB_DIR } from '../../../systems/herddb/index.js';
import type { Op } from '../../../core/op.js';
import type { ClientConn, Completion, RunContext } from '../../../core/plugins.js';
import { CAS_MISMATCH } from '../../../workloads/register.js';
import { startDbCluster, type DbTestCluster } from '../../support/db-cluster.js';

let c: DbTestCluster<HerddbDb>;
const conns: ClientConn[] = [];

const op = (f: string, value: unknown, key?: number): Op => ({ index: 0, time: 0, process: 0, type: 'invoke', f, value, ...(key === undefined ? {} : { key }) });
const run = (conn: ClientConn, o: Op): Promise<Completion> => conn.invoke(o, new AbortController().signal);

async function open(workload: string, node: string, options: Record<string, unknown> = {}): Promise<ClientConn> {
  const conn = await herddbClient(workload, options).open(c.ctx, node);
  conns.push(conn);
  return conn;
}

/** The single leader `primaries()` names, waiting up to `ms`; also checks each call answers within 1 s. */
async function leader(ctx: RunContext, ms: number, not?: string): Promise<{ node: string; waitedMs: number }> {
  const t0 = Date.now();
  while (Date.now() - t0 < ms) {
    const t = Date.now();
    const p = await c.db.primaries(ctx);
    expect(Date.now() - t).toBeLessThan(1_500);
    if (p.length === 1 && p[0] !== not) return { node: p[0], waitedMs: Date.now() - t0 };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no leader other than ${not ?? '-'} within ${ms} ms`);
}

beforeAll(async () => {
  c = await startDbCluster({ name: 'herddb-it', subnet: '10.231.80.0/24', image: 'jvm', db: new HerddbDb() });
  process.stderr.write(`herddb-it: containers up in ${c.timings.upS} s, HerdDB set up (ensemble, servers, tablespace replicated) in ${c.timings.setupS} s\n`);
});

afterAll(async () => {
  await Promise.allSettled(conns.map((k) => k.close()));
  await c?.stop();
});

describe.sequential('HerdDB on a 3-node local cluster', () => {
  it('has one leader of tablespace herd, jars installed on every node', async () => {
    const l = await leader(c.ctx, 10_000);
    expect(c.ctx.nodes).toContain(l.node);
    expect(await c.db.version()).toBe('0.29.0');
    for (const n of c.ctx.nodes) {
      const r = await c.ctx.cluster.remote(n).exec(['test', '-f', `${LIB_DIR}/herddb-core-0.29.0.jar`], { check: false });
      expect(r.exitCode).toBe(0);
    }
  });

  it('serves the register client: write, read, cas ok and a mismatched cas fails', async () => {
    const a = await open('register', 'n1');
    const b = await open('register', 'n3');
    expect(await run(a, op('read', null, 1))).toEqual({ type: 'ok', value: null });
    expect(await run(a, op('write', 3, 1))).toEqual({ type: 'ok', value: 3 });
    expect(await run(b, op('read', null, 1))).toEqual({ type: 'ok', value: 3 });
    expect(await run(b, op('cas', [3, 4], 1))).toEqual({ type: 'ok', value: [3, 4] });
    expect(await run(a, op('cas', [3, 0], 1))).toEqual({ type: 'fail', value: [3, 0], error: CAS_MISMATCH });
    expect(await run(a, op('read', null, 1))).toEqual({ type: 'ok', value: 4 });
    expect((await run(a, op('frob', 1, 1))).type).toBe('fail');
  });

  it('serves the set client: adds, then a read of every element', async () => {
    const s = await open('set', 'n2');
    for (const e of [5, 1, 3]) expect(await run(s, op('add', e))).toEqual({ type: 'ok', value: e });
    expect((await run(s, op('add', 3))).type).toBe('fail'); // duplicate key: rejected
    expect(await run(s, op('read', null))).toEqual({ type: 'ok', value: [1, 3, 5] });
  });

  it('serves the bank client: transfers in transactions, reads of the whole bank, insufficient funds refused', async () => {
    const opts = { bankAccounts: 4, bankTotal: 40 };
    const k = await open('bank', 'n1', opts);
    expect(await run(k, op('read', null))).toEqual({ type: 'ok', value: { 0: 10, 1: 10, 2: 10, 3: 10 } });
    expect(await run(k, op('transfer', { from: 0, to: 1, amount: 7 }))).toEqual({ type: 'ok', value: { from: 0, to: 1, amount: 7 } });
    expect(await run(k, op('transfer', { from: 0, to: 2, amount: 4 }))).toEqual({ type: 'fail', value: { from: 0, to: 2, amount: 4 }, error: 'insufficient funds' });
    const k2 = await open('bank', 'n3', opts); // accounts are not created twice
    expect(await run(k2, op('read', null))).toEqual({ type: 'ok', value: { 0: 3, 1: 17, 2: 10, 3: 10 } });
  });

  it('fails over when the leader is killed: primaries() changes and writes succeed again; the old leader rejoins', async () => {
    const before = await leader(c.ctx, 10_000);
    const rc = herddbClient('register', {});
    const w = await rc.open(c.ctx, 'n1');
    conns.push(w);
    expect((await run(w, op('write', 1, 7))).type).toBe('ok');
    const t0 = Date.now();
    await c.db.kill(c.ctx, before.node);
    // Writes through fresh connections, one a second, until one succeeds (bounded); the
    // errors seen meanwhile are what failure.ts classifies.
    const seen: string[] = [];
    let okAt = -1;
    for (let i = 0; i < 60 && okAt < 0; i++) {
      const conn = await rc.open(c.ctx, c.ctx.nodes[i % 3]);
      conns.push(conn);
      const r = await run(conn, op('write', 2, 7));
      if (r.type === 'ok') okAt = Date.now() - t0;
      else {
        seen.push(`${r.type}: ${r.error ?? ''}`);
        await new Promise((res) => setTimeout(res, 1_000));
      }
    }
    process.stderr.write(`herddb-it: first ok write ${(okAt / 1000).toFixed(1)} s after killing ${before.node}; errors before it:\n  ${[...new Set(seen)].join('\n  ')}\n`);
    expect(okAt).toBeGreaterThan(0);
    const after = await leader(c.ctx, 30_000, before.node);
    process.stderr.write(`herddb-it: primaries() names ${after.node} ${((Date.now() - t0) / 1000).toFixed(1)} s after the kill\n`);
    expect(after.node).not.toBe(before.node);
    const reader = await open('register', 'n2');
    expect(await run(reader, op('read', null, 7))).toEqual({ type: 'ok', value: 2 });
    await c.db.start(c.ctx, before.node);
    expect((await c.db.primaries(c.ctx)).length).toBe(1);
  }, 180_000);

  it('names no primary rather than hang when the bridge cannot reach the cluster', async () => {
    const ctx: RunContext = { ...c.ctx, runDir: `${c.ctx.runDir}-unreachable`, addresses: { n1: '127.0.0.1', n2: '127.0.0.1', n3: '127.0.0.1' } };
    const t = Date.now();
    expect(await c.db.primaries(ctx)).toEqual([]);
    process.stderr.write(`herddb-it: primaries() on an unreachable cluster answered [] in ${Date.now() - t} ms (first call starts a bridge)\n`);
    const t2 = Date.now();
    expect(await c.db.primaries(ctx)).toEqual([]);
    expect(Date.now() - t2).toBeLessThan(1_500);
    await (await import('../../../systems/herddb/index.js')).closeBridge(ctx.runDir);
  }, 60_000);
});

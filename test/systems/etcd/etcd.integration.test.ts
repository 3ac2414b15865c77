/**
 * etcd on real containers: a 3-node cluster forms; linearizable and serializable reads under a
 * partition; killing the leader; pausing a majority; setup cleaning up after a crashed run;
 * teardown. Cluster `it-etcd` on 10.231.40.0/24, its own state folder.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientConn } from '../../../core/plugins.js';
import { fromComponents, PartitionNemesis } from '../../../nemesis/index.js';
import { DATA_DIR } from '../../../systems/etcd/flags.js';
import { EtcdDb, etcdClient } from '../../../systems/etcd/index.js';
import { eventually, op, registerConns, run, startEtcdCluster, type EtcdTestCluster } from './it-cluster.js';

let c: EtcdTestCluster;
let lin: Record<string, ClientConn>;
let ser: Record<string, ClientConn>;

beforeAll(async () => {
  c = await startEtcdCluster('it-etcd', '10.231.40.0/24');
  process.stderr.write(`it-etcd: containers up in ${c.timings.upS} s, etcd formed in ${c.timings.setupS} s\n`);
  lin = await registerConns(c.ctx, { etcdTimeoutMs: 2_000 });
  ser = await registerConns(c.ctx, { etcdTimeoutMs: 2_000, etcdSerializableReads: true });
});

afterAll(async () => {
  await c?.stop();
});

describe('etcd on a 3-node local cluster', () => {
  it('forms, reports its version, one leader and its log file', async () => {
    expect(await c.db.version(c.ctx)).toBe('3.4.23');
    expect(await c.db.primaries(c.ctx)).toHaveLength(1);
    const log = await c.ctx.cluster.remote('n1').exec(['cat', ...c.db.logFiles()]);
    expect(log.stdout).toMatch(/etcd/);
  });

  it('a write on n1 is seen by a linearizable read on n3; cas succeeds and fails as it should', async () => {
    expect(await run(lin.n1, op('write', 1))).toEqual({ type: 'ok', value: 1 });
    expect(await run(lin.n3, op('read', null))).toEqual({ type: 'ok', value: 1 });
    expect(await run(lin.n2, op('cas', [1, 2]))).toEqual({ type: 'ok', value: [1, 2] });
    expect(await run(lin.n2, op('cas', [1, 3]))).toMatchObject({ type: 'fail', error: 'value did not match' });
    expect(await run(lin.n3, op('read', null, 'absent'))).toEqual({ type: 'ok', value: null });
  });

  it('with n3 cut off: a serializable read on n3 is stale, a linearizable one fails, a write on n3 is info; healed, n3 reads fresh', async () => {
    const p = new PartitionNemesis();
    await p.setup(c.ctx);
    try {
      await run(lin.n1, op('write', 10, 2));
      await eventually(() => run(ser.n3, op('read', null, 2)), (r) => r.type === 'ok' && r.value === 10);
      const cut = await p.invoke(c.ctx, { ...op('start-partition', { grudge: fromComponents(c.ctx.nodes, [['n3'], ['n1', 'n2']]) }), process: 'nemesis' });
      expect(cut.error).toBeUndefined();
      expect(cut.value).toMatchObject({ shape: 'explicit', partition: { n1: ['n3'], n2: ['n3'], n3: ['n1', 'n2'] } });
      // The majority side may need an election if n3 led; the write goes through once it has one.
      const w = await eventually(() => run(lin.n1, op('write', 11, 2)), (r) => r.type === 'ok', 15_000);
      expect(w).toEqual({ type: 'ok', value: 11 });
      const stale = await run(ser.n3, op('read', null, 2));
      process.stderr.write(`it-etcd: serializable read on cut-off n3 → ${JSON.stringify(stale)} (latest write 11)\n`);
      expect(stale).toEqual({ type: 'ok', value: 10 });
      const t0 = Date.now();
      const linRead = await run(lin.n3, op('read', null, 2));
      expect(linRead.type).toBe('fail');
      expect(Date.now() - t0).toBeLessThan(4_000);
      const write = await run(lin.n3, op('write', 12, 2));
      expect(write.type).toBe('info');
      process.stderr.write(`it-etcd: linearizable read on n3 → ${JSON.stringify(linRead)}; write on n3 → ${JSON.stringify(write)}\n`);
      expect(await p.invoke(c.ctx, { ...op('stop-partition', null), process: 'nemesis' })).toEqual({ value: { healed: c.ctx.nodes } });
      const fresh = await eventually(() => run(lin.n3, op('read', null, 2)), (r) => r.type === 'ok');
      expect(fresh.type).toBe('ok');
      expect([11, 12]).toContain(fresh.value); // the info write may have happened after all
    } finally {
      await p.teardown(c.ctx);
    }
  });

  it('killing the leader: another is elected and writes go on; started again it rejoins with its data', async () => {
    const [leader] = await eventually(() => c.db.primaries(c.ctx), (p) => p.length === 1);
    const others = c.ctx.nodes.filter((n) => n !== leader);
    await c.db.kill(c.ctx, leader);
    expect((await c.ctx.cluster.remote(leader).exec(['pgrep', '-x', 'etcd'], { check: false })).exitCode).toBe(1);
    const next = await eventually(() => c.db.primaries(c.ctx), (p) => p.length === 1 && p[0] !== leader);
    expect(others).toContain(next[0]);
    expect(await eventually(() => run(lin[others[0]], op('write', 20, 3)), (r) => r.type === 'ok')).toMatchObject({ type: 'ok' });
    expect((await run(lin[leader], op('write', 21, 3))).type).toBe('fail'); // refused: nothing listens
    await c.db.start(c.ctx, leader);
    await c.db.start(c.ctx, leader); // idempotent
    expect(await eventually(() => run(lin[leader], op('read', null, 3)), (r) => r.type === 'ok' && r.value === 20)).toEqual({ type: 'ok', value: 20 });
    expect(await run(lin[leader], op('read', null, 2))).toMatchObject({ type: 'ok' }); // data kept across the crash
  });

  it('pausing a majority stops progress; resuming lets it go on', async () => {
    await Promise.all(['n1', 'n2'].map((n) => c.db.pause(c.ctx, n)));
    try {
      const stat = await c.ctx.cluster.remote('n1').exec(['ps', '-o', 'stat=', '-C', 'etcd']);
      expect(stat.stdout.trim()).toMatch(/^T/);
      // No progress: the write cannot commit (info after the deadline, or fail when n3 knows
      // no leader and raft drops the proposal), the linearizable read gets no answer.
      const w = await run(lin.n3, op('write', 30, 4));
      process.stderr.write(`it-etcd: write on n3 with n1, n2 paused → ${JSON.stringify(w)}\n`);
      expect(w.type).not.toBe('ok');
      expect((await run(lin.n3, op('read', null, 4))).type).toBe('fail');
    } finally {
      await Promise.all(['n1', 'n2'].map((n) => c.db.resume(c.ctx, n)));
    }
    expect(await eventually(() => run(lin.n3, op('write', 31, 4)), (r) => r.type === 'ok')).toEqual({ type: 'ok', value: 31 });
    // The indeterminate write 30 may still take effect later, even after 31 (a forwarded
    // proposal delivered late): both values are linearizable outcomes.
    const after = await run(lin.n1, op('read', null, 4));
    expect(after.type).toBe('ok');
    expect([30, 31]).toContain(after.value);
  });

  it('set: adds on different members, a final read over the prefix returns them sorted', async () => {
    const set = etcdClient('set', { etcdTimeoutMs: 2_000 });
    const conns = await Promise.all(c.ctx.nodes.map((n) => set.open(c.ctx, n)));
    for (const [i, v] of [12, 3, 7, 100].entries()) expect(await run(conns[i % 3], op('add', v))).toEqual({ type: 'ok', value: v });
    expect(await run(conns[2], op('read', null))).toEqual({ type: 'ok', value: [3, 7, 12, 100] });
  });

  it('setup over a running cluster (a crashed run) starts afresh; teardown leaves nothing running', async () => {
    await Promise.all(c.ctx.nodes.map((n) => c.db.setup(c.ctx, n)));
    expect(await run(lin.n2, op('read', null, 4))).toEqual({ type: 'ok', value: null });
    await run(lin.n2, op('write', 40, 4));
    // A next run (another run folder) setting the nodes up one after another also works.
    const next = { ...c.ctx, runDir: `${c.ctx.runDir}/next-run` };
    const db = new EtcdDb();
    for (const n of next.nodes) await db.setup(next, n);
    expect(await db.primaries(next)).toHaveLength(1);
    expect(await run(lin.n3, op('read', null, 4))).toEqual({ type: 'ok', value: null });
    await Promise.all(c.ctx.nodes.map((n) => c.db.teardown(c.ctx, n)));
    await Promise.all(c.ctx.nodes.map((n) => c.db.teardown(c.ctx, n))); // idempotent
    for (const n of c.ctx.nodes) {
      const r = c.ctx.cluster.remote(n);
      expect((await r.exec(['pgrep', '-x', 'etcd'], { check: false })).exitCode).toBe(1);
      expect((await r.exec(['test', '-e', DATA_DIR], { check: false })).exitCode).toBe(1);
    }
    expect((await run(lin.n1, op('write', 1, 5))).type).toBe('fail'); // connection refused: certainly not applied
  });
});

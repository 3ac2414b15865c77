/**
 * ZooKeeper on real containers (cluster `it-zk`, 10.231.60.0/24): the 3-node ensemble forms
 * and serves the register client; a clock bump on the leader moves its JVM's wall clock by the
 * offset (seen in the mtime the leader stamps on a znode) and a reset brings it back; pause,
 * resume and a second setup of a running member work. Then a
 * short `faultline test zookeeper --nemesis clock,kill` campaign (cluster `it-zk-run`,
 * 10.231.65.0/24) gives a verdict, records bump-clock offsets and draws the clock lane.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminDocker, downLocal } from '../../../clusters/local-admin.js';
import { FAKETIME_FILE, fourLetterWord, statTime, zookeeperClient, ZkSession, type ZookeeperDb } from '../../../systems/zookeeper/index.js';
import type { Op } from '../../../core/op.js';
import type { ClientConn, RunContext } from '../../../core/plugins.js';
import { ClockNemesis } from '../../../nemesis/index.js';
import { nemesisOps, runCliIn } from '../../e2e/campaign-cli.js';
import { startZkCluster, type ZkTestCluster } from './it-cluster.js';

let c: ZkTestCluster;
let root: string;
const RUN_CLUSTER = 'it-zk-run';

const op = (f: string, value: unknown, key: number | string = 1): Op => ({ index: 0, time: 0, process: 0, type: 'invoke', f, value, key });
const run = (conn: ClientConn, o: Op) => conn.invoke(o, new AbortController().signal);

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'faultline-it-zk-'));
  await downLocal(await adminDocker(() => {}), join(root, 'state'), RUN_CLUSTER);
  c = await startZkCluster('it-zk', '10.231.60.0/24');
  process.stderr.write(`it-zk: containers up in ${c.timings.upS} s, ensemble formed in ${c.timings.setupS} s\n`);
});

afterAll(async () => {
  await c?.stop();
  await downLocal(await adminDocker(() => {}), join(root, 'state'), RUN_CLUSTER);
  rmSync(root, { recursive: true, force: true });
});

/** The node whose server leads (`primaries()`), waiting until exactly one does. */
async function leaderOf(db: ZookeeperDb, ctx: RunContext): Promise<string> {
  for (let i = 0; i < 60; i++) {
    const leaders = await db.primaries(ctx);
    if (leaders.length === 1) return leaders[0];
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('no single leader');
}

describe.sequential('ZooKeeper on a 3-node local cluster', () => {
  it('forms with one leader, reports its version and serves the register client (sync reads)', async () => {
    expect(await c.db.version(c.ctx)).toBe('3.8.0');
    await leaderOf(c.db, c.ctx);
    const client = zookeeperClient('register', { zkTimeoutMs: 10_000 });
    const n1 = await client.open(c.ctx, 'n1');
    const n3 = await client.open(c.ctx, 'n3');
    try {
      expect(await run(n1, op('write', 1))).toEqual({ type: 'ok', value: 1 });
      expect(await run(n3, op('read', null))).toEqual({ type: 'ok', value: 1 });
      expect(await run(n3, op('cas', [1, 2]))).toEqual({ type: 'ok', value: [1, 2] });
      expect(await run(n1, op('cas', [1, 3]))).toMatchObject({ type: 'fail', error: 'value did not match' });
      expect(await run(n1, op('read', null, 'absent'))).toEqual({ type: 'ok', value: null });
    } finally {
      await n1.close();
      await n3.close();
    }
  });

  it('a bump on the leader moves its JVM clock by the offset (znode mtime); reset brings it back', async () => {
    const leader = await leaderOf(c.db, c.ctx);
    const clock = new ClockNemesis(c.db);
    await clock.setup(c.ctx);
    const zk = new ZkSession(`${c.ctx.addresses[leader]}:2181`, 10_000, 10_000);
    const sig = new AbortController().signal;
    const skew = async (): Promise<number> => {
      const st = await zk.setData('/faultline/clock-probe', Buffer.from('x'), -1, sig);
      return statTime(st.mtime) - Date.now();
    };
    try {
      await zk.mkdirp('/faultline/clock-probe', sig);
      const before = await skew();
      const bump = await clock.invoke(c.ctx, { ...op('bump-clock', { targets: [leader], offsetsMs: { [leader]: 120_000 } }), process: 'nemesis' });
      expect(bump.error).toBeUndefined();
      expect((bump.value as { clock: Record<string, number> }).clock[leader]).toBe(120_000);
      expect((await c.ctx.cluster.remote(leader).exec(['cat', FAKETIME_FILE])).stdout.trim()).toBe('+120');
      const bumped = await skew();
      const back = await clock.invoke(c.ctx, { ...op('reset-clock', null), process: 'nemesis' });
      const after = await skew();
      process.stderr.write(`it-zk: leader ${leader} mtime − local now: before ${before} ms, bumped +120 s → ${bumped} ms, reset → ${after} ms\n`);
      expect(Math.abs(before)).toBeLessThan(3_000);
      expect(Math.abs(bumped - 120_000)).toBeLessThan(3_000);
      expect(back.value).toEqual({ clock: Object.fromEntries(c.ctx.nodes.map((n) => [n, 0])) });
      expect(Math.abs(after)).toBeLessThan(3_000);
    } finally {
      zk.close();
      await clock.teardown(c.ctx);
    }
  });

  it('a paused follower stops answering and answers again once resumed; setup again on a running node rejoins it', async () => {
    const leader = await leaderOf(c.db, c.ctx);
    const follower = c.ctx.nodes.find((n) => n !== leader)!;
    await c.db.pause(c.ctx, follower);
    try {
      expect(await fourLetterWord(c.ctx.addresses[follower], 2181, 'srvr', 1_500)).toBeUndefined();
    } finally {
      await c.db.resume(c.ctx, follower);
    }
    expect(await fourLetterWord(c.ctx.addresses[follower], 2181, 'srvr', 5_000)).toMatch(/Mode: (leader|follower)/);
    await c.db.setup(c.ctx, follower); // kills, wipes and restarts a running member: it rejoins
    const modes = await c.db.modes(c.ctx);
    expect(modes[follower]).toMatch(/^(leader|follower)$/);
  });

  it('a clock,kill campaign gives a verdict, records bump-clock offsets and the report has the clock lane', async () => {
    await c.stop(); // one ensemble at a time on shared cores
    const store = join(root, 'store');
    const r = await runCliIn(
      ['test', 'zookeeper', '--workload', 'register', '--nodes', '3', '--time-limit', '20', '--nemesis', 'clock,kill', '--nemesis-interval', '5', '--cluster', RUN_CLUSTER, '--subnet', '10.231.65.0/24', '--store', store, '--seed', '7'],
      join(root, 'state'),
      240_000,
    );
    process.stderr.write(`it-zk campaign (${r.wallS.toFixed(1)} s, exit ${r.code}):\n${r.stdout}`);
    expect([0, 1], r.stderr).toContain(r.code);
    const html = /^report: (.+report\.html)$/m.exec(r.stdout)?.[1];
    expect(html, r.stdout).toBeDefined();
    const nemesis = await nemesisOps(dirname(html!));
    const bumps = nemesis.filter((o) => o.f === 'bump-clock' && o.type !== 'invoke' && o.error === undefined);
    expect(bumps.length, JSON.stringify(nemesis)).toBeGreaterThan(0);
    expect(Object.values((bumps[0].value as { offsetsMs: Record<string, number> }).offsetsMs).every((x) => Math.abs(x) >= 1_000)).toBe(true);
    const data = JSON.parse(/<script type="application\/json" id="faultline-data">([\s\S]*?)<\/script>/.exec(readFileSync(html!, 'utf8'))![1]) as { clock: { nodes: string[]; steps: unknown[] } | null };
    expect(data.clock?.nodes).toEqual(['n1', 'n2', 'n3']);
    expect(data.clock!.steps.length).toBeGreaterThan(1);
    // The leader probe sampled the ensemble's leader about every second.
    expect(r.stdout).toMatch(/^leaders: \d+ changes? .*probes$/m);
    const leaders = (JSON.parse(/<script type="application\/json" id="faultline-data">([\s\S]*?)<\/script>/.exec(readFileSync(html!, 'utf8'))![1]) as { leaders: { samples: number; nodes: string[] } | null }).leaders;
    expect(leaders?.samples ?? 0).toBeGreaterThan(10);
    expect(leaders!.nodes.length).toBeGreaterThan(0);
  });
});

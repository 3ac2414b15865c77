/**
 * Nemeses on real containers (5 etcd nodes, cluster `it-nemesis` on 10.231.41.0/24): every
 * partition shape cuts exactly the links its grudge names (checked with TCP connects between
 * nodes) and heals; rules of others survive; a composed schedule of partitions, kills,
 * pauses and packet loss replayed op by op ends, after its final heals, with a healthy cluster; teardown heals
 * whatever is left in force.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../../core/shell-quote.js';
import { phases, seconds, simulate, timeLimit } from '../../core/generator/index.js';
import type { Op } from '../../core/op.js';
import type { RunContext } from '../../core/plugins.js';
import {
  composeNemeses,
  GRUDGE_SHAPES,
  listScript,
  LOSS_CHAIN,
  nemesisPackages,
  PARTITION_CHAIN,
  PartitionNemesis,
  reachable,
  type Grudge,
} from '../../nemesis/index.js';
import { eventually, op, registerConns, run, startEtcdCluster, type EtcdTestCluster } from '../systems/etcd/it-cluster.js';

let c: EtcdTestCluster;
let ctx: RunContext;
const FOREIGN = ['iptables', '-w', '-A', 'INPUT', '-s', '10.231.41.250', '-j', 'DROP'];

beforeAll(async () => {
  c = await startEtcdCluster('it-nemesis', '10.231.41.0/24', 5);
  ctx = c.ctx;
  process.stderr.write(`it-nemesis: containers up in ${c.timings.upS} s, etcd formed in ${c.timings.setupS} s\n`);
  await ctx.cluster.remote('n1').exec(FOREIGN);
});

afterAll(async () => {
  await c?.stop();
});

/** Who each node can open a TCP connection to (etcd's peer port), as node → nodes. */
async function connectivity(): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  await Promise.all(ctx.nodes.map(async (a) => {
    const peers = ctx.nodes.filter((b) => b !== a);
    const ips = peers.map((b) => ctx.addresses[b]);
    const { stdout } = await ctx.cluster.remote(a).exec(sh`for ip in ${ips}; do (nc -z -w 1 "$ip" 2380 && echo "$ip") & done; wait`, { timeoutMs: 10_000 });
    const up = new Set(stdout.split('\n').filter(Boolean));
    out[a] = [a, ...peers.filter((b) => up.has(ctx.addresses[b]))].sort();
  }));
  return out;
}

/** What {@link connectivity} should see under `g`. */
function expected(g: Grudge): Record<string, string[]> {
  return Object.fromEntries(ctx.nodes.map((a) => [a, reachable(g, ctx.nodes, a).sort()]));
}

const nem = (f: string, value: unknown = null): Op => ({ ...op(f, value), process: 'nemesis' });

describe('partition shapes on real nodes', () => {
  it.each(GRUDGE_SHAPES)('%s cuts exactly the links of its grudge, and heals', async (shape) => {
    const p = new PartitionNemesis();
    await p.setup(ctx);
    const r = await p.invoke(ctx, nem('start-partition', { shape, seed: 11 }));
    expect(r.error).toBeUndefined();
    const g = (r.value as { partition: Grudge }).partition;
    expect(await connectivity()).toEqual(expected(g));
    await p.invoke(ctx, nem('stop-partition'));
    expect(await connectivity()).toEqual(expected({}));
    await p.teardown(ctx);
  });

  it('keeps other rules: only faultline\'s chain is flushed and removed', async () => {
    const p = new PartitionNemesis();
    await p.setup(ctx);
    await p.invoke(ctx, nem('start-partition', { shape: 'one', seed: 3 }));
    await p.invoke(ctx, nem('stop-partition'));
    await p.teardown(ctx);
    await p.teardown(ctx); // idempotent
    const rules = (await ctx.cluster.remote('n1').exec(['iptables', '-w', '-S', 'INPUT'])).stdout;
    expect(rules).toContain('-A INPUT -s 10.231.41.250/32 -j DROP');
    expect(rules).not.toContain(PARTITION_CHAIN);
    expect((await ctx.cluster.remote('n1').exec(listScript(PARTITION_CHAIN))).stdout).toBe('');
  });
});

describe('a composed schedule, replayed op by op', () => {
  it('faults and heals every op, and the final heals leave a healthy cluster', async () => {
    const pkg = composeNemeses(nemesisPackages(['partition', 'kill', 'pause', 'loss'], { intervalS: 10 }, c.db));
    const schedule = simulate(phases(timeLimit(seconds(90), pkg.generator), pkg.finalGenerator), { threads: 0, seed: 7 })
      .filter((o) => o.type === 'invoke');
    expect(schedule.length).toBeGreaterThanOrEqual(10);
    await pkg.nemesis.setup(ctx);
    const log: string[] = [];
    try {
      for (const o of schedule) {
        const r = await pkg.nemesis.invoke(ctx, o);
        log.push(`${o.f} ${JSON.stringify(o.value)} → ${JSON.stringify(r.value)}${r.error ? ` ERROR ${r.error}` : ''}`);
        expect(r.error).toBeUndefined();
      }
    } catch (e) {
      process.stderr.write(`it-nemesis schedule so far:\n  ${log.join('\n  ')}\n`);
      throw e;
    }
    expect(schedule.slice(-4).map((o) => o.f).sort()).toEqual(['resume', 'start', 'stop-loss', 'stop-partition']);
    for (const n of ctx.nodes) expect((await ctx.cluster.remote(n).exec(listScript(LOSS_CHAIN))).stdout.trim()).toBe(`-N ${LOSS_CHAIN}`);
    expect(await connectivity()).toEqual(expected({}));
    for (const n of ctx.nodes) {
      const stat = await ctx.cluster.remote(n).exec(['ps', '-o', 'stat=', '-C', 'etcd']);
      expect(stat.stdout.trim()).toMatch(/^[SR]/); // running, not stopped (T)
    }
    const conns = await registerConns(ctx, { etcdTimeoutMs: 2_000 });
    expect(await eventually(() => run(conns.n4, op('write', 7, 'after')), (x) => x.type === 'ok')).toMatchObject({ type: 'ok' });
    expect(await eventually(() => run(conns.n2, op('read', null, 'after')), (x) => x.type === 'ok')).toEqual({ type: 'ok', value: 7 });
    await pkg.nemesis.teardown(ctx);
  });

  it('teardown alone heals a partition, a pause, a kill of every node and loss left in force', async () => {
    const pkg = composeNemeses(nemesisPackages(['partition', 'kill', 'pause', 'loss'], { intervalS: 10 }, c.db));
    await pkg.nemesis.setup(ctx);
    expect((await pkg.nemesis.invoke(ctx, nem('start-loss', { targets: 'all', probability: 0.9 }))).error).toBeUndefined();
    expect((await pkg.nemesis.invoke(ctx, nem('start-partition', { shape: 'halves', seed: 1 }))).error).toBeUndefined();
    expect(await pkg.nemesis.invoke(ctx, nem('pause', { targets: ['n2'] }))).toEqual({ value: { paused: ['n2'] } });
    expect(await pkg.nemesis.invoke(ctx, nem('kill', { targets: 'all' }))).toEqual({ value: { killed: ctx.nodes } });
    await pkg.nemesis.teardown(ctx);
    expect(await connectivity()).toEqual(expected({}));
    for (const n of ctx.nodes) expect((await ctx.cluster.remote(n).exec(listScript(LOSS_CHAIN))).stdout).toBe('');
    for (const n of ctx.nodes) expect((await ctx.cluster.remote(n).exec(['ps', '-o', 'stat=', '-C', 'etcd'])).stdout.trim()).toMatch(/^[SR]/);
    const [leader] = await eventually(() => c.db.primaries(ctx), (p) => p.length === 1);
    expect(ctx.nodes).toContain(leader);
  });
});

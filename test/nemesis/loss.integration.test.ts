/**
 * Packet loss and the primaries partition on real containers (3 etcd nodes, cluster `it-loss`
 * on 10.231.70.0/24). Loss: 200 UDP datagrams each way between n1 and n2 under
 * `{ pairs: [[n1, n2]], probability: 0.5 }`; each datagram crosses one statistic rule (the
 * receiver's INPUT), so the delivered count is Binomial(200, 0.5): sd ≈ 7 datagrams (3.5 %).
 * The tolerance ±0.15 is over 4 sd (a false failure about 1 in 40 000 runs). After
 * `stop-loss` all 200 arrive (≥ 198: UDP on a local bridge). Primaries: etcd's leader is cut
 * from both followers, they elect another leader, and the heal lets everyone talk again.
 * Asymmetric: an explicit one-way grudge stops UDP one way only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../../core/shell-quote.js';
import type { Op } from '../../core/op.js';
import type { RunContext } from '../../core/plugins.js';
import { LossNemesis, LOSS_CHAIN, listScript, PartitionNemesis, type Grudge } from '../../nemesis/index.js';
import { eventually, op, startEtcdCluster, type EtcdTestCluster } from '../systems/etcd/it-cluster.js';

let c: EtcdTestCluster;
let ctx: RunContext;
const PROBES = 200;
const PORT = 9999;

const RECEIVER = [
  'import socket',
  's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
  `s.bind(("0.0.0.0", ${PORT}))`,
  's.settimeout(5)',
  'n = 0',
  'try:',
  '    while True:',
  '        s.recv(64)',
  '        n += 1',
  'except socket.timeout:',
  '    pass',
  'print(n)',
].join('\n');
const SENDER = [
  'import socket, sys, time',
  's = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)',
  `for i in range(${PROBES}):`,
  `    s.sendto(b"x", (sys.argv[1], ${PORT}))`,
  '    time.sleep(0.005)',
].join('\n');

beforeAll(async () => {
  c = await startEtcdCluster('it-loss', '10.231.70.0/24', 3);
  ctx = c.ctx;
  process.stderr.write(`it-loss: containers up in ${c.timings.upS} s, etcd formed in ${c.timings.setupS} s\n`);
});

afterAll(async () => {
  await c?.stop();
});

const nem = (f: string, value: unknown = null): Op => ({ ...op(f, value), process: 'nemesis' });

/** How many of {@link PROBES} UDP datagrams sent from `from` to `to` arrive. */
async function delivered(from: string, to: string): Promise<number> {
  const receiving = ctx.cluster.remote(to).exec(['python3', '-c', RECEIVER], { timeoutMs: 30_000 });
  await new Promise((r) => setTimeout(r, 1_000));
  await ctx.cluster.remote(from).exec(['python3', '-c', SENDER, ctx.addresses[to]], { timeoutMs: 30_000 });
  return Number((await receiving).stdout.trim());
}

/** Who `a` can open a TCP connection to on etcd's peer port. */
async function reaches(a: string): Promise<string[]> {
  const peers = ctx.nodes.filter((b) => b !== a);
  const ips = peers.map((b) => ctx.addresses[b]);
  const { stdout } = await ctx.cluster.remote(a).exec(sh`for ip in ${ips}; do (nc -z -w 1 "$ip" 2380 && echo "$ip") & done; wait`, { timeoutMs: 10_000 });
  const up = new Set(stdout.split('\n').filter(Boolean));
  return peers.filter((b) => up.has(ctx.addresses[b]));
}

describe('packet loss', () => {
  it('drops about the chosen share of packets on the chosen link, both ways, and heals', async () => {
    const l = new LossNemesis(c.db);
    await l.setup(ctx);
    const r = await l.invoke(ctx, nem('start-loss', { pairs: [['n1', 'n2']], probability: 0.5 }));
    expect(r.error).toBeUndefined();
    expect((await ctx.cluster.remote('n2').exec(listScript(LOSS_CHAIN))).stdout).toContain(`-A ${LOSS_CHAIN} -s ${ctx.addresses.n1}/32 -m statistic --mode random --probability 0.50000000000 -j DROP`);
    const [there, back, untouched] = await Promise.all([delivered('n1', 'n2'), delivered('n2', 'n1'), delivered('n3', 'n3')]);
    const lossThere = 1 - there / PROBES;
    const lossBack = 1 - back / PROBES;
    process.stderr.write(`it-loss: P=0.5, ${PROBES} UDP datagrams each way: n1→n2 ${there} arrived (loss ${lossThere.toFixed(3)}), n2→n1 ${back} (loss ${lossBack.toFixed(3)}); n3 (no loss) ${untouched}\n`);
    expect(Math.abs(lossThere - 0.5)).toBeLessThanOrEqual(0.15);
    expect(Math.abs(lossBack - 0.5)).toBeLessThanOrEqual(0.15);
    expect(untouched).toBeGreaterThanOrEqual(PROBES - 2);
    expect(await l.invoke(ctx, nem('stop-loss'))).toEqual({ value: { healed: ctx.nodes } });
    const healed = await delivered('n1', 'n2');
    process.stderr.write(`it-loss: after stop-loss n1→n2 ${healed} of ${PROBES} arrived\n`);
    expect(healed).toBeGreaterThanOrEqual(PROBES - 2);
    await l.teardown(ctx);
    await l.teardown(ctx); // idempotent
    expect((await ctx.cluster.remote('n2').exec(['iptables', '-w', '-S'])).stdout).not.toContain('FAULTLINE');
  }, 120_000);
});

describe('an asymmetric partition', () => {
  it('cuts one direction only: n1 stops hearing n2, n2 still hears n1', async () => {
    const p = new PartitionNemesis(c.db);
    await p.setup(ctx);
    const r = await p.invoke(ctx, nem('start-partition', { grudge: { n1: ['n2'] }, asymmetric: true }));
    expect(r).toEqual({ value: { shape: 'explicit', partition: { n1: ['n2'] } } });
    const [toN1, toN2] = await Promise.all([delivered('n2', 'n1'), delivered('n1', 'n2')]);
    process.stderr.write(`it-loss: asymmetric cut n1 ⇍ n2: n2→n1 ${toN1} of ${PROBES}, n1→n2 ${toN2} of ${PROBES}\n`);
    expect(toN1).toBe(0);
    expect(toN2).toBeGreaterThanOrEqual(PROBES - 2);
    await p.invoke(ctx, nem('stop-partition'));
    expect(await delivered('n2', 'n1')).toBeGreaterThanOrEqual(PROBES - 2);
    await p.teardown(ctx);
  }, 120_000);
});

describe('primaries vs the rest on etcd', () => {
  it('cuts the leader off; the others elect a new one; the heal reconnects everyone', async () => {
    const [leader] = await eventually(() => c.db.primaries(ctx), (p) => p.length === 1);
    expect(leader).toBeDefined();
    const p = new PartitionNemesis(c.db);
    await p.setup(ctx);
    const r = await p.invoke(ctx, nem('start-partition', { shape: 'primaries' }));
    expect(r.error).toBeUndefined();
    const g = (r.value as { shape: string; partition: Grudge }).partition;
    expect((r.value as { shape: string }).shape).toBe('primaries');
    const others = ctx.nodes.filter((n) => n !== leader);
    expect(g[leader]).toEqual(others);
    expect(await reaches(leader)).toEqual([]);
    for (const o of others) expect(await reaches(o)).toEqual(others.filter((x) => x !== o));
    const after = await eventually(() => c.db.primaries(ctx), (ps) => ps.length === 1 && ps[0] !== leader, 30_000);
    process.stderr.write(`it-loss: leader ${leader} cut off; new leader ${after.join(',')}\n`);
    expect(after).toHaveLength(1);
    expect(others).toContain(after[0]);
    await p.invoke(ctx, nem('stop-partition'));
    for (const n of ctx.nodes) expect(await reaches(n)).toEqual(ctx.nodes.filter((x) => x !== n));
    await p.teardown(ctx);
  }, 120_000);
});

/**
 * NATS JetStream on real containers (cluster `js-it`, 10.231.83.0/24): the 3-node cluster
 * forms with a meta leader and serves the stream client (send, assign, poll, subscribe); a
 * publish to a subject no stream takes is classified `fail` (no responders); after the stream
 * leader is SIGKILLed, sends through the survivors go on, and once it is back every
 * acknowledged message is read back at its offset; pause/resume of a node; log files. Then a
 * short `faultline test jetstream --workload queue --nemesis partition,kill` campaign on the
 * same cluster name and subnet (after the test cluster is gone) gives a stream verdict and
 * leaves nothing behind.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNoResponders, jetStreamClient, LOG_FILE, sendCertainlyFailed, streamName, type JetStreamDb } from '../../../systems/jetstream/index.js';
import type { Op } from '../../../core/op.js';
import type { ClientConn, Completion, RunContext } from '../../../core/plugins.js';
import { adminDocker, downLocal } from '../../../clusters/local-admin.js';
import { clusterLeftovers, nemesisOps, runCliIn } from '../../e2e/campaign-cli.js';
import { startJsCluster, type JsTestCluster } from './it-cluster.js';

let c: JsTestCluster;
let root: string;
const NAME = 'js-it';
const SUBNET = '10.231.83.0/24';

const op = (f: string, value: unknown): Op => ({ index: 0, time: 0, process: 0, type: 'invoke', f, value });
const run = (conn: ClientConn, o: Op): Promise<Completion> => conn.invoke(o, new AbortController().signal);
const client = jetStreamClient('queue', { jsTimeoutMs: 3_000 });
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'faultline-js-it-'));
  c = await startJsCluster(NAME, SUBNET);
  process.stderr.write(`js-it: containers up in ${c.timings.upS} s, JetStream healthy in ${c.timings.setupS} s\n`);
});

afterAll(async () => {
  await c?.stop();
  if (root !== undefined) {
    await downLocal(await adminDocker(() => {}), join(root, 'state'), NAME);
    rmSync(root, { recursive: true, force: true });
  }
});

/** The leader of `stream` as the servers' /jsz report it, waiting until one is named. */
async function streamLeader(db: JetStreamDb, ctx: RunContext, stream: string): Promise<string> {
  for (let i = 0; i < 60; i++) {
    const views = await db.jsz(ctx);
    const named = new Set(views.map((v) => v?.streams[stream]).filter((l): l is string => l !== undefined));
    if (named.size === 1) return [...named][0];
    await sleep(500);
  }
  throw new Error(`no single leader of ${stream}`);
}

/** Polls `conn` (already assigned) until `want` records of `key` came back or `budgetMs` passed (pausing 250 ms after an empty or failed poll). */
async function readAll(conn: ClientConn, key: string, want: number, budgetMs = 20_000): Promise<{ records: [number, number][]; polls: string[] }> {
  const records: [number, number][] = [];
  const polls: string[] = [];
  const deadline = Date.now() + budgetMs;
  while (records.length < want && Date.now() < deadline) {
    const r = await run(conn, op('poll', [['poll']]));
    const got = r.type === 'info' ? [] : ((r.value as [string, Record<string, [number, number][]>][])[0][1][key] ?? []);
    records.push(...got);
    polls.push(r.type === 'ok' ? String(got.length) : `${r.type}: ${r.error ?? ''}`);
    if (got.length === 0) await sleep(250);
  }
  return { records, polls };
}

describe.sequential('JetStream on a 3-node local cluster', () => {
  it('forms with a meta leader, reports its version, and primaries names the meta leader before any stream exists', async () => {
    expect(await c.db.version(c.ctx)).toBe('2.9.10');
    const views = await c.db.jsz(c.ctx);
    expect(views.every((v) => v !== undefined && v.meta !== undefined)).toBe(true);
    const primaries = await c.db.primaries(c.ctx);
    expect(primaries).toHaveLength(1);
    expect(c.ctx.nodes).toContain(primaries[0]);
  });

  it('sends get contiguous offsets; an assigned consumer on another node reads them in order; a group splits nothing twice', async () => {
    const a = await client.open(c.ctx, 'n1');
    const b = await client.open(c.ctx, 'n3');
    const g = await client.open(c.ctx, 'n2');
    try {
      const sent = await run(a, op('send', [['send', 'x', 1], ['send', 'x', 2], ['send', 'y', 3]]));
      expect(sent).toEqual({ type: 'ok', value: [['send', 'x', [1, 1]], ['send', 'x', [2, 2]], ['send', 'y', [1, 3]]] });
      expect(await run(b, op('poll', [['poll']]))).toEqual({ type: 'ok', value: [['poll', {}]] }); // nothing assigned yet
      expect(await run(b, op('assign', ['x', 'y', 'never-sent']))).toEqual({ type: 'ok', value: ['x', 'y', 'never-sent'] });
      expect(await run(b, op('poll', [['poll']]))).toEqual({ type: 'ok', value: [['poll', { x: [[1, 1], [2, 2]], y: [[1, 3]] }]] });
      expect(await run(a, op('send', [['send', 'x', 4]]))).toEqual({ type: 'ok', value: [['send', 'x', [3, 4]]] });
      expect(await run(b, op('assign', ['x']))).toMatchObject({ type: 'ok' });
      expect(await run(b, op('poll', [['poll']]))).toEqual({ type: 'ok', value: [['poll', { x: [[3, 4]] }]] }); // kept its position on x
      expect(await run(b, op('assign', ['x', 'y']))).toMatchObject({ type: 'ok' });
      expect(await run(b, op('poll', [['poll']]))).toEqual({ type: 'ok', value: [['poll', {}]] }); // y resumes where it was
      expect(await run(a, op('txn', [['send', 'x', 9], ['poll']]))).toMatchObject({ type: 'fail', error: /no transactions/ });

      expect(await run(a, op('subscribe', ['x', 'y']))).toMatchObject({ type: 'ok' });
      expect(await run(g, op('subscribe', ['x', 'y']))).toMatchObject({ type: 'ok' });
      // a group consumer's first fetch can fail while the new durable consumer settles (seen once in
      // CI: 'fail' after 5 s); a failed poll consumed nothing, so up to 3 polls per member, every one
      // of which must end ok by the last
      const pollOk = async (conn: ClientConn): Promise<Completion> => {
        let r = await run(conn, op('poll', [['poll']]));
        for (let i = 1; i < 3 && r.type !== 'ok'; i++) r = await run(conn, op('poll', [['poll']]));
        return r;
      };
      const ga = await pollOk(a);
      const gg = await pollOk(g);
      expect(ga.type, JSON.stringify(ga)).toBe('ok');
      expect(gg.type, JSON.stringify(gg)).toBe('ok');
      const seen = [ga, gg].flatMap((r) => Object.entries((r.value as [string, Record<string, [number, number][]>][])[0][1]).flatMap(([k, rs]) => rs.map(([o, v]) => `${k}:${o}:${v}`)));
      expect(seen.sort()).toEqual(['x:1:1', 'x:2:2', 'x:3:4', 'y:1:3']);
      expect(await run(a, op('crash', null))).toMatchObject({ type: 'info' });
    } finally {
      await Promise.all([a.close(), b.close(), g.close()]);
    }
  });

  it('a publish to a subject no stream takes fails with no responders, which counts as certainly not stored', async () => {
    const nc = await connect({ servers: `${c.ctx.addresses.n1}:4222`, timeout: 3_000 });
    try {
      const e = await nc.jetstream({ timeout: 3_000 }).publish('no.such.stream', new Uint8Array([1])).then(() => undefined, (err: unknown) => err);
      expect(isNoResponders(e)).toBe(true);
      expect(sendCertainlyFailed('publish', e)).toBe(true);
    } finally {
      await nc.close();
    }
  });

  it('after the stream leader is killed the survivors take sends; once it is back, every acknowledged message is read back at its offset', async () => {
    const key = 'kill';
    const first = await client.open(c.ctx, 'n1');
    const acked = new Map<number, number>(); // offset → value
    const unsure: number[] = [];
    let v = 0;
    const send = async (conn: ClientConn): Promise<Completion> => {
      const r = await run(conn, op('send', [['send', key, ++v]]));
      if (r.type === 'ok') {
        const [, , [offset, value]] = (r.value as [string, string, [number, number]][])[0];
        expect(acked.has(offset)).toBe(false);
        acked.set(offset, value);
      } else if (r.type === 'info') unsure.push(v);
      return r;
    };
    for (let i = 0; i < 10; i++) expect((await send(first)).type).toBe('ok');
    await first.close();

    const leader = await streamLeader(c.db, c.ctx, streamName(key));
    expect(await c.db.primaries(c.ctx)).toContain(leader);
    const survivors = c.ctx.nodes.filter((n) => n !== leader);
    const t0 = Date.now();
    await c.db.kill(c.ctx, leader);
    let conn = await client.open(c.ctx, survivors[0]);
    const outcomes: string[] = [];
    let okAfterKill = 0;
    for (let i = 0; i < 60 && okAfterKill < 10; i++) {
      const r = await send(conn);
      outcomes.push(r.type === 'ok' ? 'ok' : `${r.type} (${r.error ?? ''})`);
      if (r.type === 'ok') okAfterKill++;
      if (r.type === 'info') {
        await conn.close(); // an info retires the connection, as the worker does
        conn = await client.open(c.ctx, survivors[i % 2]);
      }
      if (r.type === 'fail') await sleep(200);
    }
    await conn.close();
    const newLeader = await streamLeader(c.db, c.ctx, streamName(key));
    process.stderr.write(`js-it: killed leader ${leader}; new leader ${newLeader}; ${okAfterKill} acked sends in ${((Date.now() - t0) / 1000).toFixed(1)} s (${outcomes.join(',')})\n`);
    expect(okAfterKill).toBe(10);
    expect(newLeader).not.toBe(leader);

    await c.db.start(c.ctx, leader);
    const reader = await client.open(c.ctx, leader);
    try {
      // The restarted node serves reads once it has caught up; poll through it from the start.
      expect(await run(reader, op('assign', [key]))).toMatchObject({ type: 'ok' });
      const t1 = Date.now();
      const { records: got, polls } = await readAll(reader, key, Math.max(...acked.keys()));
      process.stderr.write(`js-it: reading through restarted ${leader}: ${got.length} records in ${((Date.now() - t1) / 1000).toFixed(1)} s, polls ${polls.join(',')}\n`);
      const offsets = got.map(([o]) => o);
      expect(offsets).toEqual(offsets.map((_, i) => i + 1)); // contiguous from 1, no duplicates
      for (const [offset, value] of acked) expect(got[offset - 1], `offset ${offset}`).toEqual([offset, value]);
      const extra = got.filter(([o]) => !acked.has(o)).map(([, val]) => val);
      expect(extra.every((x) => unsure.includes(x))).toBe(true); // only unsure sends may show up unacknowledged
      process.stderr.write(`js-it: read back ${got.length} records through restarted ${leader}: ${acked.size} acked all present, ${extra.length} of ${unsure.length} unsure sends present\n`);
    } finally {
      await reader.close();
    }
  });

  it('a paused node stops answering its monitoring port and answers again once resumed; the log file exists', async () => {
    const node = 'n2';
    await c.db.pause(c.ctx, node);
    try {
      const r = await fetch(`http://${c.ctx.addresses[node]}:8222/varz`, { signal: AbortSignal.timeout(1_500) }).then(() => 'answered', () => 'silent');
      expect(r).toBe('silent');
    } finally {
      await c.db.resume(c.ctx, node);
    }
    const back = await fetch(`http://${c.ctx.addresses[node]}:8222/varz`, { signal: AbortSignal.timeout(5_000) });
    expect(back.status).toBe(200);
    expect(await c.db.logFiles()).toEqual([LOG_FILE]);
    const log = await c.ctx.cluster.remote(node).exec(['cat', LOG_FILE]);
    expect(log.stdout).toMatch(/Starting nats-server/);
  });

  it('a partition,kill campaign of the queue workload gives a stream verdict, kills nodes, and leaves nothing behind', async () => {
    await c.stop(); // the campaign brings up its own cluster under the same name and subnet
    const store = join(root, 'store');
    const r = await runCliIn(
      ['test', 'jetstream', '--workload', 'queue', '--time-limit', '20', '--nemesis', 'partition,kill', '--nemesis-interval', '5', '--cluster', NAME, '--subnet', SUBNET, '--store', store, '--seed', '7'],
      join(root, 'state'),
      300_000,
    );
    process.stderr.write(`js-it campaign (${r.wallS.toFixed(1)} s, exit ${r.code}):\n${r.stdout}`);
    expect([0, 1, 2], r.stderr).toContain(r.code); // 2 (unknown) is expected: txn always fails on JetStream
    expect(r.stdout).toMatch(/^\s+stream\s+(valid|invalid)/m);
    const html = /^report: (.+report\.html)$/m.exec(r.stdout)?.[1];
    expect(html, r.stdout).toBeDefined();
    const runDir = dirname(html!);
    const results = JSON.parse(readFileSync(join(runDir, 'results.json'), 'utf8')) as { checkers: { stream: { valid: unknown; stats?: { acked?: number } } } };
    expect(typeof results.checkers.stream.valid).toBe('boolean');
    expect(results.checkers.stream.stats?.acked ?? 0).toBeGreaterThan(0);
    const kills = (await nemesisOps(runDir)).filter((o) => o.f === 'kill' && o.type === 'info' && o.error === undefined);
    expect(kills.length).toBeGreaterThan(0);
    expect(existsSync(join(runDir, 'logs', 'n1', 'nats-server.log'))).toBe(true);
    expect(await clusterLeftovers(NAME)).toEqual({ containers: [], networks: [] });
  });
});

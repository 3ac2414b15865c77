/**
 * Kafka (KRaft) on real containers (cluster `kafka-it`, 10.231.81.0/24): three nodes, each
 * broker and controller, come up from cached jars and every broker registers; the stream
 * client sends and polls (assign), runs a transaction and reads it back; reads through a group
 * consumer (subscribe) and then by assign without going back; ordering-key mode sends keys to
 * the shared partitions of one topic and reads them back per key; then the leader of a
 * key's partition is killed while sends go on, restarted, and every acknowledged value is read
 * back from a fresh connection.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerAddress, brokerIds, kafkaClient, ORDERED_TOPIC, orderingPartitions, partitionLeaders, partitionOf, withAdmin } from '../../../systems/kafka/index.js';
import type { Op } from '../../../core/op.js';
import type { ClientConn, Completion } from '../../../core/plugins.js';
import { startKafkaCluster, type KafkaTestCluster } from './it-cluster.js';

let c: KafkaTestCluster;

beforeAll(async () => {
  c = await startKafkaCluster('kafka-it', '10.231.81.0/24');
  process.stderr.write(`kafka-it: containers up in ${c.timings.upS} s, KRaft cluster formed in ${c.timings.setupS} s\n`);
});

afterAll(async () => {
  await c?.stop();
});

const op = (f: string, value: unknown): Op => ({ index: 0, time: 0, process: 0, type: 'invoke', f, value });
const run = (conn: ClientConn, o: Op): Promise<Completion> => conn.invoke(o, new AbortController().signal);
const client = () => kafkaClient('queue', { opTimeoutMs: 10_000, seed: 7 });

/** Assigns `keys` on `conn` and polls until `want` values of `key` were read or 30 polls ran; returns what was read, in order. */
async function readAll(conn: ClientConn, keys: string[], key: string, want: number): Promise<[number, number][]> {
  expect((await run(conn, op('assign', keys))).type).toBe('ok');
  const got: [number, number][] = [];
  for (let i = 0; i < 30 && got.length < want; i++) {
    const r = await run(conn, op('poll', [['poll']]));
    if (r.type !== 'ok') {
      process.stderr.write(`kafka-it: poll ${r.type}: ${r.error}\n`);
      continue;
    }
    const res = (r.value as [string, Record<string, [number, number][]>][])[0][1];
    got.push(...(res[key] ?? []));
  }
  return got;
}

describe.sequential('Kafka KRaft on a 3-node local cluster', () => {
  it('forms with every broker registered and reports its version', async () => {
    expect(await c.db.version(c.ctx)).toBe('3.9.2');
    expect(await brokerIds([brokerAddress(c.ctx, 'n2')])).toEqual([1, 2, 3]);
    expect(c.timings.setupS).toBeLessThan(90);
  });

  it('sends and polls through the stream client, and reads a committed transaction', async () => {
    const conn = await client().open(c.ctx, 'n1');
    try {
      const sent: [number, number][] = [];
      for (let v = 1; v <= 5; v++) {
        const r = await run(conn, op('send', [['send', 'a', v]]));
        expect(r.type, r.error).toBe('ok');
        const [, key, [offset, value]] = (r.value as [string, string, [number, number]][])[0];
        expect([key, value]).toEqual(['a', v]);
        sent.push([offset, value]);
      }
      expect(sent.map(([o]) => o)).toEqual([0, 1, 2, 3, 4]);
      const t = await run(conn, op('txn', [['send', 'a', 6], ['poll']]));
      expect(t.type, t.error).toBe('ok');
      const reader = await client().open(c.ctx, 'n3');
      try {
        const got = await readAll(reader, ['a'], 'a', 6);
        expect(got.map(([, v]) => v)).toEqual([1, 2, 3, 4, 5, 6]);
        expect(got.slice(0, 5)).toEqual(sent);
      } finally {
        await reader.close();
      }
    } finally {
      await conn.close();
    }
  });

  it('an assign after reading through the group consumer goes on from where the group reads stopped', async () => {
    const conn = await client().open(c.ctx, 'n2');
    try {
      for (let v = 100; v < 105; v++) expect((await run(conn, op('send', [['send', 'g', v]]))).type).toBe('ok');
      const sub = await run(conn, op('subscribe', ['g']));
      expect(sub.type, sub.error).toBe('ok');
      // the group join goes on in the background: poll until it delivered all 5 (bounded)
      const viaGroup: [number, number][] = [];
      for (const t0 = Date.now(); viaGroup.length < 5 && Date.now() - t0 < 30_000; ) {
        const r = await run(conn, op('poll', [['poll']]));
        if (r.type === 'ok') viaGroup.push(...((r.value as [string, Record<string, [number, number][]>][])[0][1].g ?? []));
      }
      expect(viaGroup).toEqual([[0, 100], [1, 101], [2, 102], [3, 103], [4, 104]]);
      for (let v = 105; v < 108; v++) expect((await run(conn, op('send', [['send', 'g', v]]))).type).toBe('ok');
      const after = await readAll(conn, ['g'], 'g', 3);
      process.stderr.write(`kafka-it: read ${JSON.stringify(viaGroup)} through the group, then ${JSON.stringify(after)} after assign\n`);
      expect(after).toEqual([[5, 105], [6, 106], [7, 107]]);
    } finally {
      await conn.close();
    }
  });

  it('ordering-key mode: keys share the partitions of one topic, offsets per partition, read back per key', async () => {
    const ordered = () => kafkaClient('queue', { opTimeoutMs: 10_000, seed: 8, queueOrderingKeys: true, queueKeys: 6 });
    const keys = ['t0', 't1', 't2', 't3', 't4', 't5'];
    const parts = orderingPartitions(keys.length);
    expect(parts).toBe(2);
    const conn = await ordered().open(c.ctx, 'n1');
    const sent = new Map<string, [number, number][]>();
    try {
      for (let v = 0; v < 24; v++) {
        const key = keys[v % keys.length];
        const r = await run(conn, op('send', [['send', key, v]]));
        expect(r.type, r.error).toBe('ok');
        const [, k, [offset, value]] = (r.value as [string, string, [number, number]][])[0];
        expect([k, value]).toEqual([key, v]);
        sent.set(key, [...(sent.get(key) ?? []), [offset, value]]);
      }
    } finally {
      await conn.close();
    }
    // the offsets of all keys of one partition are that partition's: 0, 1, 2, ... without gaps
    for (let p = 0; p < parts; p++) {
      const offsets = keys.filter((k) => partitionOf(k, parts) === p).flatMap((k) => (sent.get(k) ?? []).map(([o]) => o)).sort((a, b) => a - b);
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
    expect(new Set(keys.map((k) => partitionOf(k, parts))).size).toBe(2);
    const meta = await withAdmin([brokerAddress(c.ctx, 'n1')], (a) => a.fetchTopicMetadata({ topics: [ORDERED_TOPIC] }));
    expect(meta.topics[0].partitions.length).toBe(2);
    const reader = await ordered().open(c.ctx, 'n3');
    try {
      expect((await run(reader, op('assign', keys))).type).toBe('ok');
      const got = new Map<string, [number, number][]>();
      for (let i = 0; i < 30 && [...got.values()].flat().length < 24; i++) {
        const r = await run(reader, op('poll', [['poll']]));
        if (r.type !== 'ok') continue;
        for (const [k, recs] of Object.entries((r.value as [string, Record<string, [number, number][]>][])[0][1])) got.set(k, [...(got.get(k) ?? []), ...recs]);
      }
      process.stderr.write(`kafka-it: ordering keys over ${parts} partitions, read back ${JSON.stringify(Object.fromEntries(got))}\n`);
      for (const k of keys) expect(got.get(k), k).toEqual(sent.get(k));
    } finally {
      await reader.close();
    }
  });

  it('keeps every acknowledged send when the partition leader is killed (safe mode)', async () => {
    const conn = await client().open(c.ctx, 'n1');
    const acked: number[] = [];
    let killed = '';
    try {
      const first = await run(conn, op('send', [['send', 'k', 0]]));
      expect(first.type, first.error).toBe('ok');
      acked.push(0);
      const leaders = await partitionLeaders([brokerAddress(c.ctx, 'n1')]);
      expect(leaders.length).toBeGreaterThan(0);
      const t0 = Date.now();
      let conn2 = conn;
      for (let v = 1; v <= 120 && Date.now() - t0 < 40_000; v++) {
        if (v === 20) {
          const meta = await c.db.primaries(c.ctx);
          killed = meta[0];
          await c.db.kill(c.ctx, killed);
        }
        const r = await run(conn2, op('send', [['send', 'k', v]]));
        if (r.type === 'ok') acked.push(v);
        if (r.type === 'info') conn2 = await client().open(c.ctx, 'n1');
      }
      expect(killed).not.toBe('');
      expect(acked.length).toBeGreaterThan(30);
      await c.db.start(c.ctx, killed);
    } finally {
      await conn.close();
    }
    const reader = await client().open(c.ctx, 'n2');
    try {
      const got = await readAll(reader, ['k'], 'k', acked.length);
      const values = new Set(got.map(([, v]) => v));
      const lost = acked.filter((v) => !values.has(v));
      process.stderr.write(`kafka-it: killed leader ${killed}; ${acked.length} sends acknowledged, ${got.length} read back, lost ${lost.length}\n`);
      expect(lost).toEqual([]);
    } finally {
      await reader.close();
    }
  });
});

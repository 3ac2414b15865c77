/**
 * BookKeeper on real containers (cluster `bk-it`, 10.231.84.0/24): ZooKeeper and a bookie on
 * each of 3 nodes; through the bridge a writer appends entries, a reader sees them up to the
 * last-add-confirmed, a second client fences the log, the old writer's next add fails, the
 * reader then sees every acknowledged entry and the next writer starts the next ledger; a
 * killed node comes back with its data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BookkeeperDb, bookkeeperClient } from '../../../systems/bookkeeper/index.js';
import type { Op } from '../../../core/op.js';
import type { ClientConn } from '../../../core/plugins.js';
import { startDbCluster, type DbTestCluster } from '../../support/db-cluster.js';

let c: DbTestCluster<BookkeeperDb>;
const op = (f: string, value: unknown): Op => ({ index: 0, time: 0, process: 0, type: 'invoke', f, value });
const run = (conn: ClientConn, o: Op) => conn.invoke(o, new AbortController().signal);
const send = (conn: ClientConn, key: string, v: number) => run(conn, op('send', [['send', key, v]]));
async function poll(conn: ClientConn): Promise<[number, number][]> {
  const r = await run(conn, op('poll', [['poll']]));
  expect(r.type).toBe('ok');
  const [[, records]] = r.value as [['poll', Record<string, [number, number][]>]];
  return Object.values(records).flat();
}

beforeAll(async () => {
  c = await startDbCluster({ name: 'bk-it', subnet: '10.231.84.0/24', image: 'jvm', db: new BookkeeperDb() });
  process.stderr.write(`bk-it: containers up in ${c.timings.upS} s, ZooKeeper + bookies ready in ${c.timings.setupS} s\n`);
}, 600_000);

afterAll(async () => {
  await c?.stop();
}, 120_000);

describe.sequential('BookKeeper on a 3-node local cluster', () => {
  it('reports its version', async () => {
    expect(await c.db.version(c.ctx)).toMatch(/^bookkeeper 4\.16\.\d+ \/ zookeeper 3\.8\.0$/);
  });

  it('a fence from a second client stops the first writer; readers see every acknowledged entry', async () => {
    const client = bookkeeperClient('ledger', {});
    const w1 = await client.open(c.ctx, 'n1');
    const w2 = await client.open(c.ctx, 'n2');
    const r = await client.open(c.ctx, 'n3');
    try {
      const acked: [number, number][] = [];
      for (let v = 1; v <= 5; v++) {
        const s = await send(w1, 'l0', v);
        expect(s.type).toBe('ok');
        const [[, , [offset]]] = s.value as [['send', string, [number, number]]];
        acked.push([offset, v]);
      }
      expect(acked.map(([o]) => o)).toEqual([0, 1, 2, 3, 4]);
      expect((await run(r, op('assign', ['l0']))).type).toBe('ok');
      const before = await poll(r);
      // Up to the last-add-confirmed: a prefix of what was acknowledged, never more.
      expect(acked.slice(0, before.length)).toEqual(before);
      expect(before.length).toBeGreaterThanOrEqual(4);

      const f = await run(w2, op('fence', 'l0'));
      expect(f).toMatchObject({ type: 'ok', value: { key: 'l0', ledger: 0, last: 4 } });

      const late = await send(w1, 'l0', 6);
      expect(late.type).not.toBe('ok');
      expect(late.error).toMatch(/fenc/i);

      const after = await poll(r);
      expect([...before, ...after]).toEqual(acked);

      const next = await send(w2, 'l0', 7);
      expect(next).toMatchObject({ type: 'ok', value: [['send', 'l0', [1_000_000, 7]]] });
      expect((await send(w2, 'l0', 8)).type).toBe('ok');
      const later = await poll(r);
      expect(later[0]).toEqual([1_000_000, 7]);
      expect(later.some(([, v]) => v === 6)).toBe(false);
    } finally {
      await w1.close();
      await w2.close();
      await r.close();
    }
  }, 180_000);

  it('a killed node starts again with its data; a fresh reader reads the whole log', async () => {
    await c.db.kill(c.ctx, 'n3');
    await c.db.start(c.ctx, 'n3');
    const client = bookkeeperClient('ledger', {});
    let w = await client.open(c.ctx, 'n3');
    const r = await client.open(c.ctx, 'n1');
    try {
      // Right after the restart the client may not list the bookie as writable yet: an add is
      // then refused before it reaches any bookie (`fail`, nothing written), so send again, for up
      // to 120 s. Alone the bookie is writable within ~10 s; twice in CI a writer opened through
      // n3 right after its restart had no ledger within the window (30 s once, 90 s once), so
      // every 20 s the writer is
      // opened afresh, through n3 and then n1. Every ledger spans all 3 bookies (ensemble 3 of 3),
      // so an ok add proves the restarted bookie takes writes either way.
      let first = await send(w, 'l0', 9);
      for (let i = 1; first.type === 'fail' && i <= 60; i++) {
        await new Promise((res) => setTimeout(res, 2_000));
        if (i % 10 === 0) {
          await w.close();
          w = await client.open(c.ctx, i >= 30 ? 'n1' : 'n3');
        }
        first = await send(w, 'l0', 9);
      }
      expect(first, JSON.stringify(first)).toMatchObject({ type: 'ok' });
      expect(await send(w, 'l0', 10)).toMatchObject({ type: 'ok' });
      await run(r, op('assign', ['l0']));
      const all = await poll(r);
      expect(all.map(([, v]) => v)).toEqual([1, 2, 3, 4, 5, 7, 8, 9]);
    } finally {
      await w.close();
      await r.close();
    }
  }, 300_000);
});

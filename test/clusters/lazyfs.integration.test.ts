/**
 * faultline-lazyfs inside a real node container (cluster `flt-lazyfs-it` on 10.216.6.0/24,
 * started with /dev/fuse and SYS_ADMIN): a folder mounted through it serves its files; after a
 * "power loss" (the drop control file) a file keeps exactly what was fsynced (an overwrite
 * after the fsync is undone, an append after it is cut), a file never fsynced comes back empty,
 * and the lower folder agrees. Unmounting leaves nothing mounted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropUnsyncedScript, mountLazyFsScript, parseDropped, unmountLazyFsScript } from '../../clusters/lazyfs.js';
import type { DB } from '../../core/plugins.js';
import { rawScript } from '../../core/shell-quote.js';
import { startDbCluster, type DbTestCluster } from '../support/db-cluster.js';

const db: DB = { name: 'none', setup: async () => {}, teardown: async () => {} };
const DIR = '/var/lib/faultline-it/data';
let c: DbTestCluster<DB>;

const WRITER = [
  'import os, sys',
  'd = sys.argv[1]',
  'f = os.open(d + "/synced", os.O_RDWR | os.O_CREAT, 0o644); os.write(f, b"A" * 100); os.fsync(f); os.write(f, b"B" * 50); os.close(f)',
  'g = os.open(d + "/never", os.O_RDWR | os.O_CREAT, 0o644); os.write(g, b"C" * 30); os.close(g)',
  'h = os.open(d + "/synced", os.O_RDWR); os.pwrite(h, b"Z" * 10, 0); os.close(h)',
].join('\n');

beforeAll(async () => {
  c = await startDbCluster({ name: 'flt-lazyfs-it', subnet: '10.216.6.0/24', image: 'node', db, nodes: 1 });
}, 600_000);

afterAll(async () => {
  await c?.stop();
});

describe('faultline-lazyfs in a node', () => {
  it('forgets exactly what was never fsynced', async () => {
    const r = c.ctx.cluster.remote('n1');
    await r.exec(mountLazyFsScript(DIR), { sudo: true });
    await r.exec(['python3', '-c', WRITER, DIR], { sudo: true });
    const sizes = async (dir: string): Promise<string> => (await r.exec(rawScript(`cd ${dir} && stat -c '%n=%s' never synced && head -c 12 synced`), { sudo: true })).stdout.trim();
    expect(await sizes(DIR)).toBe('never=30\nsynced=150\nZZZZZZZZZZAA');
    const dropped = parseDropped((await r.exec(dropUnsyncedScript(DIR), { sudo: true })).stdout);
    expect(dropped).toEqual({ files: 2, bytes: 90 });
    expect(await sizes(DIR)).toBe('never=0\nsynced=100\nAAAAAAAAAAAA');
    expect(await sizes(`${DIR}.lower`)).toBe('never=0\nsynced=100\nAAAAAAAAAAAA');
    await r.exec(unmountLazyFsScript(DIR), { sudo: true });
    expect((await r.exec(rawScript('mount | grep faultline-lazyfs || true'), { sudo: true })).stdout.trim()).toBe('');
  }, 120_000);
});

/**
 * faultline-lazyfs inside a real node container (cluster `flt-lazyfs-it` on 10.216.6.0/24,
 * started with /dev/fuse and SYS_ADMIN): a folder mounted through it serves its files; after a
 * "power loss" (the drop control file) a file keeps exactly what was fsynced (an overwrite
 * after the fsync is undone, an append after it is cut), a file created and never fsynced is
 * gone, one whose directory was fsynced comes back empty, and the lower folder agrees; after
 * the sync control everything written survives. Unmounting leaves nothing mounted. The same
 * node runs corrupt-file's scripts: a planned bit flip changes exactly those bits, a truncate
 * cuts exactly those bytes, a restore writes back the chunk saved before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropUnsyncedScript, mountLazyFsScript, parseDropped, syncLazyFsScript, unmountLazyFsScript } from '../../clusters/lazyfs.js';
import type { DB } from '../../core/plugins.js';
import { rawScript } from '../../core/shell-quote.js';
import { startDbCluster, type DbTestCluster } from '../support/db-cluster.js';
import { corruptScript, listDataFilesScript } from '../../nemesis/corrupt-script.js';
import { parseListing } from '../../nemesis/corrupt-plan.js';

const db: DB = { name: 'none', setup: async () => {}, teardown: async () => {} };
const DIR = '/var/lib/faultline-it/data';
let c: DbTestCluster<DB>;

const WRITER = [
  'import os, sys',
  'd = sys.argv[1]',
  'f = os.open(d + "/synced", os.O_RDWR | os.O_CREAT, 0o644); os.write(f, b"A" * 100); os.fsync(f); os.write(f, b"B" * 50); os.close(f)',
  'g = os.open(d + "/never", os.O_RDWR | os.O_CREAT, 0o644); os.write(g, b"C" * 30); os.close(g)',
  'h = os.open(d + "/synced", os.O_RDWR); os.pwrite(h, b"Z" * 10, 0); os.close(h)',
  'os.mkdir(d + "/sub"); e = os.open(d + "/sub/entry", os.O_RDWR | os.O_CREAT, 0o644); os.write(e, b"E" * 20); os.close(e)',
  'k = os.open(d + "/sub", os.O_RDONLY); os.fsync(k); os.close(k)',
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
    const sizes = async (dir: string): Promise<string> =>
      (await r.exec(rawScript(`cd ${dir} && ls && stat -c '%n=%s' sub/entry synced && head -c 12 synced`), { sudo: true })).stdout.trim();
    expect(await sizes(DIR)).toBe('never\nsub\nsynced\nsub/entry=20\nsynced=150\nZZZZZZZZZZAA');
    const dropped = parseDropped((await r.exec(dropUnsyncedScript(DIR), { sudo: true })).stdout);
    expect(dropped).toEqual({ files: 3, bytes: 30 + 60 + 20, removed: 1 });
    expect(await sizes(DIR)).toBe('sub\nsynced\nsub/entry=0\nsynced=100\nAAAAAAAAAAAA');
    expect(await sizes(`${DIR}.lower`)).toBe('sub\nsynced\nsub/entry=0\nsynced=100\nAAAAAAAAAAAA');
    await r.exec(['python3', '-c', WRITER.replace('os.mkdir(d + "/sub"); ', ''), DIR], { sudo: true });
    expect((await r.exec(syncLazyFsScript(DIR), { sudo: true })).stdout).toContain('synced files=3');
    expect(parseDropped((await r.exec(dropUnsyncedScript(DIR), { sudo: true })).stdout)).toEqual({ files: 0, bytes: 0, removed: 0 });
    expect(await sizes(DIR)).toBe('never\nsub\nsynced\nsub/entry=20\nsynced=150\nZZZZZZZZZZAA');
    await r.exec(unmountLazyFsScript(DIR), { sudo: true });
    expect((await r.exec(rawScript('mount | grep faultline-lazyfs || true'), { sudo: true })).stdout.trim()).toBe('');
  }, 120_000);

  it('corrupt-file scripts flip, cut and restore exactly what was planned', async () => {
    const r = c.ctx.cluster.remote('n1');
    const dir = '/var/lib/faultline-it/corrupt';
    const hex = async (): Promise<string> => (await r.exec(rawScript(`od -An -tx1 -v ${dir}/f | tr -d ' \n'`), { sudo: true })).stdout;
    await r.exec(rawScript(`rm -rf ${dir} && mkdir -p ${dir} && printf 'ABCDEFGHIJ' > ${dir}/f`), { sudo: true });
    expect(parseListing((await r.exec(listDataFilesScript(dir), { sudo: true })).stdout)).toEqual([{ path: 'f', size: 10, used: 10 }]);
    await r.exec(rawScript(`truncate -s 200000 ${dir}/g && printf 'xy' | dd of=${dir}/g conv=notrunc status=none`), { sudo: true });
    expect(parseListing((await r.exec(listDataFilesScript(dir), { sudo: true })).stdout)).toEqual([{ path: 'f', size: 10, used: 10 }, { path: 'g', size: 200000, used: 2 }]);
    const save = { file: 'f', offset: 2, bytes: 3, copy: '/var/lib/faultline-corrupt/it.0' };
    await r.exec(corruptScript(dir, { mode: 'bitflip', file: 'f', offset: 0, bytes: 10, bits: [{ byte: 0, bit: 0 }, { byte: 3, bit: 5 }, { byte: 9, bit: 7 }] }, save), { sudo: true });
    expect(await hex()).toBe('404243644546474849ca'); // A^1, D^0x20, J^0x80
    await r.exec(corruptScript(dir, { mode: 'truncate', file: 'f', offset: 6, bytes: 4 }), { sudo: true });
    expect(await hex()).toBe('404243644546');
    await r.exec(corruptScript(dir, { mode: 'restore', file: 'f', offset: 2, bytes: 3, savedAt: save.copy }), { sudo: true });
    expect(await hex()).toBe('404243444546'); // the saved "CDE" back over "CdE"
  }, 60_000);
});

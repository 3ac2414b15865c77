/**
 * corrupt-file without containers: the listing parser and glob filter, the seeded plan (same
 * seed → same file, offsets and bits; truncate within the file; restore only from a saved
 * chunk of a file that still exists), the node-side script (quoted, bits flipped with od/dd),
 * and the nemesis over a fake cluster: kill, list, corrupt, start, the choice recorded; the
 * first snapshot saved at setup so the first `restore` fires; `corrupt-<mode>` names.
 */
import { describe, expect, it } from 'vitest';
import { Rng, seconds, simulate, timeLimit } from '../../core/generator/index.js';
import type { Op } from '../../core/op.js';
import type { RunContext } from '../../core/plugins.js';
import { CorruptFileNemesis, type CorruptFileDb } from '../../nemesis/corrupt-file.js';
import { distinctBits, matchesAny, parseListing, planCorruption, planSave } from '../../nemesis/corrupt-plan.js';
import { corruptScript, listDataFilesScript, savedChunkPath } from '../../nemesis/corrupt-script.js';
import { nemesisPackages } from '../../nemesis/packages.js';
import { recordingContext } from '../support/fake-cluster.js';

const LISTING = '67108864 52000 version-2/log.100000001\n67108864 0 version-2/log.200000001\n4242 4242 version-2/snapshot.0\n2 2 myid\n';
const files = parseListing(LISTING);

describe('corrupt-file plan', () => {
  it('parses and filters the listing', () => {
    expect(files.map((f) => f.path)).toEqual(['myid', 'version-2/log.100000001', 'version-2/log.200000001', 'version-2/snapshot.0']);
    expect(files.filter((f) => matchesAny(f.path, ['version-2/log.*'])).map((f) => f.path)).toEqual(['version-2/log.100000001', 'version-2/log.200000001']);
    expect(matchesAny('member/wal/0.wal', ['**/*.wal'])).toBe(true);
    expect(matchesAny('member/snap/db', ['member/*/x'])).toBe(false);
    expect(matchesAny('anything', [])).toBe(true);
  });

  it('bitflip: the same seed makes the same choice, inside one chunk of a non-empty file', () => {
    const a = planCorruption(Rng.fromSeed(9), 'bitflip', files, []);
    expect(planCorruption(Rng.fromSeed(9), 'bitflip', files, [])).toEqual(a);
    const c = a.corruption;
    if (c.mode !== 'bitflip') throw new Error(c.mode);
    expect(c.file).not.toBe('version-2/log.200000001');
    expect(c.bits).toHaveLength(16);
    for (const b of c.bits) expect(b.byte >= c.offset && b.byte < c.offset + c.bytes && b.bit >= 0 && b.bit < 8).toBe(true);
    expect(c.offset + c.bytes).toBeLessThanOrEqual(files.find((f) => f.path === c.file)!.used!);
    expect(files[1]).toEqual({ path: 'version-2/log.100000001', size: 67108864, used: 52000 });
    expect(a.save).toBeDefined();
  });

  it('truncate cuts 1..64 KiB of the data and the padding after it; restore needs a saved chunk of a present file', () => {
    for (let s = 0; s < 50; s++) {
      const c = planCorruption(Rng.fromSeed(s), 'truncate', files, []).corruption;
      if (c.mode !== 'truncate') throw new Error(c.mode);
      const f = files.find((x) => x.path === c.file)!;
      const cut = f.used! - c.offset;
      expect(cut >= 1 && cut <= Math.min(f.used!, 65536) && c.offset + c.bytes === f.size).toBe(true);
    }
    expect(planCorruption(Rng.fromSeed(1), 'restore', files, []).corruption).toEqual({ mode: 'none', reason: 'no saved chunk of a file that still exists' });
    const saved = [{ file: 'gone', offset: 0, bytes: 4, copy: '/x/0' }, { file: 'myid', offset: 0, bytes: 2, copy: '/x/1' }];
    expect(planCorruption(Rng.fromSeed(1), 'restore', files, saved).corruption).toEqual({ mode: 'restore', file: 'myid', offset: 0, bytes: 2, savedAt: '/x/1' });
    expect(planCorruption(Rng.fromSeed(1), 'bitflip', [], []).corruption.mode).toBe('none');
  });
});

describe('corrupt-file bit positions', () => {
  const key = (b: { byte: number; bit: number }) => `${b.byte}:${b.bit}`;

  it('never draws the same (byte, bit) twice, which would flip it back', () => {
    // A 1-byte file gets 8 of 8 bits; 2 bytes: 16 of 16 (the old draw repeated ~always here).
    for (let s = 0; s < 200; s++) {
      for (const bytes of [1, 2, 3, 5, 64]) {
        const bits = distinctBits(Rng.fromSeed(s), 100, bytes, 16);
        expect(bits).toHaveLength(Math.min(16, bytes * 8));
        expect(new Set(bits.map(key)).size).toBe(bits.length);
        for (const b of bits) expect(b.byte >= 100 && b.byte < 100 + bytes && b.bit >= 0 && b.bit < 8).toBe(true);
        expect(bits).toEqual([...bits].sort((a, b) => a.byte - b.byte || a.bit - b.bit));
      }
    }
  });

  it('planCorruption flips distinct bits of a tiny file', () => {
    const tiny = parseListing('1 1 myid\n');
    for (let s = 0; s < 50; s++) {
      const c = planCorruption(Rng.fromSeed(s), 'bitflip', tiny, []).corruption;
      if (c.mode !== 'bitflip') throw new Error(c.mode);
      expect(c.bits.map(key)).toEqual(['0:0', '0:1', '0:2', '0:3', '0:4', '0:5', '0:6', '0:7']);
    }
  });
});

describe('corrupt-file scripts', () => {
  it('lists, saves, flips, truncates and restores with quoted paths', () => {
    expect(listDataFilesScript('/d').script).toMatch(/^python3 -c '.*rstrip.*' \/d 2>\/dev\/null/s);
    expect(savedChunkPath('/var/lib/zk', 3)).toBe('/var/lib/faultline-corrupt/var_lib_zk.3');
    const flip = corruptScript("/d'x", { mode: 'bitflip', file: 'a b', offset: 0, bytes: 10, bits: [{ byte: 5, bit: 3 }] }, { file: 'a b', offset: 0, bytes: 10, copy: '/s/0' }).script;
    expect(flip).toContain(`dd if='/d'\\''x/a b' of=/s/0 iflag=skip_bytes,count_bytes skip=0 count=10 status=none`);
    expect(flip).toContain(`od -An -tu1 -j 5 -N1 '/d'\\''x/a b'`);
    expect(flip).toContain('$(( b ^ 8 ))');
    expect(flip).toContain('seek=5 count=1 conv=notrunc');
    expect(corruptScript('/d', { mode: 'truncate', file: 'f', offset: 100, bytes: 20 }).script).toContain('truncate -s 100 /d/f');
    expect(corruptScript('/d', { mode: 'restore', file: 'f', offset: 7, bytes: 2, savedAt: '/s/1' }).script).toContain('dd if=/s/1 of=/d/f oflag=seek_bytes seek=7 conv=notrunc');
    expect(() => corruptScript('/d', { mode: 'truncate', file: 'f', offset: -1, bytes: 1 })).toThrow(/bad offset/);
  });
});

const op = (value: unknown): Op => ({ index: 0, time: 0, process: 'nemesis', type: 'invoke', f: 'corrupt-file', value });

function fakeDb(calls: string[]): CorruptFileDb {
  return {
    name: 'fake', lazyFs: false, dataDir: () => '/var/lib/x', dataFiles: () => ['version-2/*'],
    setup: async () => {}, teardown: async () => {},
    kill: async (_ctx: RunContext, n: string) => void calls.push(`kill ${n}`),
    start: async (_ctx: RunContext, n: string) => void calls.push(`start ${n}`),
  };
}

describe('CorruptFileNemesis', () => {
  it('kills, corrupts a named file, starts; records the choice; the same seed replays it', async () => {
    const run = async () => {
      const calls: string[] = [];
      const { ctx, scripts } = recordingContext({ nodes: ['n1', 'n2', 'n3'], seed: 3, reply: (_n, c) => (c.startsWith('python3') ? LISTING : '') });
      const nem = new CorruptFileNemesis(fakeDb(calls));
      await nem.setup(ctx);
      const r = await nem.invoke(ctx, op({ targets: 'one', mode: 'truncate', seed: 11 }));
      return { r, calls, scripts };
    };
    const a = await run();
    const b = await run();
    expect(a.r).toEqual(b.r);
    const v = a.r.value as { targets: string[]; mode: string; corrupted: Record<string, { mode: string; file: string }> };
    expect(v.targets).toHaveLength(1);
    const t = v.targets[0];
    expect(a.calls).toEqual([`kill ${t}`, `start ${t}`]);
    expect(v.corrupted[t].mode).toBe('truncate');
    expect(v.corrupted[t].file).toMatch(/^version-2\//);
    expect(a.scripts.get(t)!.at(-1)).toContain('truncate -s');
  });

  it('waits for the system\'s own readiness after the start and records a node that did not come back healthy', async () => {
    const calls: string[] = [];
    const { ctx } = recordingContext({ nodes: ['n1', 'n2', 'n3'], seed: 3, reply: (_n, c) => (c.startsWith('python3') ? LISTING : '') });
    const db = Object.assign(fakeDb(calls), {
      awaitReady: async (_ctx: RunContext, n: string, timeoutMs: number) => {
        calls.push(`ready? ${n} ${timeoutMs}`);
        return n === 'n2' ? 'listening but tablespace herd not booted after 60 s: Error Booting tablespace herd on n2' : undefined;
      },
    });
    const r = await new CorruptFileNemesis(db).invoke(ctx, op({ targets: ['n1', 'n2'], mode: 'bitflip', seed: 5 }));
    expect(r.error).toBeUndefined();
    expect(calls.filter((c) => c.startsWith('ready?')).sort()).toEqual(['ready? n1 60000', 'ready? n2 60000']);
    expect((r.value as { notReady?: unknown }).notReady).toEqual({ n2: 'listening but tablespace herd not booted after 60 s: Error Booting tablespace herd on n2' });
    const fine = await new CorruptFileNemesis(fakeDb([])).invoke(ctx, op({ targets: ['n1'], mode: 'bitflip', seed: 5 }));
    expect(fine.value).not.toHaveProperty('notReady');
  });

  it('bad mode or targets: the op fails and nothing is killed; --nemesis needs a killable DB with data files', async () => {
    const calls: string[] = [];
    const { ctx } = recordingContext({ nodes: ['n1'], seed: 1 });
    expect((await new CorruptFileNemesis(fakeDb(calls)).invoke(ctx, op({ mode: 'shred' }))).error).toMatch(/unknown corrupt-file mode "shred"/);
    expect((await new CorruptFileNemesis(fakeDb(calls)).invoke(ctx, op({ targets: 'primaries' }))).error).toMatch(/unknown corrupt-file targets/);
    expect(calls).toEqual([]);
    expect(nemesisPackages(['corrupt-file'], { intervalS: 5 }, fakeDb([])).map((p) => p.nemesis.name)).toEqual(['corrupt-file']);
    const plain = { name: 'plain', setup: async () => {}, teardown: async () => {} };
    expect(() => nemesisPackages(['corrupt-file'], { intervalS: 5 }, plain)).toThrow(/needs a system that names its data files/);
  });

  it('setup saves a chunk on every node, so the very first restore writes one back', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const calls: string[] = [];
      const { ctx, scripts } = recordingContext({ nodes: ['n1', 'n2', 'n3'], seed, reply: (_n, c) => (c.startsWith('python3') ? LISTING : '') });
      const nem = new CorruptFileNemesis(fakeDb(calls));
      await nem.setup(ctx);
      for (const n of ctx.nodes) expect(scripts.get(n)!.at(-1)).toMatch(/dd if='?\/var\/lib\/x\/version-2\/.* of=\/var\/lib\/faultline-corrupt\/var_lib_x\.\d+ iflag=/);
      const r = await nem.invoke(ctx, op({ targets: 'one', mode: 'restore', seed: 100 + seed }));
      const v = r.value as { targets: string[]; corrupted: Record<string, { mode: string; savedAt?: string }> };
      expect(r.error).toBeUndefined();
      const t = v.targets[0];
      expect(v.corrupted[t].mode).toBe('restore');
      expect(scripts.get(t)!.at(-1)).toContain(`dd if=${v.corrupted[t].savedAt} of=`);
    }
  });

  it('setup is best effort: an unreachable node or one without data gets no snapshot', async () => {
    const { ctx } = recordingContext({ nodes: ['n1'], seed: 1, failOn: ['n1'] });
    await expect(new CorruptFileNemesis(fakeDb([])).setup(ctx)).resolves.toBeUndefined();
    expect(planSave(Rng.fromSeed(1), parseListing('0 0 version-2/log.1\n'))).toBeUndefined();
  });

  it('corrupt-bitflip / -truncate / -restore ask for those modes only; not together with corrupt-file', () => {
    const modes = (names: string[]) => {
      const pkg = nemesisPackages(names, { intervalS: 1 }, fakeDb([]))[0];
      expect(pkg.nemesis.name).toBe('corrupt-file');
      const ops = simulate(timeLimit(seconds(40), pkg.generator), { threads: 0, seed: 3 }).filter((o) => o.type === 'invoke');
      return new Set(ops.map((o) => (o.value as { mode: string }).mode));
    };
    expect(modes(['corrupt-restore'])).toEqual(new Set(['restore']));
    expect(modes(['corrupt-bitflip', 'corrupt-truncate'])).toEqual(new Set(['bitflip', 'truncate']));
    expect(modes(['corrupt-file'])).toEqual(new Set(['bitflip', 'truncate', 'restore']));
    expect(() => nemesisPackages(['corrupt-file', 'corrupt-restore'], { intervalS: 1 }, fakeDb([]))).toThrow(/name it alone or name the modes \(corrupt-restore\)/);
  });
});

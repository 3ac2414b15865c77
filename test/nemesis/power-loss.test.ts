/**
 * Power loss without containers: the faultline-lazyfs scripts (mount, forget unsynced, unmount)
 * and the nemesis over a fake cluster: kill, drop, start on the targets in that order, the
 * counts recorded; refused for a system whose data is not on faultline-lazyfs.
 */
import { describe, expect, it } from 'vitest';
import { recordingContext } from '../support/fake-cluster.js';
import { dropUnsyncedScript, lazyFsControl, mountLazyFsScript, parseDropped, unmountLazyFsScript } from '../../clusters/lazyfs.js';
import type { Op } from '../../core/op.js';
import type { RunContext } from '../../core/plugins.js';
import { nemesisPackages } from '../../nemesis/packages.js';
import { PowerLossNemesis, type PowerLossDb } from '../../nemesis/power-loss.js';

const nodes = ['n1', 'n2', 'n3'];
const op = (f: string, value: unknown = null): Op => ({ index: 0, time: 0, process: 'nemesis', type: 'invoke', f, value });

function fakeDb(lazyFs: boolean, calls: string[]): PowerLossDb {
  return {
    name: 'fake', lazyFs, dataDir: () => '/var/lib/x/data',
    setup: async () => {}, teardown: async () => {},
    kill: async (_ctx: RunContext, n: string) => void calls.push(`kill ${n}`),
    start: async (_ctx: RunContext, n: string) => void calls.push(`start ${n}`),
  };
}

describe('faultline-lazyfs scripts', () => {
  it('mount through <dir>.lower, drop by control file, unmount and clean', () => {
    expect(lazyFsControl('/var/lib/x/data')).toBe('/run/faultline-lazyfs/var_lib_x_data');
    const m = mountLazyFsScript('/var/lib/x/data').script;
    expect(m).toContain('setsid faultline-lazyfs /var/lib/x/data.lower /var/lib/x/data /run/faultline-lazyfs/var_lib_x_data');
    expect(m).toContain('mountpoint -q /var/lib/x/data');
    expect(dropUnsyncedScript('/var/lib/x/data').script).toContain('touch /run/faultline-lazyfs/var_lib_x_data/drop');
    expect(unmountLazyFsScript('/var/lib/x/data').script).toContain('fusermount -u /var/lib/x/data');
    expect(mountLazyFsScript("/d'x").script).toContain(`'/d'\\''x'`);
    expect(parseDropped('dropped files=2 bytes=90\n')).toEqual({ files: 2, bytes: 90, removed: 0 });
    expect(parseDropped('dropped files=3 bytes=67108864 removed=1\n')).toEqual({ files: 3, bytes: 67108864, removed: 1 });
    expect(parseDropped('')).toBeUndefined();
  });
});

describe('PowerLossNemesis', () => {
  it('kills, drops what was never fsynced, and starts each target; records the targets', async () => {
    const calls: string[] = [];
    const { ctx, scripts } = recordingContext({ nodes, seed: 3 });
    const nem = new PowerLossNemesis(fakeDb(true, calls));
    await nem.setup(ctx);
    const r = await nem.invoke(ctx, op('power-loss', { targets: ['n1', 'n3'] }));
    expect(r).toEqual({ value: { targets: ['n1', 'n3'], dropped: {} } });
    expect(calls).toEqual(['kill n1', 'kill n3', 'start n1', 'start n3']);
    expect(scripts.get('n1')!.at(-1)).toContain('touch /run/faultline-lazyfs/var_lib_x_data/drop');
    expect(scripts.get('n2')).toEqual([]);
  });

  it('a system without faultline-lazyfs in this run: the op fails, nothing is killed; --nemesis refuses it', async () => {
    const calls: string[] = [];
    const { ctx } = recordingContext({ nodes, seed: 3 });
    const r = await new PowerLossNemesis(fakeDb(false, calls)).invoke(ctx, op('power-loss', { targets: 'all' }));
    expect(r.error).toMatch(/not on faultline-lazyfs/);
    expect(calls).toEqual([]);
    expect(() => nemesisPackages(['power-loss'], { intervalS: 5 }, fakeDb(false, []))).toThrow(/needs a system that keeps its data directory on faultline-lazyfs/);
    expect(nemesisPackages(['power-loss', 'partition'], { intervalS: 5 }, fakeDb(true, [])).map((p) => p.nemesis.name)).toEqual(['power-loss', 'partition']);
  });
});

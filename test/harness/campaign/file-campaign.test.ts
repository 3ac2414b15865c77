/**
 * Campaigns of the config file (`campaigns: { nightly: {...} }`): each field as the string its
 * flag would give, labelled with file and field; flags win; one-line errors naming the file
 * and the field for an unknown campaign, an unknown field or a value of the wrong type.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../core/errors.js';
import { campaignNames, fileCampaign, mergeSettings } from '../../../harness/campaign/file-campaign.js';
import { relabel } from '../../../harness/cli/campaign.js';
import type { ConfigFile } from '../../../harness/run/config.js';

const file = (values: Record<string, unknown>): ConfigFile => ({ path: 'faultline.config.ts', values });
const L = 'faultline.config.ts: campaigns.nightly';

function error(values: Record<string, unknown>, name = 'nightly'): string {
  try {
    fileCampaign(file(values), name);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('fileCampaign', () => {
  it('turns every field into its flag string, labelled with the file and field', () => {
    const fc = fileCampaign(
      file({
        campaigns: {
          nightly: {
            systems: ['etcd', 'zookeeper'],
            workloads: 'register',
            nemeses: [['partition', 'kill'], [], 'pause'],
            testCount: 3,
            timeLimit: 20,
            untilInvalid: true,
            parallel: 2,
            seeds: [1, 2],
            store: 'nightly-store',
            cluster: 'night',
            subnet: '10.240.0.0/24',
          },
        },
      }),
      'nightly',
    );
    expect(fc.name).toBe('nightly');
    expect(fc.settings).toEqual({
      systems: { raw: 'etcd,zookeeper', label: `${L}.systems` },
      workloads: { raw: 'register', label: `${L}.workloads` },
      nemeses: { raw: 'partition,kill;none;pause', label: `${L}.nemeses` },
      testCount: { raw: '3', label: `${L}.testCount` },
      timeLimit: { raw: '20', label: `${L}.timeLimit` },
      untilInvalid: { raw: true, label: `${L}.untilInvalid` },
      parallel: { raw: '2', label: `${L}.parallel` },
      seeds: { raw: '1,2', label: `${L}.seeds` },
      store: { raw: 'nightly-store', label: `${L}.store` },
      cluster: { raw: 'night', label: `${L}.cluster` },
      subnet: { raw: '10.240.0.0/24', label: `${L}.subnet` },
    });
  });

  it("lays `options` over the file's top-level keys, without `campaigns`, labelling the options", () => {
    const fc = fileCampaign(file({ rate: 50, nodes: 5, campaigns: { nightly: { systems: ['etcd'], options: { rate: 20, etcdSerializableReads: true } } } }), 'nightly');
    expect(fc.file).toEqual({
      path: 'faultline.config.ts',
      values: { rate: 20, nodes: 5, etcdSerializableReads: true },
      labels: { rate: 'campaigns.nightly.options.rate', etcdSerializableReads: 'campaigns.nightly.options.etcdSerializableReads' },
    });
  });

  it.each<[Record<string, unknown>, string, string?]>([
    [{}, 'faultline.config.ts: campaigns: no campaign "nightly" (the file has no campaigns)'],
    [{ campaigns: { smoke: {}, weekly: {} } }, 'faultline.config.ts: campaigns: no campaign "nightly" (it has: smoke, weekly)'],
    [{ campaigns: [] }, 'faultline.config.ts: campaigns: expected an object of named campaigns ({ nightly: { systems: [...] } }), got []'],
    [{ campaigns: { nightly: 'etcd' } }, `${L}: expected an object ({ systems: [...], ... }), got "etcd"`],
    [{ campaigns: { nightly: { sytems: ['etcd'] } } }, `${L}.sytems: unknown field (value ["etcd"]; known: systems, workloads, nemeses, testCount, timeLimit, parallel, seeds, store, cluster, subnet, untilInvalid, options)`],
    [{ campaigns: { nightly: { systems: 3 } } }, `${L}.systems: expected a list of system names, got 3`],
    [{ campaigns: { nightly: { systems: [] } } }, `${L}.systems: expected a list of system names, got []`],
    [{ campaigns: { nightly: { nemeses: [['kill', 1]] } } }, `${L}.nemeses: expected a list of nemesis sets (each a list of fault names, or "partition,kill"; [] for none), got [["kill",1]]`],
    [{ campaigns: { nightly: { testCount: true } } }, `${L}.testCount: expected an integer, got true`],
    [{ campaigns: { nightly: { untilInvalid: 'yes' } } }, `${L}.untilInvalid: expected true or false, got "yes"`],
    [{ campaigns: { nightly: { seeds: ['1'] } } }, `${L}.seeds: expected a list of integers, got ["1"]`],
    [{ campaigns: { nightly: { options: [] } } }, `${L}.options: expected an object of test flags and system options ({ etcdSerializableReads: true }), got []`],
    [{ campaigns: { nightly: { options: { nemesis: 'kill' } } } }, `${L}.options.nemesis: set per run by the campaign; use campaigns.nightly.nemeses`],
    [{ campaigns: { nightly: { options: { timeLimit: 5 } } } }, `${L}.options.timeLimit: set per run by the campaign; use campaigns.nightly.timeLimit`],
  ])('refuses %j on one line naming file and field', (values, message) => {
    expect(error(values)).toBe(message);
  });

  it('lists the campaign names', () => {
    expect(campaignNames(file({ campaigns: { a: {}, b: {} } }))).toEqual(['a', 'b']);
    expect(campaignNames(file({ rate: 1 }))).toEqual([]);
  });
});

describe('mergeSettings', () => {
  it('lets flags win over the file, labelled by the flag', () => {
    const fromFile = fileCampaign(file({ campaigns: { nightly: { systems: ['etcd'], testCount: 3, timeLimit: 20 } } }), 'nightly').settings;
    const s = mergeSettings({ testCount: '1', untilInvalid: true }, fromFile);
    expect(s.systems).toEqual({ raw: 'etcd', label: `${L}.systems` });
    expect(s.testCount).toEqual({ raw: '1', label: '--test-count' });
    expect(s.timeLimit).toEqual({ raw: '20', label: `${L}.timeLimit` });
    expect(s.untilInvalid).toEqual({ raw: true, label: '--until-invalid' });
    expect(mergeSettings({ systems: 'memory' })).toEqual({ systems: { raw: 'memory', label: '--systems' } });
  });
});

describe('relabel', () => {
  it("names the campaign setting a run's per-run flag came from", () => {
    const s = mergeSettings({}, fileCampaign(file({ campaigns: { nightly: { nemeses: [['partition']] } } }), 'nightly').settings);
    expect(relabel('memory: --nemesis: system memory cannot take "partition"', s)).toBe(`memory: ${L}.nemeses: system memory cannot take "partition"`);
    expect(relabel('memory: --workload: unknown workload "x"', s)).toBe('memory: --workload: unknown workload "x"');
  });
});

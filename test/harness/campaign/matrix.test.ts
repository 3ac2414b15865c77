import { describe, expect, it } from 'vitest';
import { nameList, nemesisSets, planRuns, seedList } from '../../../harness/campaign/matrix.js';

describe('campaign matrix', () => {
  it('parses nemesis sets: "," inside a set, ";" or "|" between sets, none = empty', () => {
    expect(nemesisSets('partition,kill')).toEqual([['partition', 'kill']]);
    expect(nemesisSets('partition;kill|none')).toEqual([['partition'], ['kill'], []]);
    expect(() => nemesisSets('partition;;kill')).toThrow('--nemeses: an empty set in "partition;;kill" (use none for no faults)');
    expect(() => nemesisSets('kill;kill')).toThrow('--nemeses: the set "kill" is listed twice');
    expect(() => nemesisSets('Kill')).toThrow(/^--nemeses: expected comma-separated fault names/);
  });

  it('rejects bad lists and seeds with the flag named', () => {
    expect(nameList('--systems', 'etcd, zookeeper')).toEqual(['etcd', 'zookeeper']);
    expect(() => nameList('--systems', 'etcd,etcd')).toThrow('--systems: "etcd" is listed twice in "etcd,etcd"');
    expect(() => nameList('--workloads', 'a b')).toThrow('--workloads: expected comma-separated names, got "a b"');
    expect(seedList('1,2')).toEqual([1, 2]);
    expect(() => seedList('1,x')).toThrow('--seeds: expected comma-separated integers');
  });

  it('plans systems × workloads × sets × test count, cell by cell, with given seeds by repetition', () => {
    const runs = planRuns({ systems: ['etcd', 'zookeeper'], workloads: ['register'], nemeses: [['partition', 'kill']], testCount: 2, seeds: [7] });
    expect(runs.map((r) => [r.index, r.system, r.nemesis.join(','), r.repeat, r.seed])).toEqual([
      [1, 'etcd', 'partition,kill', 1, 7],
      [2, 'etcd', 'partition,kill', 2, undefined],
      [3, 'zookeeper', 'partition,kill', 1, 7],
      [4, 'zookeeper', 'partition,kill', 2, undefined],
    ]);
    const perSystem = planRuns({ systems: ['a', 'b'], workloads: ['w1', 'w2'], nemeses: (s) => (s === 'a' ? [['kill'], []] : [['pause']]), testCount: 1 });
    expect(perSystem.map((r) => `${r.system}/${r.workload}/${r.nemesis.join(',')}`)).toEqual(['a/w1/kill', 'a/w1/', 'a/w2/kill', 'a/w2/', 'b/w1/pause', 'b/w2/pause']);
    expect(() => planRuns({ systems: ['a'], workloads: ['w'], nemeses: [[]], testCount: 1, seeds: [1, 2] })).toThrow('--seeds: 2 seeds given for --test-count 1');
  });
});

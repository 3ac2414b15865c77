import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { flagSystem, passThroughFlags } from '../../../harness/campaign/passthrough.js';
import { registerTest } from '../../../harness/cli/test.js';

const known = ['etcd', 'zookeeper', 'memory', 'kafka'];
function testCommand(): Command {
  const p = new Command();
  registerTest(p);
  return p.commands[0];
}

describe('pass-through test flags', () => {
  it('gives system flags to their system only, the rest to all', () => {
    const m = passThroughFlags(['--etcd-serializable-reads', '--nodes', '5', '--zk-no-sync-reads', '--rate=20'], ['etcd', 'zookeeper'], known, testCommand);
    expect(m.get('etcd')).toEqual({ etcdSerializableReads: true, nodes: '5', rate: '20' });
    expect(m.get('zookeeper')).toEqual({ zkNoSyncReads: true, nodes: '5', rate: '20' });
    expect(flagSystem('memory-stale-reads', known)).toBe('memory');
    expect(flagSystem('nodes', known)).toBeUndefined();
  });

  it('refuses flags the campaign owns, other systems\' flags and unknown ones', () => {
    expect(() => passThroughFlags(['--seed', '3'], ['etcd'], known, testCommand)).toThrow('campaign: --seed is set per run by the campaign; use --seeds');
    expect(() => passThroughFlags(['--kafka-weak'], ['etcd'], known, testCommand)).toThrow('--kafka-weak: applies to system kafka, which is not in --systems (etcd)');
    expect(() => passThroughFlags(['--bogus'], ['etcd'], known, testCommand)).toThrow('campaign: unknown option "--bogus"');
    expect(() => passThroughFlags(['etcd'], ['etcd'], known, testCommand)).toThrow('campaign: unexpected argument "etcd" (systems go in --systems)');
  });
});

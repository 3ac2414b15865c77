import { describe, expect, it } from 'vitest';
import { planSlots } from '../../../harness/campaign/slots.js';

const machine = { cpus: 2, availableMiB: 4096 };

describe('--parallel slots', () => {
  it('gives each slot its own cluster name and the next subnets', () => {
    expect(planSlots(1, { prefix: 'campaign', subnet: '10.217.0.0/24', systems: ['etcd'], nodes: 3, machine })).toEqual([{ index: 0, cluster: 'campaign', subnet: '10.217.0.0/24' }]);
    expect(planSlots(2, { prefix: 'camp', subnet: '10.217.4.0/24', systems: ['etcd'], nodes: 3, machine }).map((s) => `${s.cluster} ${s.subnet}`)).toEqual([
      'camp-1 10.217.4.0/24',
      'camp-2 10.217.5.0/24',
    ]);
  });

  it('refuses what cannot fit, saying why', () => {
    expect(() => planSlots(3, { prefix: 'c', subnet: '10.217.0.0/24', systems: ['etcd'], nodes: 3, machine })).toThrow(
      '--parallel 3: 3 clusters side by side need a core each and this machine has 2; use --parallel 2 or less',
    );
    expect(() => planSlots(2, { prefix: 'c', subnet: '10.217.0.0/24', systems: ['etcd', 'kafka'], nodes: 3, machine: { cpus: 8, availableMiB: 3000 } })).toThrow(
      '--parallel 2: 2 clusters of 3 nodes need about 5400 MiB (2700 MiB each for etcd, kafka) and 3000 MiB are available; use --parallel 1',
    );
    expect(() => planSlots(2, { prefix: 'c', subnet: '10.217.255.0/24', systems: ['etcd'], nodes: 3, machine })).toThrow(
      '--parallel 2: 2 subnets of /24 from 10.217.255.0/24 leave its /16; at most 1 fit (give a lower --subnet)',
    );
    // In-process systems need no memory for nodes.
    expect(planSlots(2, { prefix: 'c', subnet: '10.217.0.0/24', systems: [], nodes: 3, machine: { cpus: 2, availableMiB: 10 } })).toHaveLength(2);
  });
});

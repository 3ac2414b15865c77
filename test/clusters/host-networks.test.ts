import { describe, expect, it } from 'vitest';
import { freeSubnet, hostNetworks, parseIpAddrJson, subnetConflicts, subnetProblem, type HostNet } from '../../clusters/host-networks.js';

const HOST: HostNet[] = [
  { name: 'lo', cidr: '127.0.0.1/8' },
  { name: 'eth0', cidr: '192.168.1.23/24' },
  { name: 'docker0', cidr: '172.17.0.1/16' },
  { name: 'br-0123456789ab', cidr: '10.231.0.1/24' },
];

describe('subnetConflicts', () => {
  it('finds docker0 for a subnet inside 172.17.0.0/16', () => {
    expect(subnetConflicts('172.17.5.0/24', HOST, '172.17.5.1').map((n) => n.name)).toEqual(['docker0']);
  });
  it("finds the host's LAN when the subnet contains it", () => {
    expect(subnetConflicts('192.168.0.0/16', HOST, '192.168.0.1').map((n) => n.name)).toEqual(['eth0']);
  });
  it("does not count the cluster's own bridge (br-… holding its gateway)", () => {
    expect(subnetConflicts('10.231.0.0/24', HOST, '10.231.0.1')).toEqual([]);
  });
  it('counts another bridge on an overlapping subnet', () => {
    expect(subnetConflicts('10.231.0.0/23', [{ name: 'br-ffffffffffff', cidr: '10.231.1.1/24' }], '10.231.0.1').map((n) => n.name)).toEqual(['br-ffffffffffff']);
  });
  it('passes a free subnet and ignores malformed entries', () => {
    expect(subnetConflicts('10.9.0.0/24', [...HOST, { name: 'x', cidr: 'garbage' }], '10.9.0.1')).toEqual([]);
  });
});

describe('subnetProblem', () => {
  it('names the flag, the subnet and every overlapping interface in one line', () => {
    const p = subnetProblem('--subnet', '172.17.5.0/24', HOST);
    expect(p).toMatch(/^--subnet 172\.17\.5\.0\/24 overlaps the host's network docker0 \(172\.17\.0\.1\/16\): pick a free subnet \(e\.g\. --subnet 10\.231\.1\.0\/24\)$/);
    expect(p).not.toContain('\n');
  });
  it('is undefined for a free subnet', () => {
    expect(subnetProblem('--subnet', '10.77.0.0/24', HOST)).toBeUndefined();
  });
});

describe('freeSubnet', () => {
  it('skips every 10.231.x.0/24 a host network touches, own bridges included', () => {
    expect(freeSubnet(HOST)).toBe('10.231.1.0/24');
    expect(freeSubnet([{ name: 'eth9', cidr: '10.231.0.5/16' }])).toBeUndefined();
  });
});

describe('parseIpAddrJson', () => {
  it('reads every inet address of `ip -j -4 addr show`, down interfaces included', () => {
    const text = JSON.stringify([
      { ifname: 'lo', flags: ['LOOPBACK', 'UP'], addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8 }] },
      { ifname: 'docker0', flags: ['NO-CARRIER', 'BROADCAST', 'UP'], operstate: 'DOWN', addr_info: [{ family: 'inet', local: '172.17.0.1', prefixlen: 16 }] },
      { ifname: 'eth1', addr_info: [] },
    ]);
    expect(parseIpAddrJson(text)).toEqual([{ name: 'lo', cidr: '127.0.0.1/8' }, { name: 'docker0', cidr: '172.17.0.1/16' }]);
  });
  it('gives [] for output it does not understand', () => {
    expect(parseIpAddrJson('not json')).toEqual([]);
    expect(parseIpAddrJson('{"a":1}')).toEqual([]);
    expect(parseIpAddrJson('[null, {"ifname": 3}]')).toEqual([]);
  });
});

describe('hostNetworks', () => {
  it('lists IPv4 networks of this host in CIDR form, loopback included', () => {
    const nets = hostNetworks();
    expect(nets.some((n) => n.cidr.startsWith('127.'))).toBe(true);
    for (const n of nets) expect(n.cidr).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
  });
});

import { describe, expect, it } from 'vitest';
import { clusterSpec, intToIp, ipToInt, labelFilter, parseSubnet } from '../../clusters/cluster-spec.js';
import { mirrorFromSources } from '../../clusters/base-image.js';
import { execArgs, networkCreateArgs, runArgs } from '../../clusters/docker-args.js';
import { sh } from '../../core/shell-quote.js';

describe('cluster plan', () => {
  it('gives nodes names, static addresses and labels', () => {
    const s = clusterSpec('lab', 3, '10.231.0.0/24');
    expect(s.nodes).toEqual([
      { name: 'n1', ip: '10.231.0.11', container: 'faultline-lab-n1' },
      { name: 'n2', ip: '10.231.0.12', container: 'faultline-lab-n2' },
      { name: 'n3', ip: '10.231.0.13', container: 'faultline-lab-n3' },
    ]);
    expect(s.gateway).toBe('10.231.0.1');
    expect(s.network).toBe('faultline-lab');
    expect(s.labels).toEqual({ faultline: '1', 'faultline.cluster': 'lab' });
    expect(labelFilter('lab')).toBe('label=faultline.cluster=lab');
    expect(labelFilter()).toBe('label=faultline=1');
  });
  it('rejects bad names, sizes and subnets with the value quoted', () => {
    expect(() => clusterSpec('Bad Name', 3)).toThrow(/bad cluster name "Bad Name"/);
    expect(() => clusterSpec('x', 0)).toThrow(/bad node count "0"/);
    expect(() => clusterSpec('x', 33)).toThrow(/1..32/);
    expect(() => clusterSpec('x', 3, '10.0.0.1/24')).toThrow(/host bits are set/);
    expect(() => clusterSpec('x', 3, '10.0.0.0/8')).toThrow(/prefix length/);
    expect(() => clusterSpec('x', 3, '10.0.0.0')).toThrow(/expected IPv4 CIDR/);
    expect(() => clusterSpec('x', 10, '10.0.0.0/28')).toThrow(/too small/);
    expect(() => parseSubnet('300.0.0.0/24')).toThrow(/bad IPv4/);
  });
  it('converts addresses both ways', () => {
    expect(intToIp(ipToInt('192.168.7.254'))).toBe('192.168.7.254');
  });
});

describe('docker arguments', () => {
  it('exec passes argv, cwd, env and stdin', () => {
    expect(execArgs('c1', ['ls', '-l'], { cwd: '/w', env: { A: '1 2' }, stdin: true, sudo: true })).toEqual(['exec', '-i', '-u', '0', '-w', '/w', '-e', 'A=1 2', 'c1', 'ls', '-l']);
    expect(execArgs('c1', sh`echo ${'x'}`)).toEqual(['exec', 'c1', 'sh', '-c', 'echo x']);
  });
  it('run and network create carry labels, address and capabilities', () => {
    const args = runArgs({ container: 'c', hostname: 'n1', network: 'net', ip: '10.0.0.11', image: 'img', labels: { faultline: '1' }, env: { K: 'v' }, aliases: ['n1'] });
    expect(args.join(' ')).toBe('run -d --name c --hostname n1 --network net --ip 10.0.0.11 --cap-add NET_ADMIN --cap-add SYS_PTRACE --restart no --label faultline=1 -e K=v --network-alias n1 img');
    const fuse = runArgs({ container: 'c', hostname: 'n1', network: 'net', ip: '10.0.0.11', image: 'img', labels: {}, fuse: true });
    expect(fuse.join(' ')).toContain('--restart no --device /dev/fuse --cap-add SYS_ADMIN img');
    expect(networkCreateArgs('net', '10.0.0.0/24', '10.0.0.1', { faultline: '1' })).toEqual(['network', 'create', '--driver', 'bridge', '--subnet', '10.0.0.0/24', '--gateway', '10.0.0.1', '--label', 'faultline=1', 'net']);
  });
});

describe('Debian mirror of the host', () => {
  it('reads one-line and deb822 sources, skipping security', () => {
    expect(mirrorFromSources('deb http://m.example/debian bookworm main\n')).toBe('http://m.example/debian');
    const deb822 = 'Types: deb\nURIs: http://sec.example/debian-security\nSuites: bookworm-security\n\nTypes: deb\nURIs: http://m.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\n';
    expect(mirrorFromSources(deb822)).toBe('http://m.example/debian');
    expect(mirrorFromSources('')).toBeUndefined();
  });
});

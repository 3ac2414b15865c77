import { describe, expect, it } from 'vitest';
import { clusterToken, DATA_DIR, etcdFlags, LOG_FILE, PID_FILE, startArgv } from '../../../systems/etcd/flags.js';
import { etcdOptions } from '../../../systems/etcd/options.js';

const nodes = ['n1', 'n2', 'n3'];
const addresses = { n1: '10.0.0.11', n2: '10.0.0.12', n3: 'fd00::13' };

describe('etcdFlags', () => {
  it('describes a static cluster of every node by address', () => {
    const f = etcdFlags('n2', nodes, addresses, 'tok', 2379);
    const flag = (name: string): string => f[f.indexOf(name) + 1];
    expect(flag('--name')).toBe('n2');
    expect(flag('--data-dir')).toBe(DATA_DIR);
    expect(flag('--initial-cluster')).toBe('n1=http://10.0.0.11:2380,n2=http://10.0.0.12:2380,n3=http://[fd00::13]:2380');
    expect(flag('--advertise-client-urls')).toBe('http://10.0.0.12:2379');
    expect(flag('--initial-advertise-peer-urls')).toBe('http://10.0.0.12:2380');
    expect(flag('--listen-client-urls')).toBe('http://0.0.0.0:2379');
    expect(flag('--initial-cluster-state')).toBe('new');
    expect(flag('--initial-cluster-token')).toBe('tok');
  });

  it('names a node without an address', () => {
    expect(() => etcdFlags('n1', ['n1', 'n4'], addresses, 't', 2379)).toThrow(/"n4"/);
  });

  it('starts through start-stop-daemon with pid file and log, flags after --', () => {
    const argv = startArgv(['--name', 'n1']);
    expect(argv.slice(0, 3)).toEqual(['start-stop-daemon', '--start', '--oknodo']);
    expect(argv[argv.indexOf('--pidfile') + 1]).toBe(PID_FILE);
    expect(argv[argv.indexOf('--output') + 1]).toBe(LOG_FILE);
    expect(argv.slice(-3)).toEqual(['--', '--name', 'n1']);
  });

  it('derives a stable token per run folder', () => {
    expect(clusterToken('/runs/a')).toBe(clusterToken('/runs/a'));
    expect(clusterToken('/runs/a')).not.toBe(clusterToken('/runs/b'));
    expect(clusterToken('/runs/a')).toMatch(/^faultline-[0-9a-f]{12}$/);
  });
});

describe('etcdOptions', () => {
  it('defaults to linearizable reads and 5 s deadlines, and quotes bad values', () => {
    expect(etcdOptions({})).toEqual({ serializableReads: false, timeoutMs: 5000 });
    expect(etcdOptions({ etcdSerializableReads: true, etcdTimeoutMs: 800 })).toEqual({ serializableReads: true, timeoutMs: 800 });
    expect(() => etcdOptions({ etcdSerializableReads: 'yes' })).toThrow(/etcdSerializableReads.*"yes"/);
    expect(() => etcdOptions({ etcdTimeoutMs: -1 })).toThrow(/etcdTimeoutMs.*-1/);
  });
});

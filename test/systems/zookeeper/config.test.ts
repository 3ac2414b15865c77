/** ZooKeeper's pure parts: zoo.cfg, myid, the start command under libfaketime, srvr parsing, options and error classification. */
import { describe, expect, it } from 'vitest';
import { CAS_MISMATCH } from '../../../workloads/register.js';
import {
  certainlyNotApplied, CONFIG_FILE, DATA_DIR, failedCompletion, FAKETIME_FILE, faketimeEnv, LOG_FILE, modeOf, myId, parseValue,
  registerPath, startArgv, versionOf, zkErrorName, ZkTimeout, zookeeper, zookeeperOptions, zooCfg,
} from '../../../systems/zookeeper/index.js';

const nodes = ['n1', 'n2', 'n3'];
const addresses = { n1: '10.0.0.11', n2: '10.0.0.12', n3: 'fd00::13' };
const zkError = (name: string, code: number): Error => Object.assign(new Error(`Exception: ${name}[${code}]`), { name, code });

describe('zoo.cfg and myid', () => {
  it('lists every node by address with quorum and election ports, whitelists srvr, same text for all', () => {
    const cfg = zooCfg(nodes, addresses).split('\n');
    expect(cfg).toContain(`dataDir=${DATA_DIR}`);
    expect(cfg).toContain('clientPort=2181');
    expect(cfg).toContain('4lw.commands.whitelist=srvr,ruok,stat');
    expect(cfg.filter((l) => l.startsWith('server.'))).toEqual(['server.1=10.0.0.11:2888:3888', 'server.2=10.0.0.12:2888:3888', 'server.3=[fd00::13]:2888:3888']);
    expect(zooCfg(nodes, addresses, { tickTime: 500 })).toMatch(/^tickTime=500$/m);
  });

  it('needs 3 or more nodes, each with an address; ids are 1-based positions', () => {
    expect(() => zooCfg(['n1', 'n2'], addresses)).toThrow(/at least 3/);
    expect(() => zooCfg(['n1', 'n2', 'n4'], addresses)).toThrow(/"n4"/);
    expect(zooCfg(['a', 'b', 'c', 'd', 'e'], { a: '1', b: '2', c: '3', d: '4', e: '5' })).toMatch(/^server\.5=5:2888:3888$/m);
    expect(myId('n3', nodes)).toBe(3);
    expect(() => myId('x', nodes)).toThrow(/not one of/);
  });

  it('starts the JVM through start-stop-daemon and env under libfaketime, reading the time file uncached', () => {
    const argv = startArgv();
    expect(argv.slice(0, 3)).toEqual(['start-stop-daemon', '--start', '--oknodo']);
    expect(argv[argv.indexOf('--output') + 1]).toBe(LOG_FILE);
    expect(argv[argv.indexOf('--startas') + 1]).toBe('/usr/bin/env');
    const env = argv.slice(argv.indexOf('--') + 1, argv.indexOf('--') + 6);
    expect(env).toEqual(faketimeEnv());
    expect(env).toEqual([
      'LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', `FAKETIME_TIMESTAMP_FILE=${FAKETIME_FILE}`, 'FAKETIME_NO_CACHE=1', 'DONT_FAKE_MONOTONIC=1',
      'FAKETIME_FORCE_MONOTONIC_FIX=0',
    ]);
    expect(argv.slice(-2)).toEqual(['org.apache.zookeeper.server.quorum.QuorumPeerMain', CONFIG_FILE]);
  });

  it('reads version and mode from a srvr answer', () => {
    const srvr = 'Zookeeper version: 3.8.0-debian--1, built on 2023-01-01\nLatency min/avg/max: 0/0.0/0\nMode: follower\nNode count: 5\n';
    expect(versionOf(srvr)).toBe('3.8.0');
    expect(modeOf(srvr)).toBe('follower');
    expect(modeOf('This ZooKeeper instance is not currently serving requests')).toBeUndefined();
  });
});

describe('register client pieces', () => {
  it('maps keys to znodes and parses values', () => {
    expect(registerPath(7)).toBe('/faultline/register/7');
    expect(parseValue('12')).toBe(12);
    expect(parseValue('x')).toBe('x');
  });

  it('classifies failures: reads fail; rejected writes fail; unknown fates are info', () => {
    expect(failedCompletion('read', null, new ZkTimeout(5))).toMatchObject({ type: 'fail', error: expect.stringMatching(/^ZK_TIMEOUT/) });
    expect(failedCompletion('read', null, zkError('CONNECTION_LOSS', -4)).type).toBe('fail');
    expect(failedCompletion('write', 3, zkError('CONNECTION_LOSS', -4))).toMatchObject({ type: 'info', value: 3 });
    expect(failedCompletion('write', 3, zkError('SESSION_EXPIRED', -112)).type).toBe('info');
    expect(failedCompletion('write', 3, new ZkTimeout(5)).type).toBe('info');
    expect(failedCompletion('write', 3, new Error('boom')).type).toBe('info');
    expect(failedCompletion('write', [1, 2], zkError('BAD_VERSION', -103))).toMatchObject({ type: 'fail' });
    expect(failedCompletion('write', [1, 2], zkError('BAD_VERSION', -103)).error).not.toBe(CAS_MISMATCH);
    expect(certainlyNotApplied(zkError('NO_AUTH', -102))).toBe(true);
    expect(zkErrorName({ name: 'X' })).toBe('UNKNOWN');
  });

  it('options: sync reads by default, validated', () => {
    expect(zookeeperOptions({})).toEqual({ syncReads: true, timeoutMs: 5_000, sessionTimeoutMs: 10_000 });
    expect(zookeeperOptions({ zkSyncReads: false, zkTimeoutMs: 100 }).syncReads).toBe(false);
    expect(() => zookeeperOptions({ zkSyncReads: 'yes' })).toThrow(/zkSyncReads/);
    expect(() => zookeeperOptions({ zkTimeoutMs: -1 })).toThrow(/zkTimeoutMs/);
    expect(zookeeper).toMatchObject({ name: 'zookeeper', image: 'jvm', clockFaults: true, workloads: ['register'] });
    expect(() => zookeeper.client('set', {})).toThrow(/no client for workload "set"/);
  });
});

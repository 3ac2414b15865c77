import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../core/errors.js';
import { describeConfig, resolveTestConfig, type RawTestFlags, type SystemFacts } from '../../../harness/run/config.js';
import { WORKLOAD_NAMES } from '../../../workloads/index.js';
import { etcd as etcdSystem } from '../../../systems/etcd/index.js';
import { kafka as kafkaSystem } from '../../../systems/kafka/index.js';
import { memorySystem } from '../../../systems/memory/index.js';
import { zookeeper as zookeeperSystem } from '../../../systems/zookeeper/index.js';

const etcd: SystemFacts = etcdSystem;
const memory: SystemFacts = { ...memorySystem, workloads: ['register', 'set'] };
const env = { cwd: '/work', randomSeed: () => 1234 };

function error(system: SystemFacts, flags: RawTestFlags): string {
  try {
    resolveTestConfig(system, flags, env);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).not.toContain('\n');
    return (err as Error).message;
  }
  throw new Error('expected a usage error');
}

describe('resolveTestConfig', () => {
  it('resolves defaults: register, 3 nodes, 2n threads, 60 s, 100 ops/s, 5 s op timeout, ./store, random seed', () => {
    const c = resolveTestConfig(etcd, {}, env);
    expect(c).toMatchObject({
      name: 'etcd-register', system: 'etcd', workload: 'register', nodes: ['n1', 'n2', 'n3'], concurrency: 6, concurrencySpec: '2n',
      timeLimitS: 60, rate: 100, nemesis: ['partition', 'kill'], nemesisIntervalS: 10, seed: 1234, seedGiven: false,
      leaveDbRunning: false, store: '/work/store', opTimeoutMs: 5000, cluster: 'default', subnet: '10.231.0.0/24',
      inProcess: false, etcdSerializableReads: false,
    });
    expect(resolveTestConfig(memory, {}, env).nemesis).toEqual([]);
    expect(resolveTestConfig(memory, {}, env).memoryStaleReads).toBe(0);
  });

  it('resolves every flag', () => {
    const c = resolveTestConfig(
      etcd,
      { workload: 'set', nodes: '5', timeLimit: '1.5', concurrency: '3n', rate: '250', nemesis: 'kill', nemesisInterval: '2', seed: '42', leaveDbRunning: true, store: 'runs', opTimeout: '0.5', etcdSerializableReads: true, cluster: 'ci', subnet: '10.9.0.0/24' },
      env,
    );
    expect(c).toMatchObject({ name: 'etcd-set', nodes: ['n1', 'n2', 'n3', 'n4', 'n5'], concurrency: 15, timeLimitS: 1.5, rate: 250, nemesis: ['kill'], nemesisIntervalS: 2, seed: 42, seedGiven: true, leaveDbRunning: true, store: '/work/runs', opTimeoutMs: 500, etcdSerializableReads: true, cluster: 'ci', subnet: '10.9.0.0/24' });
    expect(resolveTestConfig(etcd, { concurrency: '7' }, env).concurrency).toBe(7);
    expect(resolveTestConfig(etcd, { concurrency: 'n', nodes: '4' }, env).concurrency).toBe(4);
    expect(resolveTestConfig(etcd, { nemesis: 'none' }, env).nemesis).toEqual([]);
    expect(resolveTestConfig(memory, { memoryStaleReads: true }, env).memoryStaleReads).toBe(0.5);
    expect(resolveTestConfig(memory, { memoryStaleReads: '0.2' }, env).memoryStaleReads).toBe(0.2);
  });

  it('--zk-no-sync-reads turns ZooKeeper\'s sync barrier off and says so', () => {
    const zk: SystemFacts = zookeeperSystem;
    expect(resolveTestConfig(zk, {}, env).zkSyncReads).toBe(true);
    const c = resolveTestConfig(zk, { zkNoSyncReads: true, seed: '1' }, env);
    expect(c.zkSyncReads).toBe(false);
    expect(describeConfig(c)).toMatch(/, plain reads \(no sync\)$/);
  });

  it('is frozen, and describes itself on one line with the seed', () => {
    const c = resolveTestConfig(memory, { seed: '7' }, env);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.nodes)).toBe(true);
    expect(describeConfig(c)).toBe('memory register, 3 nodes, 6 threads, 60 s at 100 ops/s, no nemesis, seed 7 (given)');
  });

  it.each<[RawTestFlags, string]>([
    [{ workload: 'bank' }, '--workload: system etcd has no client for "bank" (it has: register, set)'],
    [{ workload: 'bogus' }, `--workload: unknown workload "bogus" (known: ${WORKLOAD_NAMES.join(', ')})`],
    [{ nodes: '0' }, '--nodes: expected an integer from 1 to 32, got "0"'],
    [{ nodes: 'three' }, '--nodes: expected an integer from 1 to 32, got "three"'],
    [{ timeLimit: '-5' }, '--time-limit: expected a positive number of seconds (at most 86400), got "-5"'],
    [{ concurrency: '2x' }, '--concurrency: expected a number of threads (1 to 1000) or a multiple of the node count like 2n, got "2x"'],
    [{ concurrency: '0' }, '--concurrency: expected a number of threads (1 to 1000) or a multiple of the node count like 2n, got "0"'],
    [{ rate: 'fast' }, '--rate: expected a positive number of ops per second (at most 1000000), got "fast"'],
    [{ nemesis: 'partition,,kill' }, '--nemesis: expected comma-separated fault names (e.g. partition,kill) or none, got "partition,,kill"'],
    [{ nemesis: 'kill,kill' }, '--nemesis: "kill" is listed twice in "kill,kill"'],
    [{ nemesisInterval: '0' }, '--nemesis-interval: expected a positive number of seconds (at most 86400), got "0"'],
    [{ seed: '1.5' }, '--seed: expected an integer from 0 to 9007199254740991, got "1.5"'],
    [{ opTimeout: 'x' }, '--op-timeout: expected a positive number of seconds (at most 3600), got "x"'],
    [{ store: ' ' }, '--store: expected a directory, got ""'],
    [{ cluster: 'Bad Name' }, '--cluster: expected lowercase letters, digits, - or _ (at most 32), got "Bad Name"'],
    [{ memoryStaleReads: true }, '--memory-stale-reads: applies to system memory only, not "etcd"'],
    [{ zkNoSyncReads: true }, '--zk-no-sync-reads: applies to system zookeeper only, not "etcd"'],
  ])('etcd %j → %s', (flags, message) => {
    expect(error(etcd, flags)).toBe(message);
  });

  it('rejects flags and nemeses a system cannot take', () => {
    expect(error(memory, { etcdSerializableReads: true })).toBe('--etcd-serializable-reads: applies to system etcd only, not "memory"');
    expect(error(memory, { nemesis: 'partition' })).toBe('--nemesis: system memory cannot take "partition" (its nodes are in-process); it takes: kill, pause, none');
    expect(error(memory, { memoryStaleReads: '2' })).toBe('--memory-stale-reads: expected a probability greater than 0 and at most 1, got "2"');
    expect(error({ ...etcd, workloads: ['register'] }, { workload: 'set' })).toBe('--workload: system etcd has no client for "set" (it has: register)');
    expect(error(etcd, { subnet: '10.0.0.0/8' })).toMatch(/^--subnet: bad subnet "10.0.0.0\/8"/);
  });
});

describe('resolveTestConfig: kafka flags', () => {
  const kafka: SystemFacts = kafkaSystem;
  const queue = { workload: 'queue' };

  it('resolves --kafka-weak and the default (safe) mode', () => {
    expect(resolveTestConfig(kafka, queue, env)).toMatchObject({ kafkaWeak: false, inProcess: false, nemesis: ['partition', 'kill'] });
    expect(resolveTestConfig(kafka, queue, env).bootstrap).toBeUndefined();
    const c = resolveTestConfig(kafka, { ...queue, kafkaWeak: true, nemesis: 'kill' }, env);
    expect(c).toMatchObject({ kafkaWeak: true, nemesis: ['kill'] });
    expect(describeConfig(c)).toContain('weak mode (acks=1, min ISR 1, unclean election)');
  });

  it('resolves --bootstrap as an external cluster: no containers, no nemesis', () => {
    const c = resolveTestConfig(kafka, { ...queue, bootstrap: 'h1:9092, h2:9093' }, env);
    expect(c).toMatchObject({ bootstrap: ['h1:9092', 'h2:9093'], inProcess: true, nemesis: [] });
    expect(resolveTestConfig(kafka, { ...queue, bootstrap: 'h1:9092', nemesis: 'none' }, env).nemesis).toEqual([]);
    expect(describeConfig(c)).toContain('external cluster at h1:9092,h2:9093');
  });

  it.each<[RawTestFlags, string]>([
    [{ bootstrap: 'h1' }, '--bootstrap: expected host:port[,host:port...], got "h1"'],
    [{ bootstrap: 'h1:9092,' }, '--bootstrap: expected host:port[,host:port...], got ""'],
    [{ bootstrap: 'h1:70000' }, '--bootstrap: expected host:port[,host:port...], got "h1:70000"'],
    [{ bootstrap: 'h1:9092', nemesis: 'kill' }, '--nemesis: an external cluster (--bootstrap) has no nodes faultline can reach; give --nemesis none, got "kill"'],
    [{ bootstrap: 'h1:9092', kafkaWeak: true }, "--kafka-weak: configures faultline's own Kafka brokers; it cannot be combined with --bootstrap (an external cluster)"],
  ])('kafka %j → %s', (flags, message) => {
    expect(error(kafka, { ...queue, ...flags })).toBe(message);
  });

  it('resolves --ordering-keys into the queue workload options', () => {
    const c = resolveTestConfig(kafka, { ...queue, orderingKeys: '8' }, env);
    expect(c).toMatchObject({ queueOrderingKeys: true, queueKeys: 8 });
    expect(describeConfig(c)).toContain('8 ordering keys');
    expect(resolveTestConfig(kafka, queue, env).queueOrderingKeys).toBeUndefined();
    expect(error(kafka, { ...queue, orderingKeys: '1' })).toBe('--ordering-keys: expected an integer from 2 to 64, got "1"');
    expect(error(kafka, { ...queue, orderingKeys: 'many' })).toBe('--ordering-keys: expected an integer from 2 to 64, got "many"');
    expect(error({ ...kafka, workloads: ['queue', 'register'] }, { workload: 'register', orderingKeys: '8' })).toBe('--ordering-keys: applies to workload queue only, not "register"');
  });

  it('refuses the kafka flags on other systems', () => {
    expect(error(etcd, { kafkaWeak: true })).toBe('--kafka-weak: applies to system kafka only, not "etcd"');
    expect(error(etcd, { orderingKeys: '8' })).toBe('--ordering-keys: applies to system kafka only, not "etcd"');
    expect(error(etcd, { bootstrap: 'h1:9092' })).toBe('--bootstrap: applies to system kafka only, not "etcd"');
  });
});

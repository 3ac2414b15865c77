import { describe, expect, it } from 'vitest';
import {
  CONFIG_FILE, FAKETIME_FILE, SAFE_MODE, WEAK_MODE, clusterId, formatArgv, keyOf, nodeId, quorumVoters, serverProperties, startArgv, topicOf,
} from '../../../systems/kafka/index.js';

const nodes = ['n1', 'n2', 'n3'];
const addresses = { n1: '10.0.0.11', n2: '10.0.0.12', n3: '10.0.0.13' };
const props = (text: string): Record<string, string> => Object.fromEntries(text.split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

describe('kafka config', () => {
  it('renders a KRaft broker+controller node with RF 3, min ISR 2 and no unclean election in safe mode', () => {
    const p = props(serverProperties('n2', nodes, addresses));
    expect(p).toMatchObject({
      'process.roles': 'broker,controller',
      'node.id': '2',
      'controller.quorum.voters': '1@10.0.0.11:9093,2@10.0.0.12:9093,3@10.0.0.13:9093',
      listeners: 'PLAINTEXT://10.0.0.12:9092,CONTROLLER://10.0.0.12:9093',
      'advertised.listeners': 'PLAINTEXT://10.0.0.12:9092',
      'controller.listener.names': 'CONTROLLER',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'unclean.leader.election.enable': 'false',
      'auto.create.topics.enable': 'false',
      'transaction.state.log.min.isr': '2',
    });
  });

  it('renders weak mode: min ISR 1 and unclean leader election', () => {
    const p = props(serverProperties('n1', nodes, addresses, WEAK_MODE));
    expect(p['min.insync.replicas']).toBe('1');
    expect(p['unclean.leader.election.enable']).toBe('true');
    expect([p['replica.fetch.min.bytes'], p['replica.fetch.wait.max.ms']]).toEqual(['1048576', '500']);
    expect(props(serverProperties('n1', nodes, addresses, SAFE_MODE))['replica.fetch.min.bytes']).toBe('1');
    expect(props(serverProperties('n1', nodes, addresses, SAFE_MODE))['min.insync.replicas']).toBe('2');
  });

  it('refuses fewer than 3 nodes, unknown nodes and missing addresses', () => {
    expect(() => serverProperties('n1', ['n1', 'n2'], addresses)).toThrow(/at least 3 nodes, got 2/);
    expect(() => nodeId('n9', nodes)).toThrow(/n9/);
    expect(() => quorumVoters(nodes, { n1: '10.0.0.11', n2: '10.0.0.12' })).toThrow(/no address for node "n3"/);
  });

  it('brackets IPv6 addresses', () => {
    expect(quorumVoters(['a', 'b', 'c'], { a: 'fd00::1', b: 'fd00::2', c: 'fd00::3' })).toBe('1@[fd00::1]:9093,2@[fd00::2]:9093,3@[fd00::3]:9093');
  });

  it('derives one 22-character cluster id per cluster, different for another cluster', () => {
    const id = clusterId(nodes, addresses);
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(clusterId(nodes, { ...addresses })).toBe(id);
    expect(clusterId(nodes, { ...addresses, n3: '10.0.0.14' })).not.toBe(id);
  });

  it('starts the JVM under libfaketime with a capped heap, formats with StorageTool', () => {
    const argv = startArgv();
    expect(argv).toContain('LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1');
    expect(argv).toContain(`FAKETIME_TIMESTAMP_FILE=${FAKETIME_FILE}`);
    expect(argv.some((a) => /^-Xmx(256|384|512)m$/.test(a))).toBe(true);
    expect(argv.slice(-2)).toEqual(['kafka.Kafka', CONFIG_FILE]);
    const f = formatArgv('abc');
    expect(f).toEqual(expect.arrayContaining(['kafka.tools.StorageTool', 'format', '-t', 'abc', '-c', CONFIG_FILE, '--ignore-formatted']));
  });

  it('maps stream keys to topics and back', () => {
    expect(topicOf('t3')).toBe('faultline-t3');
    expect(keyOf('faultline-t3')).toBe('t3');
    expect(keyOf('__consumer_offsets')).toBeUndefined();
  });
});

/**
 * The pure parts of systems/bookkeeper: the bookie configuration, the command lines that
 * start a bookie under libfaketime and format the metadata, the version in a jar name, the run
 * options (bad values named), and completions from bridge answers.
 */
import { describe, expect, it } from 'vitest';
import { bookieConf, bookkeeperOptions, completionOf, initClusterArgv, metadataServiceUri, startArgv, versionOfJar } from '../../../systems/bookkeeper/index.js';
import { UsageError } from '../../../core/errors.js';

const nodes = ['n1', 'n2', 'n3'];
const addresses = { n1: '10.0.0.11', n2: '10.0.0.12', n3: '10.0.0.13' };

describe('bookkeeper config', () => {
  it('metadata lives on every node\'s ZooKeeper', () => {
    expect(metadataServiceUri(nodes, addresses)).toBe('zk+hierarchical://10.0.0.11:2181;10.0.0.12:2181;10.0.0.13:2181/ledgers');
    expect(() => metadataServiceUri(nodes, { n1: 'a' })).toThrow(/no address for node "n2"/);
  });

  it('a bookie advertises its node address, fsyncs its journal and keeps the HTTP server off', () => {
    const conf = bookieConf('n2', nodes, addresses);
    expect(conf).toContain('advertisedAddress=10.0.0.12\n');
    expect(conf).toContain('bookiePort=3181\n');
    expect(conf).toContain('journalSyncData=true\n');
    expect(conf).toContain('httpServerEnabled=false\n');
    expect(conf).toContain('metadataServiceUri=zk+hierarchical://10.0.0.11:2181;10.0.0.12:2181;10.0.0.13:2181/ledgers\n');
  });

  it('the bookie JVM runs under libfaketime with a capped heap; the shell formats once', () => {
    const argv = startArgv();
    expect(argv).toContain('LD_PRELOAD=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1');
    expect(argv).toContain('FAKETIME_TIMESTAMP_FILE=/var/lib/faultline-zookeeper/faketime');
    expect(argv).toContain('-Xmx256m');
    expect(argv.slice(-3)).toEqual(['org.apache.bookkeeper.server.Main', '--conf', '/var/lib/faultline-bookkeeper/bk_server.conf']);
    expect(initClusterArgv().slice(-4)).toEqual(['org.apache.bookkeeper.bookie.BookieShell', '-conf', '/var/lib/faultline-bookkeeper/bk_server.conf', 'initnewcluster']);
  });

  it('reads the version from the server jar name', () => {
    expect(versionOfJar('/opt/faultline/bookkeeper/lib/bookkeeper-server-4.16.6.jar\n')).toBe('4.16.6');
    expect(versionOfJar('zookeeper-3.8.3.jar')).toBeUndefined();
  });
});

describe('bookkeeper options', () => {
  it('defaults to ensemble 3, write quorum 3, ack quorum 2', () => {
    expect(bookkeeperOptions({})).toEqual({ ensemble: 3, writeQuorum: 3, ackQuorum: 2, timeoutMs: 4000, pollMax: 1000 });
  });

  it('names a bad option and its value', () => {
    expect(() => bookkeeperOptions({ bkAckQuorum: 'x' })).toThrow(UsageError);
    expect(() => bookkeeperOptions({ bkAckQuorum: 'x' })).toThrow(/option bkAckQuorum: .*"x"/);
    expect(() => bookkeeperOptions({ bkEnsemble: 2 })).toThrow(/need ensemble ≥ write quorum ≥ ack quorum, got 2\/3\/2/);
  });
});

describe('completions from bridge answers', () => {
  const input = [['send', 'l0', 5]];
  it('ok carries the result; a certain error is fail, any other info', () => {
    expect(completionOf({ ok: true, result: { offset: 3 } }, input, (r) => r.offset)).toEqual({ type: 'ok', value: 3 });
    expect(completionOf({ ok: false, certain: true, error: 'no ledger' }, input, () => null)).toEqual({ type: 'fail', value: input, error: 'no ledger' });
    expect(completionOf({ ok: false, certain: false, error: 'fenced: add failed' }, input, () => null)).toEqual({ type: 'info', value: input, error: 'fenced: add failed' });
  });
});

/** HerdDB's pure parts: server.properties, the launcher's start command, the JDBC URL, the tablespace statements and their answers, options. */
import { describe, expect, it } from 'vitest';
import {
  ALTER_TABLESPACE, allReplicasRunning, bridgeArgs, bridgeProps, CLOCK_FILE, CONFIG_FILE, herddb, herddbOptions, jdbcUrl, LAUNCHER_CLASS, LEADER_QUERY, LIB_DIR,
  leaderOf, LOG_FILE, nodeNameOf, PROCESS_PATTERN, serverProperties, startArgv, zkConnect,
} from '../../../systems/herddb/index.js';
import { FAKETIME_FILE } from '../../../systems/zookeeper/index.js';
import { UsageError } from '../../../core/errors.js';

const nodes = ['n1', 'n2', 'n3'];
const addresses = { n1: '10.0.0.11', n2: '10.0.0.12', n3: '10.0.0.13' };

describe('server.properties', () => {
  it('is cluster mode with the node name as id, its address advertised for server and bookie, fsync on', () => {
    const p = serverProperties('n2', nodes, addresses).split('\n');
    for (const line of [
      'server.mode=cluster', 'server.node.id=n2', 'server.advertised.host=10.0.0.12', 'server.port=7000', 'bookie.advertisedAddress=10.0.0.12',
      'server.bookkeeper.start=true', 'server.bookkeeper.port=3181', 'requirefsync=true', 'server.zookeeper.path=/herd',
      'server.zookeeper.address=10.0.0.11:2181,10.0.0.12:2181,10.0.0.13:2181', 'server.zookeeper.session.timeout=10000',
      'server.tablemanager.writelocktimeout=2', 'server.tablemanager.readlocktimeout=2', 'server.abandoned.transactions.timeout=10000',
    ]) {
      expect(p).toContain(line);
    }
    expect(serverProperties('n1', nodes, addresses, { zkSessionTimeoutMs: 6000 })).toMatch(/^server\.zookeeper\.session\.timeout=6000$/m);
    expect(serverProperties('n1', nodes, addresses)).not.toMatch(/faultline\.trace/);
    expect(serverProperties('n1', nodes, addresses, { traceApply: true })).toMatch(/^faultline\.trace\.apply=true$/m);
  });

  it('refuses a node without an address', () => {
    expect(() => serverProperties('n4', nodes, addresses)).toThrow(/"n4"/);
    expect(() => zkConnect(['n1', 'n9'], addresses)).toThrow(/"n9"/);
  });

  it('the JDBC URL discovers leaders through the ensemble', () => {
    expect(jdbcUrl(nodes, addresses)).toBe('jdbc:herddb:zookeeper:10.0.0.11:2181,10.0.0.12:2181,10.0.0.13:2181/herd');
    expect(zkConnect(['a'], { a: 'fd00::1' })).toBe('[fd00::1]:2181');
  });
});

describe('start commands', () => {
  it('starts our launcher in the background under libfaketime with the node clock file, heap capped', () => {
    const argv = startArgv(300);
    expect(argv.slice(0, 3)).toEqual(['start-stop-daemon', '--start', '--oknodo']);
    expect(argv).toContain(`FAKETIME_TIMESTAMP_FILE=${FAKETIME_FILE}`);
    expect(CLOCK_FILE).toBe(FAKETIME_FILE);
    expect(argv).toContain('-Xmx300m');
    expect(argv.slice(-4)).toEqual(['-cp', `${LIB_DIR}/*`, LAUNCHER_CLASS, CONFIG_FILE]);
    expect(argv[argv.indexOf('--output') + 1]).toBe(LOG_FILE);
    expect(startArgv()).toContain('-Xmx384m');
  });

  it('the process pattern matches the launcher, not itself', () => {
    const re = new RegExp(PROCESS_PATTERN);
    expect(re.test(startArgv().join(' '))).toBe(true);
    expect(re.test(`pkill -f ${PROCESS_PATTERN}`)).toBe(false);
  });

  it('the bridge runs with a capped heap', () => {
    expect(bridgeArgs('/x/a.jar:/x/b.jar')).toEqual(['-Xmx256m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.net.preferIPv4Stack=true', '-cp', '/x/a.jar:/x/b.jar', 'faultline.herddb.Bridge']);
  });
});

describe('tablespace', () => {
  it('replicates herd on every node with 2 expected replicas and failover after 10 s', () => {
    expect(ALTER_TABLESPACE(nodes).sql).toBe("EXECUTE ALTERTABLESPACE 'herd','replica:n1,n2,n3','expectedreplicacount:2','maxleaderinactivitytime:10000'");
  });

  it('reads the leader of a systablespaces answer and maps it to a node', () => {
    expect(LEADER_QUERY.params).toEqual(['herd']);
    expect(leaderOf({ rows: [['n3', 'n1,n2,n3']] })).toBe('n3');
    expect(leaderOf({ rows: [] })).toBeUndefined();
    expect(leaderOf({ rows: [[null, null]] })).toBeUndefined();
    expect(leaderOf({ count: 1 })).toBeUndefined();
    expect(nodeNameOf('n3', nodes)).toBe('n3');
    expect(nodeNameOf('other', nodes)).toBeUndefined();
  });

  it('names the replicas not yet running as leader or follower', () => {
    const rows = [['n1', 'follower'], ['n2', 'stopped'], ['n3', 'leader']];
    expect(allReplicasRunning({ rows }, nodes)).toEqual(['n2']);
    expect(allReplicasRunning({ rows: [] }, nodes)).toEqual(nodes);
  });

  it('the bridge data source has the driver timeout at our deadline and its retries lowered', () => {
    const p = bridgeProps(herddbOptions({ herddbTimeoutMs: 2500, herddbRetries: 1 }));
    expect(p).toMatchObject({ user: 'sa', password: 'hdb', 'client.timeout': '2500', 'client.max.operation.retry.count': '1' });
    expect(p['faultline.pin']).toBeUndefined();
    expect(bridgeProps(herddbOptions({ herddbUnpinnedTransactions: true }))['faultline.pin']).toBe('false');
  });
});

describe('options and system definition', () => {
  it('has defaults and quotes bad values', () => {
    expect(herddbOptions({})).toEqual({ timeoutMs: 4000, retries: 3, heapMb: 384, isolation: 'repeatable-read', unpinned: false, traceApply: false });
    expect(herddbOptions({ herddbUnpinnedTransactions: true }).unpinned).toBe(true);
    expect(() => herddbOptions({ herddbUnpinnedTransactions: 'yes' })).toThrow(/herddbUnpinnedTransactions/);
    expect(herddbOptions({ herddbIsolation: 'read-committed' }).isolation).toBe('read-committed');
    expect(() => herddbOptions({ herddbIsolation: 'serializable' })).toThrow(/herddbIsolation.*"serializable"/);
    expect(() => herddbOptions({ herddbTimeoutMs: 'soon' })).toThrow(UsageError);
    expect(() => herddbOptions({ herddbTimeoutMs: 'soon' })).toThrow(/herddbTimeoutMs.*"soon"/);
    expect(() => herddbOptions({ herddbHeapMb: 4096 })).toThrow(/herddbHeapMb.*4096/);
    expect(() => herddbOptions({ herddbRetries: -1 })).toThrow(/herddbRetries/);
  });

  it('runs on the jvm image with clock faults, for register, set, bank, append and wr', () => {
    expect(herddb.image).toBe('jvm');
    expect(herddb.clockFaults).toBe(true);
    expect([...herddb.workloads]).toEqual(['register', 'set', 'bank', 'append', 'wr']);
    expect(() => herddb.client('queue', {})).toThrow(/herddb has no client for workload "queue" \(known: register, set, bank, append, wr\)/);
    expect(() => herddb.db({ herddbHeapMb: 1 })).toThrow(UsageError);
  });
});

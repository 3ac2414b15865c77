/** JetStream's pure parts: server config, start command, names, options, /jsz parsing and op value checks. */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../core/errors.js';
import {
  CONFIG_FILE, durableName, jetstream, jetStreamOptions, keysOf, keyToken, leadingNodes, LOG_FILE, natsConf, parseJsz, recordValue, sendMicroOps, startArgv,
  STORE_DIR, streamName, subjectOf, versionOfVarz,
} from '../../../systems/jetstream/index.js';

const nodes = ['n1', 'n2', 'n3'];
const addresses = { n1: '10.0.0.11', n2: '10.0.0.12', n3: 'fd00::13' };

describe('nats-server.conf', () => {
  it('names the server after the node, turns JetStream on with the store dir, routes to every other node', () => {
    const conf = natsConf('n2', nodes, addresses);
    expect(conf).toMatch(/^server_name: "n2"$/m);
    expect(conf).toMatch(/^listen: "0\.0\.0\.0:4222"$/m);
    expect(conf).toMatch(/^http: "0\.0\.0\.0:8222"$/m);
    expect(conf).toContain(`store_dir: "${STORE_DIR}"`);
    expect(conf).toMatch(/name: "faultline"/);
    expect(conf).toContain('"nats-route://10.0.0.11:6222"');
    expect(conf).toContain('"nats-route://[fd00::13]:6222"');
    expect(conf).not.toContain('10.0.0.12');
    expect(natsConf('n1', nodes, addresses, { maxFileStore: 5 })).toMatch(/max_file_store: 5$/m);
  });

  it('needs 3+ nodes, the node among them, plain addresses', () => {
    expect(() => natsConf('n1', ['n1', 'n2'], addresses)).toThrow(/at least 3/);
    expect(() => natsConf('n9', nodes, addresses)).toThrow(/"n9" is not one of/);
    expect(() => natsConf('n1', ['n1', 'n2', 'n4'], addresses)).toThrow(/no address for node "n4"/);
    expect(() => natsConf('n1', nodes, { ...addresses, n3: '10.0.0.1"; x' })).toThrow(/not a plain host/);
  });

  it('starts nats-server in the background with the config, a memory limit and the log file', () => {
    const argv = startArgv();
    expect(argv.slice(0, 4)).toEqual(['start-stop-daemon', '--start', '--oknodo', '--background']);
    expect(argv).toContain(LOG_FILE);
    expect(argv.slice(-4)).toEqual(['GOMEMLIMIT=256MiB', '/usr/sbin/nats-server', '-c', CONFIG_FILE]);
  });
});

describe('names', () => {
  it('maps a key to one stream and one subject; odd characters are escaped, distinct keys stay distinct', () => {
    expect(streamName('t3')).toBe('fl-t3');
    expect(subjectOf('t3')).toBe('fl.t3');
    expect(keyToken('a.b*c>d e/f')).toBe('a_002eb_002ac_003ed_0020e_002ff');
    expect(keyToken('a_b')).not.toBe(keyToken('a.b'));
    expect(keyToken('a_002eb')).not.toBe(keyToken('a.b'));
    expect(() => keyToken('')).toThrow(/empty/);
    expect(durableName('faultline')).toBe('fl-g-faultline');
  });
});

describe('options', () => {
  it('has defaults, follows a short op timeout, and rejects bad values with a usage error naming the key', () => {
    expect(jetStreamOptions({})).toEqual({ timeoutMs: 5_000, fetchBatch: 100, group: 'faultline', replicas: 3 });
    expect(jetStreamOptions({ opTimeoutMs: 2_000 }).timeoutMs).toBe(1_600);
    expect(jetStreamOptions({ opTimeoutMs: 60_000 }).timeoutMs).toBe(5_000);
    expect(jetStreamOptions({ jsTimeoutMs: 700, jsGroup: 'g-1', jsReplicas: 1 })).toMatchObject({ timeoutMs: 700, group: 'g-1', replicas: 1 });
    expect(() => jetStreamOptions({ jsTimeoutMs: -1 })).toThrow(UsageError);
    expect(() => jetStreamOptions({ jsReplicas: 7 })).toThrow(/jsReplicas must be a whole number from 1 to 5, got 7/);
    expect(() => jetStreamOptions({ jsGroup: 'a.b' })).toThrow(/jsGroup .* got "a\.b"/);
  });

  it('the system definition: image jetstream, workload queue, no clock faults; an unknown workload is a usage error', () => {
    expect(jetstream).toMatchObject({ name: 'jetstream', image: 'jetstream', clockFaults: false });
    expect(jetstream.workloads).toEqual(['queue']);
    expect(() => jetstream.client('register', {})).toThrow(/jetstream has no client for workload "register" \(known: queue\)/);
    expect(jetstream.db({}).name).toBe('jetstream');
  });
});

describe('/jsz and /varz', () => {
  const jsz = (meta: string | undefined, streams: Record<string, string | undefined>): string =>
    JSON.stringify({
      meta_cluster: meta === undefined ? { name: 'faultline' } : { name: 'faultline', leader: meta },
      account_details: [{ name: '$G', stream_detail: Object.entries(streams).map(([name, leader]) => ({ name, cluster: leader === undefined ? { name: 'faultline' } : { name: 'faultline', leader } })) }],
    });

  it('reads the meta leader and each stream leader', () => {
    expect(parseJsz(jsz('n1', { 'fl-a': 'n2', 'fl-b': undefined }))).toEqual({ meta: 'n1', streams: { 'fl-a': 'n2' } });
    expect(parseJsz('{}')).toEqual({ streams: {} });
    expect(() => parseJsz('[1]')).toThrow(/\/jsz answered/);
  });

  it('primaries: every node some server names as a stream leader, in node order; else the meta leader', () => {
    const v1 = parseJsz(jsz('n1', { 'fl-a': 'n3' }));
    const v2 = parseJsz(jsz('n1', { 'fl-a': 'n3', 'fl-b': 'n2' }));
    expect(leadingNodes(nodes, [v1, undefined, v2])).toEqual(['n2', 'n3']);
    expect(leadingNodes(nodes, [parseJsz(jsz('n2', {})), undefined])).toEqual(['n2']);
    expect(leadingNodes(nodes, [undefined, undefined, undefined])).toEqual([]);
    expect(leadingNodes(nodes, [parseJsz(jsz('n1', { x: 'other-server' }))])).toEqual([]);
  });

  it('reads the version from /varz', () => {
    expect(versionOfVarz('{"version":"2.9.10"}')).toBe('2.9.10');
    expect(versionOfVarz('nope')).toBeUndefined();
  });
});

describe('op values', () => {
  it('send micro-ops, keys of assign/subscribe and record payloads are checked', () => {
    expect(sendMicroOps([['send', 'k', 1], ['send', 'j', 2]])).toEqual([{ key: 'k', value: 1 }, { key: 'j', value: 2 }]);
    expect(sendMicroOps([['send', 'k', 1.5]])).toMatch(/bad send micro-op/);
    expect(sendMicroOps([['poll']])).toMatch(/bad send micro-op/);
    expect(sendMicroOps([])).toMatch(/non-empty array/);
    expect(keysOf(['a', 'b', 'a'])).toEqual(['a', 'b']);
    expect(keysOf(['a', 1])).toMatch(/array of keys/);
    expect(recordValue(new TextEncoder().encode('-42'))).toBe(-42);
    expect(() => recordValue(new TextEncoder().encode('4x'))).toThrow(/not an integer: "4x"/);
    expect(() => recordValue(new TextEncoder().encode(''))).toThrow(/not an integer/);
  });
});

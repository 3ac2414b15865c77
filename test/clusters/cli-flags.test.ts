import { describe, expect, it } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { parseStrict, parseTimeout, resolveTarget, selectNodes, type FlagEnv } from '../../harness/cli/cluster-flags.js';
import { allSucceeded, formatOutcomes, prefixLines } from '../../harness/cli/cluster-output.js';

const files: Record<string, string> = { '/k': 'key', '/kh': '', '/inv': 'a=10.0.0.1\nb=u@10.0.0.2:2200\n', '/home/.ssh/known_hosts': '' };
const env: FlagEnv = { readFile: (p) => files[p] ?? '', exists: (p) => p in files, home: '/home' };

describe('cluster flags', () => {
  it('defaults to a local cluster of 3', () => {
    expect(resolveTarget({}, env)).toEqual({ kind: 'local', cluster: 'default', subnet: '10.231.0.0/24', count: 3, via: 'docker' });
    expect(resolveTarget({ nodes: '5', image: 'node', via: 'ssh', cluster: 'x' }, env)).toMatchObject({ kind: 'local', count: 5, image: 'node', via: 'ssh' });
  });
  it('reads SSH inventories from --nodes and --nodes-file', () => {
    const t = resolveTarget({ nodes: 'h1,h2', sshPrivateKey: '/k', knownHosts: '/kh', username: 'admin', sshPort: '2022' }, env);
    expect(t).toMatchObject({ kind: 'ssh', login: { username: 'admin', privateKeyPath: '/k', knownHostsPath: '/kh', strictHostKeyChecking: true } });
    expect(t.kind === 'ssh' && t.nodes.map((n) => n.port)).toEqual([2022, 2022]);
    const f = resolveTarget({ nodesFile: '/inv', sshPrivateKey: '/k' }, env);
    expect(f.kind === 'ssh' && f.nodes.map((n) => `${n.name}:${n.username ?? '-'}:${n.port}`)).toEqual(['a:-:22', 'b:u:2200']);
  });
  it('rejects bad and conflicting flags with one clear message', () => {
    const bad = (flags: object, re: RegExp): void => {
      expect(() => resolveTarget(flags, env)).toThrow(UsageError);
      expect(() => resolveTarget(flags, env)).toThrow(re);
    };
    bad({ nodes: '0' }, /--nodes must be an integer 1..32, got "0"/);
    bad({ nodes: '99' }, /1..32/);
    bad({ nodes: 'a', nodesFile: '/inv' }, /not both/);
    bad({ nodes: 'a', sshPrivateKey: '/missing' }, /no such file "\/missing"/);
    bad({ nodes: 'a' , sshPrivateKey: '/k', knownHosts: '/nope' }, /known_hosts file: "\/nope" does not exist/);
    bad({ nodes: 'a', sshPrivateKey: '/k', image: 'x' }, /for local clusters/);
    bad({ sshPort: '22' }, /--ssh-port is for SSH inventories/);
    bad({ via: 'telnet' }, /--via must be docker or ssh, got "telnet"/);
    bad({ subnet: '10.0.0.0/33' }, /bad subnet/);
    bad({ cluster: 'A B' }, /bad cluster name/);
    bad({ nodesFile: '/none' }, /no such file/);
    bad({ nodes: 'a', sshPrivateKey: '/k', sshPort: '0' }, /--ssh-port must be an integer 1..65535, got "0"/);
  });
  it('strict host key checking is on unless explicitly off', () => {
    expect(parseStrict(undefined)).toBe(true);
    expect(parseStrict(false)).toBe(false);
    expect(parseStrict('no')).toBe(false);
    expect(() => parseStrict('maybe')).toThrow(/yes or no, got "maybe"/);
    const t = resolveTarget({ nodes: 'h', sshPrivateKey: '/k', knownHosts: '/nope', strictHostKeyChecking: false }, env);
    expect(t.kind === 'ssh' && t.login.strictHostKeyChecking).toBe(false);
  });
  it('selects nodes and timeouts', () => {
    expect(selectNodes('all', ['n1', 'n2'])).toEqual(['n1', 'n2']);
    expect(selectNodes('n2', ['n1', 'n2'])).toEqual(['n2']);
    expect(() => selectNodes('n9', ['n1'])).toThrow(/no node "n9"/);
    expect(parseTimeout('500')).toBe(500);
    expect(() => parseTimeout('-1')).toThrow(UsageError);
  });
});

describe('exec output', () => {
  it('prefixes lines by node and reports failures', () => {
    expect(prefixLines('n1', 'a\nb\n')).toBe('n1: a\nn1: b\n');
    expect(prefixLines('n1', '')).toBe('');
    const outs = [
      { node: 'n1', stdout: 'n1\n', stderr: '', exitCode: 0 },
      { node: 'n2', stdout: '', stderr: 'oops', exitCode: 2 },
      { node: 'n3', stdout: '', stderr: '', exitCode: null, error: 'lost connection' },
    ];
    expect(formatOutcomes(outs)).toEqual({ stdout: 'n1: n1\n', stderr: 'n2: oops\nn2: exited 2\nn3: failed: lost connection\n' });
    expect(allSucceeded(outs)).toBe(false);
    expect(allSucceeded(outs.slice(0, 1))).toBe(true);
  });
});

import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkHostKey, formatKnownHost, hostKeyAlgorithms, hostPattern, parseKnownHosts } from '../../clusters/known-hosts.js';

const KEY = Buffer.from('the-ed25519-key-blob');
const OTHER = Buffer.from('another-key-blob');

describe('known_hosts', () => {
  it('matches plain entries by host and port', () => {
    const text = `# c\n${formatKnownHost(['10.0.0.1', 'n1'], 'ssh-ed25519', KEY.toString('base64'))}\n[10.0.0.2]:2222 ssh-ed25519 ${KEY.toString('base64')}\n`;
    const entries = parseKnownHosts(text);
    expect(entries).toHaveLength(2);
    expect(checkHostKey(entries, '10.0.0.1', 22, KEY)).toBe('match');
    expect(checkHostKey(entries, 'n1', 22, KEY)).toBe('match');
    expect(checkHostKey(entries, '10.0.0.1', 22, OTHER)).toBe('mismatch');
    expect(checkHostKey(entries, '10.0.0.9', 22, KEY)).toBe('unknown');
    expect(checkHostKey(entries, '10.0.0.2', 2222, KEY)).toBe('match');
    expect(checkHostKey(entries, '10.0.0.2', 22, KEY)).toBe('unknown');
  });
  it('understands hashed names, wildcards, negations and @revoked', () => {
    const salt = Buffer.from('0123456789abcdefghij');
    const hash = createHmac('sha1', salt).update('db.lab').digest('base64');
    const text = [
      `|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${KEY.toString('base64')}`,
      `*.test,!bad.test ssh-ed25519 ${KEY.toString('base64')}`,
      `@revoked * ssh-ed25519 ${OTHER.toString('base64')}`,
    ].join('\n');
    const entries = parseKnownHosts(text);
    expect(checkHostKey(entries, 'db.lab', 22, KEY)).toBe('match');
    expect(checkHostKey(entries, 'x.test', 22, KEY)).toBe('match');
    expect(checkHostKey(entries, 'bad.test', 22, KEY)).toBe('unknown');
    expect(checkHostKey(entries, 'x.test', 22, OTHER)).toBe('revoked');
  });
  it('names hosts and algorithms the OpenSSH way', () => {
    expect(hostPattern('h', 22)).toBe('h');
    expect(hostPattern('h', 2222)).toBe('[h]:2222');
    expect(hostKeyAlgorithms(['ssh-ed25519', 'ssh-rsa'])).toEqual(['ssh-ed25519', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
  });
});

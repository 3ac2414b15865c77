/**
 * known_hosts files: parsing (plain, wildcard and hashed `|1|` entries, `@revoked`), writing
 * entries for nodes, and deciding whether a server's host key is known. Pure.
 */
import { createHmac } from 'node:crypto';

/** One key line of a known_hosts file. */
export interface KnownHost {
  /** Host patterns (`n1`, `10.0.0.1`, `[h]:2222`, `*.lab`, `!bad`) or one hashed `|1|salt|hash`. */
  patterns: string[];
  /** Key type, e.g. `ssh-ed25519`. */
  type: string;
  /** The public key blob, base64. */
  key: string;
  /** `@revoked` and `@cert-authority` markers. */
  marker?: 'revoked' | 'cert-authority';
}

/** Verdict on a presented host key. */
export type HostKeyVerdict = 'match' | 'mismatch' | 'unknown' | 'revoked';

/** The name a host has in known_hosts: `host` for port 22, `[host]:port` otherwise. Pure. */
export function hostPattern(host: string, port = 22): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** Parses known_hosts text; malformed lines are skipped. Pure. */
export function parseKnownHosts(text: string): KnownHost[] {
  const out: KnownHost[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const words = line.split(/\s+/);
    let marker: KnownHost['marker'];
    if (words[0] === '@revoked' || words[0] === '@cert-authority') marker = words.shift()!.slice(1) as KnownHost['marker'];
    const [hosts, type, key] = words;
    if (!hosts || !type || !key) continue;
    out.push({ patterns: hosts.split(','), type, key, ...(marker ? { marker } : {}) });
  }
  return out;
}

/** Formats one known_hosts line for `names` (already in {@link hostPattern} form). Pure. */
export function formatKnownHost(names: string[], type: string, key: string): string {
  return `${names.join(',')} ${type} ${key}`;
}

/** Glob match with `*` and `?`, as OpenSSH patterns. Pure. */
function glob(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

/** True when a hashed `|1|salt|hash` pattern is the hash of `name`. Pure. */
function hashedMatch(pattern: string, name: string): boolean {
  const [, kind, salt, hash] = pattern.split('|');
  if (kind !== '1' || !salt || !hash) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

/** True when `entry` names `name` (negations win). Pure. */
export function entryMatches(entry: KnownHost, name: string): boolean {
  let hit = false;
  for (const p of entry.patterns) {
    if (p.startsWith('|')) hit ||= hashedMatch(p, name);
    else if (p.startsWith('!')) {
      if (glob(p.slice(1), name)) return false;
    } else hit ||= glob(p, name);
  }
  return hit;
}

/** The entries (not cert authorities) that name `host` on `port`. Pure. */
export function entriesFor(entries: KnownHost[], host: string, port = 22): KnownHost[] {
  const name = hostPattern(host, port);
  return entries.filter((e) => e.marker !== 'cert-authority' && entryMatches(e, name));
}

/**
 * Whether the key `keyBlob` (raw SSH wire form) presented by `host:port` is known: `match` when
 * an entry has exactly this key, `revoked` when it is marked so, `mismatch` when the host has
 * entries but none with this key, `unknown` when the host has none. Pure.
 */
export function checkHostKey(entries: KnownHost[], host: string, port: number, keyBlob: Uint8Array): HostKeyVerdict {
  const b64 = Buffer.from(keyBlob).toString('base64');
  const mine = entriesFor(entries, host, port);
  if (mine.some((e) => e.marker === 'revoked' && e.key === b64)) return 'revoked';
  if (mine.some((e) => !e.marker && e.key === b64)) return 'match';
  return mine.some((e) => !e.marker) ? 'mismatch' : 'unknown';
}

/** The SSH host key algorithms to offer for known key `types` (OpenSSH key type → algorithms). Pure. */
export function hostKeyAlgorithms(types: string[]): string[] {
  const out: string[] = [];
  for (const t of types) {
    const algs = t === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [t];
    for (const a of algs) if (!out.includes(a)) out.push(a);
  }
  return out;
}

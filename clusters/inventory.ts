/**
 * SSH inventories: nodes given as `--nodes a,b,c` or a `--nodes-file`. An entry is
 * `[name=][user@]host[:port]` (IPv6 as `[addr]` or `[addr]:port`); in a file, entries are
 * separated by whitespace or commas, and `#` starts a comment. Pure; unit-tested.
 */
import { InputError, UsageError, quote } from '../core/errors.js';

/** One inventory node. */
export interface InventoryNode {
  /** The name used in output (default: the host). */
  name: string;
  host: string;
  port: number;
  /** Login user, when the entry names one (else `--username`). */
  username?: string;
}

/** Why an entry is malformed, or undefined when it parses. Pure. */
function problem(entry: string, defaultPort: number): string | undefined {
  try {
    parseNodeEntry(entry, defaultPort);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

const HOST = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const USER = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/**
 * Parses one entry `[name=][user@]host[:port]`; `defaultPort` (default 22) applies without `:port`.
 * @throws UsageError quoting the entry and saying what is wrong
 */
export function parseNodeEntry(entry: string, defaultPort = 22): InventoryNode {
  let rest = entry.trim();
  const bad = (why: string): never => {
    throw new UsageError(`bad node ${quote(entry)}: ${why}`);
  };
  if (!rest) bad('empty');
  let name: string | undefined;
  const eq = rest.indexOf('=');
  if (eq >= 0) {
    name = rest.slice(0, eq);
    rest = rest.slice(eq + 1);
    if (!NAME.test(name)) bad('the name before = must be letters, digits, . _ -');
  }
  let username: string | undefined;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    username = rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (!USER.test(username)) bad('bad user name before @');
  }
  let host = rest;
  let port = defaultPort;
  const v6 = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(rest);
  if (v6) {
    host = v6[1];
    if (v6[2] !== undefined) port = Number(v6[2]);
  } else {
    const colon = rest.split(':');
    if (colon.length > 2) bad('write IPv6 addresses as [addr] or [addr]:port');
    host = colon[0];
    if (colon.length === 2) {
      if (!/^\d+$/.test(colon[1])) bad('port must be a number');
      port = Number(colon[1]);
    }
    if (!HOST.test(host)) bad('host must be a host name or an IPv4 address');
  }
  if (!(port >= 1 && port <= 65535)) bad('port must be 1..65535');
  return { name: name ?? host, host, port, ...(username ? { username } : {}) };
}

/** Rejects duplicate node names. Pure. */
function unique(nodes: InventoryNode[], where: string): InventoryNode[] {
  const seen = new Set<string>();
  for (const n of nodes) {
    if (seen.has(n.name)) throw new UsageError(`${where}: node name ${quote(n.name)} appears twice`);
    seen.add(n.name);
  }
  if (nodes.length === 0) throw new UsageError(`${where}: no nodes`);
  return nodes;
}

/** Parses the value of `--nodes a,b,c`. @throws UsageError */
export function parseNodesFlag(value: string, defaultPort = 22): InventoryNode[] {
  return unique(value.split(',').filter((s) => s.trim() !== '').map((e) => parseNodeEntry(e, defaultPort)), '--nodes');
}

/** Parses an inventory file's text; errors name `file` and the line. @throws InputError */
export function parseNodesFile(text: string, file: string, defaultPort = 22): InventoryNode[] {
  const nodes: InventoryNode[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    for (const entry of line.split(/[\s,]+/).filter(Boolean)) {
      const why = problem(entry, defaultPort);
      if (why) throw new InputError(file, i + 1, why.replace(/^bad node "[^"]*": /, ''), entry);
      nodes.push(parseNodeEntry(entry, defaultPort));
    }
  });
  return unique(nodes, file);
}

/** Formats nodes as an inventory file, one `name=user@host:port` per line. Pure. */
export function formatInventory(nodes: InventoryNode[]): string {
  const lines = nodes.map((n) => {
    const host = n.host.includes(':') ? `[${n.host}]` : n.host;
    return `${n.name}=${n.username ? `${n.username}@` : ''}${host}:${n.port}`;
  });
  return `# faultline SSH inventory: name=user@host:port\n${lines.join('\n')}\n`;
}

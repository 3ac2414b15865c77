/**
 * Refusing a local cluster subnet that overlaps a network the host already has (docker0,
 * another cluster's bridge, the host's own LAN, loopback): such a cluster either fails when its
 * network is created or, worse, comes up with routes that send its traffic elsewhere. Checked up
 * front, before anything is created. The core is pure; {@link hostNetworks} reads the host.
 */
import { execFileSync } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { ipToInt, intToIp, parseSubnet } from './cluster-spec.js';

/** One IPv4 network the host is on: an interface and its address in CIDR form. */
export interface HostNet {
  /** Interface name, e.g. `docker0`, `eth0`, `br-1a2b3c4d5e6f`. */
  name: string;
  /** The interface's address with its prefix length, e.g. `172.17.0.1/16`. */
  cidr: string;
}

/** `[first, end)` of the network a CIDR (address/len, host bits allowed) lies in. Pure. */
function range(cidr: string): [number, number] | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(cidr);
  if (!m || Number(m[2]) > 32) return undefined;
  let ip: number;
  try {
    ip = ipToInt(m[1]);
  } catch {
    return undefined;
  }
  const size = 2 ** (32 - Number(m[2]));
  const first = ip - (ip % size);
  return [first, first + size];
}

/**
 * The host networks `subnet` overlaps. The bridge of the cluster's own network (an interface
 * named `br-…` holding exactly `gateway`, the address faultline gives it) is not a conflict: it
 * is what a kept cluster looks like. Pure.
 * @param subnet a valid cluster subnet (`a.b.c.d/len`)
 * @param nets the host's IPv4 networks
 * @param gateway the cluster network's gateway address (`.1` of the subnet)
 */
export function subnetConflicts(subnet: string, nets: readonly HostNet[], gateway: string): HostNet[] {
  const { base, bits } = parseSubnet(subnet);
  const end = base + 2 ** (32 - bits);
  return nets.filter((n) => {
    const r = range(n.cidr);
    if (r === undefined || r[0] >= end || base >= r[1]) return false;
    return !(n.name.startsWith('br-') && n.cidr.split('/')[0] === gateway);
  });
}

/**
 * The one-line reason `subnet` cannot be used, or undefined when it is free. Pure.
 * @param flag how the subnet was given (`--subnet`, or `faultline.config.ts: subnet`)
 */
export function subnetProblem(flag: string, subnet: string, nets: readonly HostNet[]): string | undefined {
  const gateway = intToIp(parseSubnet(subnet).base + 1);
  const hits = subnetConflicts(subnet, nets, gateway);
  if (hits.length === 0) return undefined;
  const list = hits.map((h) => `${h.name} (${h.cidr})`).join(', ');
  const free = freeSubnet(nets);
  return `${flag} ${subnet} overlaps the host's network ${list}: pick a free subnet${free === undefined ? '' : ` (e.g. --subnet ${free})`}`;
}

/** The first `10.231.x.0/24` no host network touches, or undefined. Pure. */
export function freeSubnet(nets: readonly HostNet[]): string | undefined {
  for (let x = 0; x < 256; x++) {
    const candidate = `10.231.${x}.0/24`;
    if (subnetConflicts(candidate, nets, '').length === 0) return candidate;
  }
  return undefined;
}

/**
 * The host's IPv4 networks, from `ip -j -4 addr show` (which lists interfaces that are down or
 * without carrier, such as an idle `docker0`; Node's `os.networkInterfaces()` leaves those out),
 * together with Node's list in case `ip` is missing.
 */
export function hostNetworks(): HostNet[] {
  const out = new Map<string, HostNet>();
  const add = (n: HostNet): void => void out.set(`${n.name} ${n.cidr}`, n);
  try {
    const text = execFileSync('ip', ['-j', '-4', 'addr', 'show'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    for (const n of parseIpAddrJson(text)) add(n);
  } catch {
    // no iproute2: Node's list below is all there is
  }
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    for (const a of addrs ?? []) if (a.family === 'IPv4' && a.cidr !== null) add({ name, cidr: a.cidr });
  }
  return [...out.values()];
}

/** The IPv4 networks in the output of `ip -j -4 addr show`; [] for anything unexpected. Pure. */
export function parseIpAddrJson(text: string): HostNet[] {
  let links: unknown;
  try {
    links = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(links)) return [];
  const out: HostNet[] = [];
  for (const l of links as { ifname?: unknown; addr_info?: unknown }[]) {
    if (typeof l?.ifname !== 'string' || !Array.isArray(l.addr_info)) continue;
    for (const a of l.addr_info as { family?: unknown; local?: unknown; prefixlen?: unknown }[]) {
      if (a?.family === 'inet' && typeof a.local === 'string' && typeof a.prefixlen === 'number') out.push({ name: l.ifname, cidr: `${a.local}/${a.prefixlen}` });
    }
  }
  return out;
}

/**
 * The shape of a local container cluster, computed from its name, size and subnet: node
 * names, addresses, container and network names, labels. Pure; unit-tested.
 */

/** The label every faultline container, network and image carries. */
export const LABEL = 'faultline';
/** The label naming the cluster a container or network belongs to. */
export const CLUSTER_LABEL = 'faultline.cluster';
/** The label naming a container's node. */
export const NODE_LABEL = 'faultline.node';
/** The label carrying a hash of the authorized public key a container was started with. */
export const KEY_LABEL = 'faultline.key';

/** Default cluster name, subnet and size. */
export const DEFAULTS = { cluster: 'default', subnet: '10.231.0.0/24', nodes: 3 } as const;

/** Most nodes a local cluster may have. */
export const MAX_NODES = 32;

/** Thrown for a bad cluster name, subnet or size; the message quotes the value. */
export class SpecError extends Error {
  override name = 'SpecError';
}

/** One node of a local cluster. */
export interface NodeSpec {
  /** `n1`, `n2`, ... — also the hostname. */
  name: string;
  /** Static IPv4 address on the cluster network. */
  ip: string;
  /** Container name, `faultline-<cluster>-<node>`. */
  container: string;
}

/** A local cluster's plan. */
export interface ClusterSpec {
  name: string;
  subnet: string;
  gateway: string;
  network: string;
  nodes: NodeSpec[];
  /** Labels for the network and every container. */
  labels: Record<string, string>;
}

/** Validates a cluster name (letters, digits, `_`, `-`; ≤ 32; starts alphanumeric). Pure. */
export function checkClusterName(name: string): string {
  if (!/^[a-z0-9][a-z0-9_-]{0,31}$/.test(name)) {
    throw new SpecError(`bad cluster name ${JSON.stringify(name)}: use lowercase letters, digits, '-' or '_' (at most 32)`);
  }
  return name;
}

/** Parses a dotted IPv4 address to a 32-bit number. Pure. */
export function ipToInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new SpecError(`bad IPv4 address ${JSON.stringify(ip)}`);
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Formats a 32-bit number as a dotted IPv4 address. Pure. */
export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Parses `a.b.c.d/len` (len 16–28), returning the network address and length. Pure. */
export function parseSubnet(subnet: string): { base: number; bits: number } {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(subnet);
  if (!m) throw new SpecError(`bad subnet ${JSON.stringify(subnet)}: expected IPv4 CIDR like 10.231.0.0/24`);
  const bits = Number(m[2]);
  if (bits < 16 || bits > 28) throw new SpecError(`bad subnet ${JSON.stringify(subnet)}: prefix length must be 16..28`);
  const ip = ipToInt(m[1]);
  const size = 2 ** (32 - bits);
  if (ip % size !== 0) throw new SpecError(`bad subnet ${JSON.stringify(subnet)}: host bits are set (network is ${intToIp(ip - (ip % size))}/${bits})`);
  return { base: ip, bits };
}

/**
 * The plan of cluster `name` with `count` nodes on `subnet`: gateway `.1`, node i at `.10+i`
 * (relative to the network address). Pure.
 */
export function clusterSpec(name: string, count: number, subnet: string = DEFAULTS.subnet): ClusterSpec {
  checkClusterName(name);
  if (!Number.isInteger(count) || count < 1 || count > MAX_NODES) throw new SpecError(`bad node count ${JSON.stringify(String(count))}: expected 1..${MAX_NODES}`);
  const { base, bits } = parseSubnet(subnet);
  if (10 + count >= 2 ** (32 - bits) - 1) throw new SpecError(`subnet ${subnet} is too small for ${count} nodes`);
  const nodes = Array.from({ length: count }, (_, i) => ({
    name: `n${i + 1}`,
    ip: intToIp(base + 11 + i),
    container: `faultline-${name}-n${i + 1}`,
  }));
  return {
    name,
    subnet,
    gateway: intToIp(base + 1),
    network: `faultline-${name}`,
    nodes,
    labels: { [LABEL]: '1', [CLUSTER_LABEL]: name },
  };
}

/** The docker `--filter` value selecting everything of cluster `name`, or all of faultline's. Pure. */
export function labelFilter(name?: string): string {
  return name === undefined ? `label=${LABEL}=1` : `label=${CLUSTER_LABEL}=${name}`;
}

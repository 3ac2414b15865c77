/**
 * Grudges: who drops whose traffic during a partition. A grudge maps each node to the nodes
 * it drops packets from; `partition.ts` turns one into iptables rules. The shapes here are
 * symmetric (if a drops b, b drops a), which is what a TCP cut means anyway: one dropped
 * direction already breaks every connection between the two. Pure; the random choices come
 * from a {@link Random} (the generator PRNG `Rng` is one), so a seed replays the same cut.
 */
import { majority, shuffle, type Random } from './random.js';

/** Node → the nodes whose packets it drops (in node order; absent or empty = drops nothing). */
export type Grudge = Readonly<Record<string, readonly string[]>>;

/** The partition shapes {@link grudgeOf} knows. */
export const GRUDGE_SHAPES = ['one', 'halves', 'majority-minority', 'majorities-ring', 'bridge'] as const;

/** One of {@link GRUDGE_SHAPES}. */
export type GrudgeShape = (typeof GRUDGE_SHAPES)[number];

/** True when `x` names a shape in {@link GRUDGE_SHAPES}. Pure. */
export function isGrudgeShape(x: unknown): x is GrudgeShape {
  return typeof x === 'string' && (GRUDGE_SHAPES as readonly string[]).includes(x);
}

/**
 * The grudge in which nodes of different `components` drop each other's traffic and nodes of
 * the same component talk freely. Nodes of `nodes` in no component drop nothing. Lists are in
 * the order of `nodes`. Pure.
 */
export function fromComponents(nodes: readonly string[], components: readonly (readonly string[])[]): Grudge {
  const home = new Map<string, number>();
  components.forEach((c, i) => c.forEach((n) => home.set(n, i)));
  const out: Record<string, string[]> = {};
  for (const a of nodes) {
    const ha = home.get(a);
    out[a] = ha === undefined ? [] : nodes.filter((b) => home.has(b) && home.get(b) !== ha);
  }
  return out;
}

/** One random node cut off from all others. Empty grudge for fewer than 2 nodes. Pure apart from one draw. */
export function isolateOne(nodes: readonly string[], random: Random): Grudge {
  if (nodes.length < 2) return fromComponents(nodes, []);
  const lone = nodes[random.int(nodes.length)];
  return fromComponents(nodes, [[lone], nodes.filter((n) => n !== lone)]);
}

/**
 * The nodes split at random into two halves, ⌊n/2⌋ and ⌈n/2⌉ (a minority and a majority when
 * n is odd), cut from each other. Pure apart from draws.
 */
export function randomHalves(nodes: readonly string[], random: Random): Grudge {
  const s = shuffle(nodes, random);
  const k = Math.floor(s.length / 2);
  return fromComponents(nodes, [s.slice(0, k), s.slice(k)]);
}

/**
 * A random minority (the largest one: n − ⌊n/2⌋ − 1 nodes, at least one when n ≥ 2) cut from
 * the majority: 1 | 2 of 3, 1 | 3 of 4, 2 | 3 of 5. Pure apart from draws.
 */
export function majorityMinority(nodes: readonly string[], random: Random): Grudge {
  const s = shuffle(nodes, random);
  const k = s.length < 2 ? 0 : Math.max(1, s.length - majority(s.length));
  return fromComponents(nodes, [s.slice(0, k), s.slice(k)]);
}

/**
 * The `primaries` (as the system names them) cut from the other nodes. Empty grudge when
 * there are no primaries or no others. Pure.
 */
export function primariesVsRest(nodes: readonly string[], primaries: readonly string[]): Grudge {
  const p = new Set(primaries);
  return fromComponents(nodes, [nodes.filter((n) => p.has(n)), nodes.filter((n) => !p.has(n))]);
}

/**
 * Two random sides with one bridge node that sees both: the sides (sizes differing by at most
 * one) cannot reach each other, the bridge reaches everyone. With an odd number of nodes each
 * side plus the bridge is a majority. Needs 3 nodes; with fewer, the same as
 * {@link isolateOne}. Pure apart from draws.
 */
export function bridge(nodes: readonly string[], random: Random): Grudge {
  if (nodes.length < 3) return isolateOne(nodes, random);
  const s = shuffle(nodes, random);
  const b = s[0];
  const rest = s.slice(1);
  const k = Math.floor(rest.length / 2);
  const left = rest.slice(0, k);
  const right = rest.slice(k);
  const out: Record<string, string[]> = {};
  for (const n of nodes) {
    if (n === b) out[n] = [];
    else {
      const other = new Set(left.includes(n) ? right : left);
      out[n] = nodes.filter((m) => other.has(m));
    }
  }
  return out;
}

/**
 * The nodes on a random ring; each talks only to the nodes within ring distance `k`, with
 * `k = ⌈⌊n/2⌋ / 2⌉`, so each sees a majority (itself and ≥ ⌊n/2⌋ others) but no two nodes see
 * the same one and none sees all. Symmetric. Needs 4 nodes: with 3, no symmetric cut gives
 * every node a majority without one node seeing all, so 3 nodes get a {@link bridge} (every
 * node still sees a majority); fewer get {@link isolateOne}. Pure apart from draws.
 */
export function majoritiesRing(nodes: readonly string[], random: Random): Grudge {
  const n = nodes.length;
  if (n < 4) return bridge(nodes, random);
  const ring = shuffle(nodes, random);
  const k = Math.ceil(Math.floor(n / 2) / 2);
  const pos = new Map(ring.map((x, i) => [x, i]));
  const out: Record<string, string[]> = {};
  for (const a of nodes) {
    const pa = pos.get(a) ?? 0;
    out[a] = nodes.filter((b) => {
      const d = Math.abs(pa - (pos.get(b) ?? 0));
      return Math.min(d, n - d) > k;
    });
  }
  return out;
}

/** The grudge of shape `shape` over `nodes`. Pure apart from draws on `random`. */
export function grudgeOf(shape: GrudgeShape, nodes: readonly string[], random: Random): Grudge {
  switch (shape) {
    case 'one':
      return isolateOne(nodes, random);
    case 'halves':
      return randomHalves(nodes, random);
    case 'majority-minority':
      return majorityMinority(nodes, random);
    case 'majorities-ring':
      return majoritiesRing(nodes, random);
    case 'bridge':
      return bridge(nodes, random);
  }
}

/** The nodes `node` still hears from under `grudge`, itself included, in node order. Pure. */
export function reachable(grudge: Grudge, nodes: readonly string[], node: string): string[] {
  const dropped = new Set(grudge[node] ?? []);
  return nodes.filter((n) => n === node || !dropped.has(n));
}

/** True when every dropped pair is dropped both ways. Pure. */
export function isSymmetric(grudge: Grudge): boolean {
  return Object.entries(grudge).every(([a, bs]) => bs.every((b) => (grudge[b] ?? []).includes(a)));
}

/** The grudge made symmetric: whenever a drops b, b drops a too (lists in node order). Pure. */
export function symmetric(grudge: Grudge, nodes: readonly string[]): Grudge {
  const out: Record<string, string[]> = {};
  for (const a of nodes) {
    out[a] = nodes.filter((b) => (grudge[a] ?? []).includes(b) || (grudge[b] ?? []).includes(a));
  }
  return out;
}

/**
 * One direction of `grudge` (an asymmetric cut): of two nodes that drop each other, only the
 * one that drops more peers keeps dropping (the smaller side: an isolated node, a minority,
 * the primaries), ties going to the earlier node of `nodes`; the other still hears it. Drops
 * that were one-way already are kept. Pure.
 */
export function oneWay(grudge: Grudge, nodes: readonly string[]): Grudge {
  const size = (n: string): number => (grudge[n] ?? []).length;
  const wins = (a: string, b: string): boolean => size(a) > size(b) || (size(a) === size(b) && nodes.indexOf(a) < nodes.indexOf(b));
  const out: Record<string, string[]> = {};
  for (const a of nodes) out[a] = (grudge[a] ?? []).filter((b) => !(grudge[b] ?? []).includes(a) || wins(a, b));
  return out;
}

/**
 * Checks a grudge given from outside (an op's value): an object whose keys and list entries
 * are all in `nodes` and which never drops a node's own traffic. Returns an error message
 * quoting the first problem, or undefined when it is fine. Pure.
 */
export function grudgeProblem(value: unknown, nodes: readonly string[]): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `a grudge must be an object of node → nodes, got ${JSON.stringify(value)}`;
  const known = new Set(nodes);
  for (const [a, bs] of Object.entries(value as Record<string, unknown>)) {
    if (!known.has(a)) return `grudge names unknown node ${JSON.stringify(a)} (nodes: ${nodes.join(', ')})`;
    if (!Array.isArray(bs)) return `grudge entry for ${a} must be a list of nodes, got ${JSON.stringify(bs)}`;
    for (const b of bs) {
      if (typeof b !== 'string' || !known.has(b)) return `grudge entry for ${a} names unknown node ${JSON.stringify(b)}`;
      if (b === a) return `grudge entry for ${a} drops its own traffic`;
    }
  }
  return undefined;
}

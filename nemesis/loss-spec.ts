/**
 * Which links a `start-loss` op makes lossy, and how lossy: its value
 * `{ targets | pairs, probability, asymmetric, seed }` as a lossy grudge (node → the peers
 * whose packets it drops at random). Pure; random choices come from a {@link Random}.
 */
import type { Grudge } from './grudge.js';
import type { Random } from './random.js';
import { isTargetKind, selectTargets, TARGET_KINDS, type TargetSpec } from './targets.js';

/** The loss probability when an op gives none. */
export const DEFAULT_LOSS_PROBABILITY = 0.3;

/** A resolved `start-loss`: lossy links and the drop probability. */
export interface LossSpec {
  /** Node → peers whose packets it drops with {@link LossSpec.probability}. */
  grudge: Grudge;
  probability: number;
  /** The targets chosen (for `targets`), or the nodes named by `pairs`, in node order. */
  nodes: string[];
}

/** The probability in an op value: a number in (0, 1], default 0.3. Pure. @throws Error quoting a bad one */
export function probabilityOf(value: unknown): number {
  const p = (value as { probability?: unknown } | null)?.probability;
  if (p === undefined) return DEFAULT_LOSS_PROBABILITY;
  if (typeof p !== 'number' || !(p > 0 && p <= 1)) throw new Error(`loss probability must be a number in (0, 1], got ${JSON.stringify(p)}`);
  return p;
}

/** Links resolved from an op value's `{ targets | pairs, asymmetric }`. */
export interface ResolvedLinks {
  /** Node → the peers on whose links it acts (see {@link resolveLinks}). */
  grudge: Grudge;
  /** The targets chosen (for `targets`), or the nodes named by `pairs`, in node order. */
  nodes: string[];
  /** True when the links came from `targets` (every link of each target), false for `pairs`. */
  fromTargets: boolean;
}

/**
 * The links of an op value (shared by loss and the packet faults; `what` names the op in
 * errors). `targets` (a target kind or list, default `all`): every link between a target and
 * another node; `pairs` (`[[a, b], ...]`): each named link. Both ends act unless
 * `asymmetric: true`: then only the targets (or each pair's first node). `primaries` are the
 * system's (for the `primaries` kind). Pure apart from draws.
 * @throws Error quoting a bad value or an unknown node
 */
export function resolveLinks(value: unknown, nodes: readonly string[], random: Random, primaries: readonly string[] = [], what = 'loss'): ResolvedLinks {
  const v = (value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {}) as { targets?: unknown; pairs?: unknown; asymmetric?: unknown };
  const both = v.asymmetric !== true;
  const drops = new Map<string, Set<string>>(nodes.map((n) => [n, new Set<string>()]));
  const link = (a: string, b: string): void => {
    drops.get(a)!.add(b);
    if (both) drops.get(b)!.add(a);
  };
  let chosen: string[];
  if (v.pairs !== undefined) {
    if (v.targets !== undefined) throw new Error(`start-${what} takes targets or pairs, not both`);
    if (!Array.isArray(v.pairs) || !v.pairs.every((p) => Array.isArray(p) && p.length === 2 && p.every((x) => typeof x === 'string'))) {
      throw new Error(`${what} pairs must be a list of [node, node], got ${JSON.stringify(v.pairs)}`);
    }
    const pairs = v.pairs as [string, string][];
    for (const [a, b] of pairs) {
      for (const x of [a, b]) if (!nodes.includes(x)) throw new Error(`${what} pair names unknown node ${JSON.stringify(x)} (nodes: ${nodes.join(', ')})`);
      if (a === b) throw new Error(`${what} pair [${a}, ${b}] links a node to itself`);
      link(a, b);
    }
    chosen = nodes.filter((n) => pairs.some((p) => p.includes(n)));
  } else {
    const raw = v.targets ?? 'all';
    if (!isTargetKind(raw) && !(Array.isArray(raw) && raw.every((x) => typeof x === 'string'))) {
      throw new Error(`unknown ${what} targets ${JSON.stringify(raw)} (known: ${TARGET_KINDS.join(', ')}, or a list of nodes)`);
    }
    chosen = selectTargets(raw as TargetSpec, nodes, random, primaries);
    for (const a of chosen) for (const b of nodes) if (b !== a) link(a, b);
  }
  const grudge = Object.fromEntries(nodes.map((n) => [n, nodes.filter((m) => drops.get(n)!.has(m))]));
  return { grudge, nodes: chosen, fromTargets: v.pairs === undefined };
}

/**
 * The lossy grudge of an op value: {@link resolveLinks} (node → the peers whose packets it
 * drops at random; with `asymmetric: true` only incoming packets of the targets or each
 * pair's first node) and the probability. Pure apart from draws.
 * @throws Error quoting a bad value or an unknown node
 */
export function resolveLoss(value: unknown, nodes: readonly string[], random: Random, primaries: readonly string[] = []): LossSpec {
  if (value !== null && value !== undefined && (typeof value !== 'object' || Array.isArray(value))) throw new Error(`start-loss needs an object { targets | pairs, probability }, got ${JSON.stringify(value)}`);
  const probability = probabilityOf(value);
  const { grudge, nodes: chosen } = resolveLinks(value, nodes, random, primaries, 'loss');
  return { grudge, probability, nodes: chosen };
}

/**
 * Choosing which nodes a fault hits (kill, pause, ...): one, a minority, a majority, all,
 * the primaries, or an explicit list. Pure; random choices come from a {@link Random}.
 */
import { majority, shuffle, type Random } from './random.js';

/** The target kinds {@link selectTargets} knows besides an explicit list of nodes. */
export const TARGET_KINDS = ['one', 'minority', 'majority', 'minority-third', 'primaries', 'all'] as const;

/** One of {@link TARGET_KINDS}. */
export type TargetKind = (typeof TARGET_KINDS)[number];

/** A target kind, or an explicit list of node names. */
export type TargetSpec = TargetKind | readonly string[];

/** True when `x` names a kind in {@link TARGET_KINDS}. Pure. */
export function isTargetKind(x: unknown): x is TargetKind {
  return typeof x === 'string' && (TARGET_KINDS as readonly string[]).includes(x);
}

/**
 * How many nodes a kind hits among `n`: one → 1 (0 when n = 0); minority → the largest
 * minority, n − ⌊n/2⌋ − 1 (1 of 3, 2 of 5; 0 below 3); majority → ⌊n/2⌋ + 1 (capped at n);
 * minority-third → ⌈n/3⌉ − 1 (fewer than a third: 0 of 3, 1 of 4, 2 of 7); all → n.
 * Undefined for `primaries` (depends on the system). Pure.
 */
export function targetCount(kind: Exclude<TargetKind, 'primaries'>, n: number): number {
  switch (kind) {
    case 'one':
      return Math.min(1, n);
    case 'minority':
      return Math.max(0, n - majority(n));
    case 'majority':
      return Math.min(n, majority(n));
    case 'minority-third':
      return Math.max(0, Math.ceil(n / 3) - 1);
    case 'all':
      return n;
  }
}

/**
 * The nodes `spec` selects among `nodes`, in node order: a random set of
 * {@link targetCount} nodes for a kind, the given `primaries` (those among `nodes`) for
 * `primaries`, or the list itself (unknown names rejected). Pure apart from draws.
 * @throws Error naming an unknown node of an explicit list
 */
export function selectTargets(spec: TargetSpec, nodes: readonly string[], random: Random, primaries: readonly string[] = []): string[] {
  let chosen: readonly string[];
  if (typeof spec !== 'string') {
    const unknown = spec.find((n) => !nodes.includes(n));
    if (unknown !== undefined) throw new Error(`target ${JSON.stringify(unknown)} is not a node (nodes: ${nodes.join(', ')})`);
    chosen = spec;
  } else if (spec === 'primaries') {
    chosen = primaries;
  } else if (spec === 'all') {
    chosen = nodes;
  } else {
    chosen = shuffle(nodes, random).slice(0, targetCount(spec, nodes.length));
  }
  const set = new Set(chosen);
  return nodes.filter((n) => set.has(n));
}

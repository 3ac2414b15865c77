/**
 * Cycle anomaly types: the base shapes (G0 … G2-item), their `-process` and `-realtime`
 * variants, how a found cycle is classified by its edges, and which types imply which
 * (a G0 is also a G1c, a G-single also a G-nonadjacent, …).
 */
import { PROCESS, REALTIME, RW, WR } from './rels.js';

/** The base cycle shapes, most severe first. */
export const BASE_CYCLES = ['G0', 'G1c', 'G-single', 'G-nonadjacent', 'G2-item'] as const;
/** A base cycle shape. */
export type BaseCycle = (typeof BASE_CYCLES)[number];

/** One cycle type to search for: a base shape plus the order relation it needs (0: none). */
export interface CycleSpec {
  name: string;
  base: BaseCycle;
  /** {@link PROCESS}, {@link REALTIME} or 0. */
  extra: number;
}

/** Every cycle type in search order: all data-only shapes, then -process, then -realtime. */
export const CYCLE_SPECS: readonly CycleSpec[] = [
  ...BASE_CYCLES.map((base) => ({ name: base, base, extra: 0 })),
  ...BASE_CYCLES.map((base) => ({ name: `${base}-process`, base, extra: PROCESS })),
  ...BASE_CYCLES.map((base) => ({ name: `${base}-realtime`, base, extra: REALTIME })),
];

/** Every cycle type name. */
export const CYCLE_TYPES: readonly string[] = CYCLE_SPECS.map((s) => s.name);

/**
 * The type of a cycle from the relations its edges stand for (one per edge, in order): by its
 * rw edges G0 / G1c (none; G1c with a wr), G-single (one), G-nonadjacent (several, no two
 * adjacent, counting around the cycle) or G2-item; `-realtime` when it uses a realtime edge,
 * else `-process` when it uses a process edge. Pure.
 */
export function classifyCycle(rels: readonly number[]): string {
  let rw = 0;
  let wr = false;
  let process = false;
  let realtime = false;
  let adjacent = false;
  for (let i = 0; i < rels.length; i++) {
    const r = rels[i];
    if (r === RW) {
      rw++;
      if (rels[(i + 1) % rels.length] === RW) adjacent = true;
    } else if (r === WR) wr = true;
    else if (r === PROCESS) process = true;
    else if (r === REALTIME) realtime = true;
  }
  const base = rw === 0 ? (wr ? 'G1c' : 'G0') : rw === 1 ? 'G-single' : adjacent ? 'G2-item' : 'G-nonadjacent';
  return realtime ? `${base}-realtime` : process ? `${base}-process` : base;
}

/** Special case → the types it directly implies. */
const IMPLIES: Readonly<Record<string, readonly string[]>> = (() => {
  const out: Record<string, string[]> = {};
  const more: Record<BaseCycle, BaseCycle[]> = {
    G0: ['G1c'],
    G1c: [],
    'G-single': ['G-nonadjacent'],
    'G-nonadjacent': ['G2-item'],
    'G2-item': [],
  };
  for (const b of BASE_CYCLES) {
    out[b] = [...more[b], `${b}-process`];
    out[`${b}-process`] = [...more[b].map((m) => `${m}-process`), `${b}-realtime`];
    out[`${b}-realtime`] = more[b].map((m) => `${m}-realtime`);
  }
  return out;
})();

/** `types` and every type they imply, transitively. Pure. */
export function impliedTypes(types: Iterable<string>, extra: Readonly<Record<string, readonly string[]>> = {}): Set<string> {
  const out = new Set<string>();
  const todo = [...types];
  while (todo.length > 0) {
    const t = todo.pop() as string;
    if (out.has(t)) continue;
    out.add(t);
    for (const u of IMPLIES[t] ?? []) todo.push(u);
    for (const u of extra[t] ?? []) todo.push(u);
  }
  return out;
}

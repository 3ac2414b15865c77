/**
 * Finding one short cycle of a given type inside one strongly connected component: pick a
 * "pivot" edge a → b carrying the relation the type needs, then breadth-first search from b
 * back to a over (transaction, state) pairs, where the state tracks what the path has used so
 * far (rw edges 0/1/2+, whether the last edge was rw, whether a wr and the required order edge
 * were seen). The first path found that closes a cycle of the type is the shortest through
 * that pivot. Work is bounded: a few pivots and a budget of visited states per search.
 */
import type { CycleSpec } from './cycle-types.js';
import type { Graph } from './graph.js';
import { PROCESS, REALTIME, RW, WR, WW } from './rels.js';
import { stronglyConnected, type SccWorkspace } from './scc.js';

/** A cycle: transactions t0 … tn-1 and the relation of each edge ti → ti+1 (mod n). */
export interface FoundCycle {
  nodes: number[];
  rels: number[];
}

/** Limits of one search. */
export interface SearchBudget {
  /** Pivot edges tried at most. */
  pivots: number;
  /** (transaction, state) pairs visited at most, over all pivots. */
  states: number;
}

/** Relations a path may use, and the relation the pivot must carry, for a spec. */
function relationsOf(spec: CycleSpec): { path: number; pivot: number; minRw: number; maxRw: number } {
  const order = spec.extra === REALTIME ? PROCESS | REALTIME : spec.extra;
  switch (spec.base) {
    case 'G0':
      return { path: WW | order, pivot: spec.extra || WW, minRw: 0, maxRw: 0 };
    case 'G1c':
      return { path: WW | WR | order, pivot: spec.extra || WR, minRw: 0, maxRw: 0 };
    case 'G-single':
      return { path: WW | WR | RW | order, pivot: spec.extra || RW, minRw: 1, maxRw: 1 };
    default:
      return { path: WW | WR | RW | order, pivot: spec.extra || RW, minRw: 2, maxRw: 2 };
  }
}

// State bits: rw count (2 bits, 0..2), last edge rw, wr seen, required order edge seen, first edge rw.
const LAST_RW = 4;
const HAS_WR = 8;
const HAS_REQ = 16;
const FIRST_RW = 32;
const STATES = 64;

/**
 * Looks for a cycle of type `spec` among `nodes` (one SCC of `g`; `member[v] === memberId`
 * marks them). Returns the cycle, `null` when there is none, or `'budget'` when the budget ran
 * out first.
 */
export function findCycle(
  g: Graph,
  ws: SccWorkspace,
  nodes: readonly number[],
  member: Int32Array,
  memberId: number,
  sub: Int32Array,
  nextSubId: { value: number },
  spec: CycleSpec,
  budget: SearchBudget,
): FoundCycle | null | 'budget' {
  const R = relationsOf(spec);
  const mask = R.path | R.pivot;
  const comps = stronglyConnected(g, ws, nodes, mask, member, memberId);
  if (comps.length === 0) return null;
  let states = budget.states;
  let pivots = budget.pivots;
  let exhausted = false;
  for (const comp of comps) {
    const id = nextSubId.value++;
    for (const v of comp) sub[v] = id;
    for (const a of comp) {
      for (let p = g.start[a]; p < g.start[a + 1]; p++) {
        const b = g.to[p];
        if (sub[b] !== id) continue;
        const prel = pickPivot(g.rel[p], R.pivot);
        if (prel === 0) continue;
        if (pivots-- <= 0) return 'budget';
        const r = bfs(g, sub, id, a, b, prel, spec, R, states);
        states = r.left;
        if (r.cycle) return r.cycle;
        if (states <= 0) {
          exhausted = true;
          break;
        }
      }
      if (exhausted) break;
    }
    if (exhausted) return 'budget';
  }
  return null;
}

function pickPivot(mask: number, pivot: number): number {
  const m = mask & pivot;
  if (m & RW) return RW;
  if (m & WR) return WR;
  if (m & WW) return WW;
  if (m & REALTIME) return REALTIME;
  if (m & PROCESS) return PROCESS;
  return 0;
}

const SINGLE_RELS = [WW, WR, PROCESS, REALTIME, RW];

function initialState(prel: number, spec: CycleSpec): number {
  let s = 0;
  if (prel === RW) s |= 1 | LAST_RW | FIRST_RW;
  if (prel === WR) s |= HAS_WR;
  if (spec.extra !== 0 && prel === spec.extra) s |= HAS_REQ;
  return s;
}

/** The state after an edge of relation `x`, or -1 when the spec does not allow it there. */
function step(s: number, x: number, spec: CycleSpec, maxRw: number): number {
  const rw = s & 3;
  if (x === RW) {
    if (rw >= maxRw && maxRw < 2) return -1;
    if (spec.base === 'G-nonadjacent' && (s & LAST_RW) !== 0) return -1;
    return (s & ~3 & ~LAST_RW) | Math.min(2, rw + 1) | LAST_RW;
  }
  let t = s & ~LAST_RW;
  if (x === WR) t |= HAS_WR;
  if (spec.extra !== 0 && x === spec.extra) t |= HAS_REQ;
  return t;
}

function accepts(s: number, spec: CycleSpec, minRw: number): boolean {
  if ((s & 3) < minRw) return false;
  if (spec.extra !== 0 && (s & HAS_REQ) === 0) return false;
  if (spec.base === 'G1c' && (s & HAS_WR) === 0) return false;
  if (spec.base === 'G-nonadjacent' && (s & LAST_RW) !== 0 && (s & FIRST_RW) !== 0) return false;
  return true;
}

function bfs(
  g: Graph,
  sub: Int32Array,
  id: number,
  a: number,
  b: number,
  prel: number,
  spec: CycleSpec,
  R: { path: number; minRw: number; maxRw: number },
  budget: number,
): { cycle: FoundCycle | null; left: number } {
  // parent: code → parent code * 32 + relation; code = node * STATES + state.
  const parent = new Map<number, number>();
  const s0 = initialState(prel, spec);
  const start = b * STATES + s0;
  parent.set(start, -1);
  let queue = [start];
  let left = budget;
  while (queue.length > 0 && left > 0) {
    const next: number[] = [];
    for (const code of queue) {
      const v = Math.floor(code / STATES);
      const s = code % STATES;
      if (v === a && accepts(s, spec, R.minRw)) return { cycle: rebuild(parent, code, a, prel), left };
      if (v === a) continue;
      for (let p = g.start[v]; p < g.start[v + 1]; p++) {
        const w = g.to[p];
        if (sub[w] !== id) continue;
        const m = g.rel[p] & R.path;
        if (m === 0) continue;
        for (const x of SINGLE_RELS) {
          if ((m & x) === 0) continue;
          const t = step(s, x, spec, R.maxRw);
          if (t < 0) continue;
          const c = w * STATES + t;
          if (parent.has(c)) continue;
          parent.set(c, code * 32 + x);
          next.push(c);
          left--;
        }
      }
    }
    queue = next;
  }
  return { cycle: null, left };
}

function rebuild(parent: Map<number, number>, end: number, a: number, prel: number): FoundCycle {
  const nodes: number[] = [];
  const rels: number[] = [];
  let code = end;
  for (;;) {
    const pc = parent.get(code) as number;
    if (pc < 0) break;
    const from = Math.floor(pc / 32);
    rels.push(pc % 32);
    nodes.push(Math.floor(from / STATES));
    code = from;
  }
  // nodes/rels are now: [v_{k-1} … b] with rels[i] the edge nodes[i] → (node after it).
  nodes.reverse();
  rels.reverse();
  return { nodes: [a, ...nodes], rels: [prel, ...rels] };
}

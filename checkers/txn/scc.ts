/**
 * Strongly connected components (Tarjan, iterative, typed arrays), over the whole graph or over
 * a subset of its nodes and relations. Only components of two or more nodes are returned: the
 * graph has no self-edges, so those are exactly the ones holding cycles.
 */
import type { Graph } from './graph.js';

/** Reusable per-node scratch arrays, reset after each use for the nodes touched. */
export class SccWorkspace {
  readonly index: Int32Array;
  readonly low: Int32Array;
  readonly onStack: Uint8Array;
  readonly stack: Int32Array;
  readonly callNode: Int32Array;
  readonly callPtr: Int32Array;
  constructor(n: number) {
    this.index = new Int32Array(n).fill(-1);
    this.low = new Int32Array(n);
    this.onStack = new Uint8Array(n);
    this.stack = new Int32Array(n);
    this.callNode = new Int32Array(n);
    this.callPtr = new Int32Array(n);
  }
}

/**
 * The non-trivial SCCs of `g` restricted to `nodes` and to edges whose relation bits meet
 * `mask`. With `member`, a node w counts only when `member[w] === memberId`.
 */
export function stronglyConnected(
  g: Graph,
  ws: SccWorkspace,
  nodes: ArrayLike<number>,
  mask: number,
  member: Int32Array | null = null,
  memberId = 0,
): number[][] {
  const { start, to, rel } = g;
  const { index, low, onStack, stack, callNode, callPtr } = ws;
  const out: number[][] = [];
  let counter = 0;
  let sp = 0;
  for (let r = 0; r < nodes.length; r++) {
    const root = nodes[r];
    if (index[root] !== -1) continue;
    let cp = 0;
    callNode[cp] = root;
    callPtr[cp++] = start[root];
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (cp > 0) {
      const v = callNode[cp - 1];
      let p = callPtr[cp - 1];
      const end = start[v + 1];
      let descended = false;
      for (; p < end; p++) {
        if ((rel[p] & mask) === 0) continue;
        const w = to[p];
        if (member !== null && member[w] !== memberId) continue;
        if (index[w] === -1) {
          callPtr[cp - 1] = p + 1;
          callNode[cp] = w;
          callPtr[cp++] = start[w];
          index[w] = low[w] = counter++;
          stack[sp++] = w;
          onStack[w] = 1;
          descended = true;
          break;
        }
        if (onStack[w] === 1 && index[w] < low[v]) low[v] = index[w];
      }
      if (descended) continue;
      cp--;
      if (low[v] === index[v]) {
        const first = stack[sp - 1];
        if (first === v) {
          sp--;
          onStack[v] = 0;
        } else {
          const comp: number[] = [];
          let w: number;
          do {
            w = stack[--sp];
            onStack[w] = 0;
            comp.push(w);
          } while (w !== v);
          out.push(comp);
        }
      }
      if (cp > 0) {
        const parent = callNode[cp - 1];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
    }
  }
  for (let r = 0; r < nodes.length; r++) index[nodes[r]] = -1;
  return out;
}

/**
 * The nodes that can lie on a cycle of `g` (all edges): what remains after repeatedly removing
 * nodes with no incoming edge from a remaining node (Kahn's topological sort). Empty when `g`
 * is acyclic. A remaining node's successors all remain too, so a search from these nodes never
 * leaves them. Linear, and cheaper than Tarjan on the mostly acyclic graphs of real histories.
 */
export function cyclicCandidates(g: Graph): Int32Array {
  const { n, start, to } = g;
  const indeg = new Int32Array(n);
  for (let p = 0; p < to.length; p++) indeg[to[p]]++;
  // `queue` holds removed nodes in removal order; afterwards it is reused for the rest.
  const queue = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (indeg[v] === 0) queue[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    for (let p = start[v], end = start[v + 1]; p < end; p++) if (--indeg[to[p]] === 0) queue[tail++] = to[p];
  }
  if (tail === n) return new Int32Array(0);
  let k = 0;
  for (let v = 0; v < n; v++) if (indeg[v] > 0) queue[k++] = v;
  return queue.subarray(0, k);
}

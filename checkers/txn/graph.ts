/**
 * The transaction graph: edges collected in growable typed arrays, then packed into compressed
 * sparse rows with one entry per (source, target) pair holding the union of its relations.
 */

/** Collects edges (source, target, relation bits). Self-edges are dropped. */
export class EdgeBuilder {
  private src: Int32Array;
  private dst: Int32Array;
  private rel: Uint8Array;
  /** Edges added so far. */
  length = 0;

  /** @param capacity expected edges (growing past it copies by 1.5×) */
  constructor(capacity = 1024) {
    const c = Math.max(1024, capacity);
    this.src = new Int32Array(c);
    this.dst = new Int32Array(c);
    this.rel = new Uint8Array(c);
  }

  /** Adds `a → b` with relation bits `r` (ignored when a = b or either is negative). */
  add(a: number, b: number, r: number): void {
    if (a === b || a < 0 || b < 0) return;
    if (this.length === this.src.length) this.grow();
    this.src[this.length] = a;
    this.dst[this.length] = b;
    this.rel[this.length] = r;
    this.length++;
  }

  private grow(): void {
    const n = Math.ceil(this.src.length * 1.5);
    const s = new Int32Array(n);
    s.set(this.src);
    this.src = s;
    const d = new Int32Array(n);
    d.set(this.dst);
    this.dst = d;
    const r = new Uint8Array(n);
    r.set(this.rel);
    this.rel = r;
  }

  /** Packs the edges over nodes 0..n-1 into a {@link Graph}, merging parallel edges. */
  build(n: number): Graph {
    const start = new Int32Array(n + 1);
    for (let i = 0; i < this.length; i++) start[this.src[i] + 1]++;
    for (let i = 0; i < n; i++) start[i + 1] += start[i];
    const fill = start.slice(0, n);
    const to = new Int32Array(this.length);
    const rels = new Uint8Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const p = fill[this.src[i]]++;
      to[p] = this.dst[i];
      rels[p] = this.rel[i];
    }
    // Merge parallel edges in place: seen[target] = where that target sits in this row.
    const seen = new Int32Array(n).fill(-1);
    const out = new Int32Array(n + 1);
    let w = 0;
    for (let u = 0; u < n; u++) {
      const rowStart = w;
      for (let p = start[u]; p < start[u + 1]; p++) {
        const v = to[p];
        const at = seen[v];
        if (at >= rowStart) {
          rels[at] |= rels[p];
        } else {
          seen[v] = w;
          to[w] = v;
          rels[w] = rels[p];
          w++;
        }
      }
      out[u + 1] = w;
    }
    return { n, start: out, to: to.subarray(0, w), rel: rels.subarray(0, w) };
  }
}

/** Compressed sparse rows: node u's edges are `to[start[u] .. start[u+1])`, with `rel` bits. */
export interface Graph {
  n: number;
  start: Int32Array;
  to: Int32Array;
  rel: Uint8Array;
}

/** The relation bits of edge a → b, 0 when there is none. Linear in a's out-degree. */
export function edgeRel(g: Graph, a: number, b: number): number {
  for (let p = g.start[a]; p < g.start[a + 1]; p++) if (g.to[p] === b) return g.rel[p];
  return 0;
}

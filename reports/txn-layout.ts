/**
 * Geometry of a small dependency graph drawn as inline SVG in report.html: transactions as
 * ellipses evenly spaced on a circle (the first at the top, then clockwise), each edge a
 * quadratic curve bowing outwards (a 2-cycle's two edges bow to opposite sides), ending in an
 * arrowhead on the target's rim, its label just outside the curve's middle. Pure: numbers in,
 * numbers and path strings out; no DOM, so it is unit-tested in Node and run in the viewer.
 */

/** One edge to lay out: from node index `from` to node index `to`, with its label lines. */
export interface LayoutEdgeInput {
  from: number;
  to: number;
  /** Label lines (e.g. the relation, then key and value); widths are estimated from lengths. */
  lines: readonly string[];
}

/** A placed node: its centre and half-axes. */
export interface PlacedNode {
  x: number;
  y: number;
  rx: number;
  ry: number;
}

/** A placed edge: the curve, its arrowhead and where its label goes. */
export interface PlacedEdge {
  /** SVG path data: `M sx sy Q cx cy ex ey`, ending at the arrowhead's base. */
  path: string;
  /** The arrowhead: three points (tip first), as an SVG `points` string. */
  arrow: string;
  /** The arrow's tip (on the target node's rim). */
  tip: { x: number; y: number };
  /** The label: x of its anchor, y of the top of its first line, and its SVG `text-anchor`. */
  label: { x: number; y: number; anchor: 'start' | 'middle' | 'end' };
}

/** The whole drawing: a viewBox that holds every node, curve and label. */
export interface GraphLayout {
  /** `minX minY width height`. */
  viewBox: string;
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

/** Half-axes of a node ellipse. */
export const NODE_RX = 38;
export const NODE_RY = 22;
/** Arrowhead length and half-width. */
const ARROW_LEN = 9;
const ARROW_HALF = 4.5;
/** Estimated width of one label character and the height of a label line (11 px text). */
export const CHAR_W = 6.4;
export const LINE_H = 13;
const MARGIN = 8;

const r1 = (v: number): number => Math.round(v * 10) / 10 + 0; // + 0: no -0 in the output

/** The circle's radius for `n` nodes: room for about 170 px of curve and label per node. */
export function ringRadius(n: number): number {
  return n <= 1 ? 0 : n === 2 ? 95 : Math.max(100, (n * 170) / (2 * Math.PI));
}

/** The point where the ray from an ellipse's centre along (dx, dy) leaves it. */
function rim(n: PlacedNode, dx: number, dy: number): { x: number; y: number } {
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const t = 1 / Math.sqrt((ux / n.rx) ** 2 + (uy / n.ry) ** 2);
  return { x: n.x + ux * t, y: n.y + uy * t };
}

/** Lays out `count` nodes and `edges` between them. Pure. */
export function layoutGraph(count: number, edges: readonly LayoutEdgeInput[]): GraphLayout {
  const R = ringRadius(count);
  const nodes: PlacedNode[] = [];
  for (let k = 0; k < count; k++) {
    const a = -Math.PI / 2 + (2 * Math.PI * k) / Math.max(1, count);
    nodes.push({ x: r1(R * Math.cos(a)), y: r1(R * Math.sin(a)), rx: NODE_RX, ry: NODE_RY });
  }
  const box = { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  const grow = (x: number, y: number): void => {
    box.x0 = Math.min(box.x0, x);
    box.y0 = Math.min(box.y0, y);
    box.x1 = Math.max(box.x1, x);
    box.y1 = Math.max(box.y1, y);
  };
  for (const n of nodes) {
    grow(n.x - n.rx, n.y - n.ry);
    grow(n.x + n.rx, n.y + n.ry);
  }
  const placed = edges.map((e) => placeEdge(nodes, e, grow));
  if (!Number.isFinite(box.x0)) grow(0, 0);
  const x0 = Math.floor(box.x0 - MARGIN);
  const y0 = Math.floor(box.y0 - MARGIN);
  const width = Math.ceil(box.x1 + MARGIN) - x0;
  const height = Math.ceil(box.y1 + MARGIN) - y0;
  return { viewBox: `${x0} ${y0} ${width} ${height}`, width, height, nodes, edges: placed };
}

/** Places one edge (a loop above the node when `from === to`), growing the bounding box. */
function placeEdge(nodes: readonly PlacedNode[], e: LayoutEdgeInput, grow: (x: number, y: number) => void): PlacedEdge {
  const a = nodes[e.from];
  const b = nodes[e.to];
  let cx: number;
  let cy: number;
  let nx: number;
  let ny: number;
  if (e.from === e.to) {
    // a self-loop (not a cycle the checker reports, but drawable): a curve over the node
    nx = 0;
    ny = -1;
    cx = a.x + 0.001;
    cy = a.y - a.ry - 46;
  } else {
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const len = Math.hypot(dx, dy) || 1;
    // left-hand normal of the direction of travel: outwards for clockwise edges on the ring,
    // and opposite sides for the two edges of a 2-cycle
    nx = dy / len;
    ny = -dx / len;
    if (nodes.length > 2) {
      const mx = (a.x + b.x) / 2;
      const my = (a.y + b.y) / 2;
      if (nx * mx + ny * my < 0) {
        nx = -nx;
        ny = -ny;
      }
    }
    const bow = nodes.length === 2 ? 0.38 * len : Math.min(40, 0.18 * len);
    cx = (a.x + b.x) / 2 + nx * bow;
    cy = (a.y + b.y) / 2 + ny * bow;
  }
  const s = e.from === e.to ? rim(a, -0.6, -1) : rim(a, cx - a.x, cy - a.y);
  const tip = e.from === e.to ? rim(b, 0.6, -1) : rim(b, cx - b.x, cy - b.y);
  // the arrowhead points along the curve's end tangent (control point → tip)
  const tx = tip.x - cx;
  const ty = tip.y - cy;
  const tl = Math.hypot(tx, ty) || 1;
  const ux = tx / tl;
  const uy = ty / tl;
  const base = { x: tip.x - ux * ARROW_LEN, y: tip.y - uy * ARROW_LEN };
  const p1 = { x: base.x - uy * ARROW_HALF, y: base.y + ux * ARROW_HALF };
  const p2 = { x: base.x + uy * ARROW_HALF, y: base.y - ux * ARROW_HALF };
  // the label: at the curve's midpoint (t = 1/2), pushed a little further outwards
  const mx = 0.25 * s.x + 0.5 * cx + 0.25 * base.x + nx * 8;
  const my = 0.25 * s.y + 0.5 * cy + 0.25 * base.y + ny * 8;
  const anchor: PlacedEdge['label']['anchor'] = nx > 0.35 ? 'start' : nx < -0.35 ? 'end' : 'middle';
  const w = Math.max(0, ...e.lines.map((l) => l.length)) * CHAR_W;
  const h = e.lines.length * LINE_H;
  // lines grow downwards from the anchor when the label sits below the curve, upwards above it
  const top = ny >= 0.35 ? my : ny <= -0.35 ? my - h : my - h / 2;
  const left = anchor === 'start' ? mx : anchor === 'end' ? mx - w : mx - w / 2;
  grow(left, top);
  grow(left + w, top + h);
  grow(s.x, s.y);
  grow(cx, cy);
  for (const p of [tip, p1, p2]) grow(p.x, p.y);
  return {
    path: `M ${r1(s.x)} ${r1(s.y)} Q ${r1(cx)} ${r1(cy)} ${r1(base.x)} ${r1(base.y)}`,
    arrow: [tip, p1, p2].map((p) => `${r1(p.x)},${r1(p.y)}`).join(' '),
    tip: { x: r1(tip.x), y: r1(tip.y) },
    label: { x: r1(mx), y: r1(top), anchor },
  };
}

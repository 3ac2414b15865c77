import { describe, expect, it } from 'vitest';
import { CHAR_W, layoutGraph, LINE_H, ringRadius, type GraphLayout, type PlacedNode } from '../../reports/txn-layout.js';

const ring = (n: number) => Array.from({ length: n }, (_, k) => ({ from: k, to: (k + 1) % n, lines: ['rw', `key ${k} · value ${k + 1}`] }));
const nums = (s: string): number[] => (s.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
/** How far (x, y) is from the rim of ellipse `n`: 1 on the rim, < 1 inside. */
const onRim = (n: PlacedNode, x: number, y: number): number => Math.hypot((x - n.x) / n.rx, (y - n.y) / n.ry);
const box = (g: GraphLayout) => {
  const [x, y, w, h] = nums(g.viewBox);
  return { x0: x, y0: y, x1: x + w, y1: y + h };
};

describe('layoutGraph', () => {
  it('puts the nodes evenly on a circle, the first at the top, then clockwise', () => {
    for (const n of [2, 3, 5, 8, 24]) {
      const g = layoutGraph(n, ring(n));
      const R = ringRadius(n);
      for (const p of g.nodes) expect(Math.hypot(p.x, p.y)).toBeCloseTo(R, 0);
      expect(g.nodes[0].x).toBeCloseTo(0, 5);
      expect(g.nodes[0].y).toBeCloseTo(-R, 0);
      if (n > 2) expect(g.nodes[1].x).toBeGreaterThan(0); // clockwise on screen (y grows down)
      const gaps = g.nodes.map((p, k) => Math.hypot(p.x - g.nodes[(k + 1) % n].x, p.y - g.nodes[(k + 1) % n].y));
      for (const d of gaps) expect(d).toBeCloseTo(gaps[0], 0);
      if (n > 2) expect(gaps[0]).toBeGreaterThan(2 * g.nodes[0].rx + 40); // room between nodes for a curve
    }
  });

  it('starts each edge on its source rim and ends its arrow tip on its target rim', () => {
    for (const n of [2, 3, 6]) {
      const edges = ring(n);
      const g = layoutGraph(n, edges);
      g.edges.forEach((e, k) => {
        const [sx, sy] = nums(e.path);
        expect(onRim(g.nodes[edges[k].from], sx, sy)).toBeCloseTo(1, 1);
        expect(onRim(g.nodes[edges[k].to], e.tip.x, e.tip.y)).toBeCloseTo(1, 1);
        const [tx, ty] = nums(e.arrow);
        expect([tx, ty]).toEqual([e.tip.x, e.tip.y]); // the arrow's first point is its tip
        expect(nums(e.arrow)).toHaveLength(6);
        expect(e.path).toMatch(/^M -?[\d.]+ -?[\d.]+ Q -?[\d.]+ -?[\d.]+ -?[\d.]+ -?[\d.]+$/);
      });
    }
  });

  it('bows the two edges of a 2-cycle to opposite sides, and ring edges outwards', () => {
    const two = layoutGraph(2, ring(2));
    const ctrl = two.edges.map((e) => nums(e.path).slice(2, 4));
    expect(Math.sign(ctrl[0][0])).toBe(-Math.sign(ctrl[1][0])); // nodes stacked vertically: one curve left, one right
    expect(Math.abs(ctrl[0][0])).toBeGreaterThan(20);
    const g = layoutGraph(5, ring(5));
    g.edges.forEach((e, k) => {
      const a = g.nodes[k];
      const b = g.nodes[(k + 1) % 5];
      const [cx, cy] = nums(e.path).slice(2, 4);
      expect(Math.hypot(cx, cy)).toBeGreaterThan(Math.hypot((a.x + b.x) / 2, (a.y + b.y) / 2)); // outwards
      expect(Math.hypot(e.label.x, e.label.y)).toBeGreaterThan(Math.hypot((a.x + b.x) / 2, (a.y + b.y) / 2)); // label outside the chord
    });
  });

  it('returns a viewBox holding every node and every label', () => {
    for (const n of [1, 2, 3, 7, 16]) {
      const edges = ring(n);
      const g = layoutGraph(n, edges);
      const b = box(g);
      expect(g.width).toBe(b.x1 - b.x0);
      expect(g.height).toBe(b.y1 - b.y0);
      for (const p of g.nodes) {
        expect(p.x - p.rx).toBeGreaterThanOrEqual(b.x0);
        expect(p.x + p.rx).toBeLessThanOrEqual(b.x1);
        expect(p.y - p.ry).toBeGreaterThanOrEqual(b.y0);
        expect(p.y + p.ry).toBeLessThanOrEqual(b.y1);
      }
      g.edges.forEach((e, k) => {
        const w = Math.max(...edges[k].lines.map((l) => l.length)) * CHAR_W;
        const left = e.label.anchor === 'start' ? e.label.x : e.label.anchor === 'end' ? e.label.x - w : e.label.x - w / 2;
        expect(left).toBeGreaterThanOrEqual(b.x0);
        expect(left + w).toBeLessThanOrEqual(b.x1);
        expect(e.label.y).toBeGreaterThanOrEqual(b.y0);
        expect(e.label.y + edges[k].lines.length * LINE_H).toBeLessThanOrEqual(b.y1);
        for (const v of [...nums(e.path), ...nums(e.arrow)]) expect(Number.isFinite(v)).toBe(true);
      });
    }
  });

  it('is deterministic and draws a lone node (and even a self-loop) without NaN', () => {
    expect(layoutGraph(4, ring(4))).toEqual(layoutGraph(4, ring(4)));
    const one = layoutGraph(1, [{ from: 0, to: 0, lines: ['ww'] }]);
    expect(one.nodes).toEqual([{ x: 0, y: 0, rx: one.nodes[0].rx, ry: one.nodes[0].ry }]);
    expect(`${one.viewBox} ${one.edges[0].path} ${one.edges[0].arrow}`).not.toMatch(/NaN|Infinity/);
    expect(layoutGraph(0, []).viewBox).not.toMatch(/NaN|Infinity/);
  });
});

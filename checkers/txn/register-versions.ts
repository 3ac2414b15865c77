/**
 * rw-register: a cycle in one key's inferred version order (x < y < … < x), found by a
 * depth-first search over the values.
 */

/** One cycle of the version edges `x → y` (as the values on it), or null when there is none. Pure. */
export function cyclicVersions(edges: readonly (readonly [unknown, unknown])[]): unknown[] | null {
  if (edges.length < 2) return null;
  const next = new Map<unknown, unknown[]>();
  for (const [x, y] of edges) {
    const l = next.get(x);
    if (l) l.push(y);
    else next.set(x, [y]);
  }
  const colour = new Map<unknown, number>(); // 1 on the path, 2 done
  for (const root of next.keys()) {
    if (colour.has(root)) continue;
    const path: unknown[] = [root];
    const iters: number[] = [0];
    colour.set(root, 1);
    while (path.length > 0) {
      const v = path[path.length - 1];
      const out = next.get(v) ?? [];
      const i = iters[iters.length - 1]++;
      if (i >= out.length) {
        colour.set(v, 2);
        path.pop();
        iters.pop();
        continue;
      }
      const w = out[i];
      const c = colour.get(w);
      if (c === 1) return path.slice(path.indexOf(w));
      if (c === undefined) {
        colour.set(w, 1);
        path.push(w);
        iters.push(0);
      }
    }
  }
  return null;
}

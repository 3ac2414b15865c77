/** DOM helpers. Data only ever reaches the page as text nodes (never innerHTML). */

/** A child accepted by {@link el} and {@link append}. */
export type Child = Node | string | number | null | undefined | false | Child[];

/** Properties {@link el} may set: any element property except innerHTML/outerHTML, plus `dataset` and `style` (a string). */
export type Attrs = Record<string, unknown> & { innerHTML?: never; outerHTML?: never };

/** Appends children (nodes, strings, numbers, nested arrays; null/false skipped) to `node`. */
export function append<N extends Node>(node: N, children: Child): N {
  if (children === undefined || children === null || children === false) return node;
  if (Array.isArray(children)) {
    for (const c of children) append(node, c);
    return node;
  }
  node.appendChild(typeof children === 'object' ? children : document.createTextNode(String(children)));
  return node;
}

/** Creates an element with properties `attrs` and `children` (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, children?: Child): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (k === 'innerHTML' || k === 'outerHTML') throw new Error(`${k} is not allowed`);
    if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k === 'style') node.setAttribute('style', String(v));
    else (node as unknown as Record<string, unknown>)[k] = v;
  }
  return append(node, children ?? null);
}

/** A card section: heading, optional controls on the right, body. */
export function card(title: string, controls: Child, body: Child, id?: string): HTMLElement {
  return el('section', { className: 'card', ...(id ? { id } : {}) }, [
    el('div', { className: 'card-head' }, [el('h2', null, title), controls ? el('div', { className: 'controls' }, controls) : null]),
    body,
  ]);
}

/** A legend entry: a colour swatch and a label. */
export function swatch(color: string, label: string): HTMLElement {
  return el('span', null, [el('i', { className: 'swatch', style: `background:${color}` }), label]);
}

/** A collapsed block: `summary` always visible, `body` on click. */
export function collapsed(summary: Child, body: Child, open = false, className = 'more'): HTMLDetailsElement {
  return el('details', { className, open }, [el('summary', null, summary), body]);
}

type RangeListener = (min: number, max: number) => void;

/**
 * The visible time range (s) shared by the timeline and the charts. `set` ignores repeats, so
 * views that echo the range back do not loop.
 */
export const range = {
  min: null as number | null,
  max: null as number | null,
  listeners: [] as RangeListener[],
  on(fn: RangeListener): void {
    this.listeners.push(fn);
  },
  set(min: number, max: number, source?: RangeListener): void {
    const eps = Math.max(1e-9, Math.abs(max - min) * 1e-6);
    if (this.min !== null && this.max !== null && Math.abs(min - this.min) < eps && Math.abs(max - this.max) < eps) return;
    this.min = min;
    this.max = max;
    for (const fn of this.listeners) if (fn !== source) fn(min, max);
  },
};

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Creates an SVG element: `attrs` become attributes (numbers and fixed strings only: data
 * never goes into an attribute here), `children` are elements or text nodes.
 */
export function svg(tag: string, attrs?: Record<string, string | number> | null, children?: Child): SVGElement {
  const node = document.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, String(v));
  return append(node, children ?? null);
}

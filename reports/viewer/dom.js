/* faultline report viewer: DOM helpers. Data only ever reaches the page as text nodes. */
(function (FL) {
  'use strict';

  /**
   * Creates an element. `attrs` sets properties such as className, title or onclick (never
   * innerHTML); strings and numbers among `children` become text nodes; null/false are skipped.
   */
  FL.el = function (tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === 'innerHTML') throw new Error('innerHTML is not allowed');
        if (k === 'dataset') Object.assign(node.dataset, attrs[k]);
        else if (k === 'style') node.setAttribute('style', attrs[k]);
        else node[k] = attrs[k];
      });
    }
    FL.append(node, children);
    return node;
  };

  /** Appends children (nodes, strings, numbers, nested arrays) to `node`. */
  FL.append = function (node, children) {
    if (children === undefined || children === null || children === false) return node;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (c) {
      if (c === undefined || c === null || c === false) return;
      if (Array.isArray(c)) FL.append(node, c);
      else if (typeof c === 'object' && c.nodeType) node.appendChild(c);
      else node.appendChild(document.createTextNode(String(c)));
    });
    return node;
  };

  /** A card section with a heading, optional controls on the right, and a body. */
  FL.card = function (title, controls, body) {
    return FL.el('section', { className: 'card' }, [
      FL.el('div', { className: 'card-head' }, [FL.el('h2', null, title), controls ? FL.el('div', { className: 'controls' }, controls) : null]),
      body,
    ]);
  };

  /** A legend entry: a colour swatch and a label. */
  FL.swatch = function (color, label) {
    return FL.el('span', null, [FL.el('i', { className: 'swatch', style: 'background:' + color }), label]);
  };

  /**
   * A tiny event bus for the visible time range (seconds), shared by the timeline and charts.
   * `set` ignores repeats, so views that echo the range back do not loop.
   */
  FL.range = {
    min: null,
    max: null,
    listeners: [],
    on: function (fn) { this.listeners.push(fn); },
    set: function (min, max, source) {
      var eps = Math.max(1e-9, Math.abs(max - min) * 1e-6);
      if (this.min !== null && Math.abs(min - this.min) < eps && Math.abs(max - this.max) < eps) return;
      this.min = min;
      this.max = max;
      this.listeners.forEach(function (fn) { if (fn !== source) fn(min, max); });
    },
  };
})(window.FL = window.FL || {});

/* faultline report viewer: the timeline's interactions (hover, pan, zoom, jump to an op) and its card. */
(function (FL) {
  'use strict';
  var el = FL.el;
  var P = FL.Timeline.prototype;

  /** The drawn op under the pointer, or -1. */
  P.opAt = function (px, py) {
    var p = this.plot();
    var row = Math.floor((py - p.top) / this.rowH);
    if (row < 0 || row >= this.rows || px < p.left || px > p.right) return -1;
    var ms = this.msAt(px);
    var tol = (3 * (this.x1 - this.x0)) / p.width;
    var best = -1;
    var list = this.byRow[row];
    for (var k = 0; k < list.length; k++) {
      var i = list[k];
      var e = this.t.e[i] < 0 ? this.durMs : this.t.e[i];
      if (this.t.s[i] - tol <= ms && ms <= e + tol && (best < 0 || this.t.s[i] > this.t.s[best])) best = i;
    }
    return best;
  };

  P.showTip = function (i, px, py) {
    if (i < 0) { this.tip.hidden = true; return; }
    var t = this.t;
    var outcome = FL.OUTCOMES[t.t[i]];
    var lat = t.e[i] < 0 ? 'never completed' : FL.ms(t.e[i] - t.s[i]);
    this.tip.replaceChildren(
      el('div', null, el('strong', null, 'p' + t.processes[t.p[i]] + ' · ' + t.fs[t.f[i]] + ' · ' + outcome)),
      el('div', null, lat + ' · #' + t.i[i] + ' at ' + FL.seconds(t.s[i] / 1000, 0.05)),
      t.v[i] ? el('div', { className: 'mono' }, t.v[i]) : null
    );
    this.tip.hidden = false;
    var left = Math.min(px + 14, this.width - this.tip.offsetWidth - 4);
    this.tip.style.left = Math.max(0, left) + 'px';
    this.tip.style.top = py + 16 + 'px';
  };

  P.listen = function () {
    var self = this;
    var c = this.canvas;
    var drag = null;
    var pos = function (e) { var r = c.getBoundingClientRect(); return { x: e.clientX - r.left, y: e.clientY - r.top }; };
    c.addEventListener('wheel', function (e) {
      e.preventDefault();
      self.zoom(e.deltaY > 0 ? 1.25 : 0.8, self.msAt(pos(e).x));
    }, { passive: false });
    c.addEventListener('mousedown', function (e) { drag = { x: pos(e).x, x0: self.x0, x1: self.x1 }; c.classList.add('dragging'); });
    window.addEventListener('mouseup', function () { drag = null; c.classList.remove('dragging'); });
    c.addEventListener('mousemove', function (e) {
      var q = pos(e);
      if (!drag) { self.showTip(self.opAt(q.x, q.y), q.x, q.y); return; }
      self.tip.hidden = true;
      var span = drag.x1 - drag.x0;
      var shift = ((q.x - drag.x) / self.plot().width) * span;
      var x0 = Math.max(0, Math.min(self.durMs - span, drag.x0 - shift));
      self.setRange(x0 / 1000, (x0 + span) / 1000, true);
    });
    c.addEventListener('mouseleave', function () { self.tip.hidden = true; });
    c.addEventListener('dblclick', function () { self.setRange(0, self.durMs / 1000, true); });
  };

  /** Centres the view on the drawn op invoked at history index `index` and outlines it. */
  P.showIndex = function (index) {
    var i = this.t.i.indexOf(index);
    if (i < 0) return;
    this.highlight = i;
    var e = this.t.e[i] < 0 ? this.durMs : this.t.e[i];
    var span = Math.min(this.durMs, Math.max((e - this.t.s[i]) * 8, this.durMs / 20));
    var x0 = Math.max(0, Math.min(this.durMs - span, (this.t.s[i] + e) / 2 - span / 2));
    this.setRange(x0 / 1000, (x0 + span) / 1000, true);
    this.wrap.scrollIntoView({ behavior: 'smooth', block: 'center' });
  };

  function legend(data) {
    var kinds = {};
    data.perf.nemesis.intervals.forEach(function (iv) { kinds[iv.f] = (kinds[iv.f] || 0) + 1; });
    var items = ['ok', 'fail', 'info', 'open'].map(function (o) {
      return FL.swatch(FL.OUTCOME_COLORS[o], o === 'open' ? 'never completed' : o);
    });
    Object.keys(kinds).forEach(function (f) { items.push(FL.swatch(FL.nemesisColor(f, 0.35), FL.faultName(f) + ' ×' + kinds[f])); });
    if (data.timeline.marks.length) items.push(FL.swatch(FL.OUTCOME_COLORS.fail, 'op a checker could not place'));
    return el('div', { className: 'legend' }, items);
  }

  /** The timeline card; returns `{card, timeline}` (the timeline is sized once in the page). */
  FL.renderTimeline = function (data) {
    var t = data.timeline;
    if (!t.rows.length) return { card: FL.card('Timeline', null, el('div', { className: 'empty' }, 'No client operations.')), timeline: null };
    var tl = new FL.Timeline(data);
    var label = el('span', { className: 'muted' });
    tl.label = label;
    var controls = [
      label,
      el('button', { type: 'button', title: 'Zoom out', onclick: function () { tl.zoom(1.6, (tl.x0 + tl.x1) / 2); } }, '−'),
      el('button', { type: 'button', title: 'Zoom in', onclick: function () { tl.zoom(0.625, (tl.x0 + tl.x1) / 2); } }, '+'),
      el('button', { type: 'button', onclick: function () { tl.setRange(0, tl.durMs / 1000, true); } }, 'Reset'),
    ];
    var sampled = t.s.length < t.total
      ? 'Showing ' + FL.int(t.s.length) + ' of ' + FL.int(t.total) + ' ops (evenly spaced in history order; ops named by a checker always shown). '
      : 'Showing all ' + FL.int(t.total) + ' ops. ';
    if (t.rows.length < t.processes.length) sampled += 'Processes that never overlap share a row (a client whose op timed out or crashed continues as a new process). ';
    var note = el('div', { className: 'note' }, sampled + 'Scroll to zoom, drag to pan, double-click to reset; hover an op for details. Fault intervals are shaded.');
    return { card: FL.card('Timeline', controls, [legend(data), tl.wrap, note]), timeline: tl };
  };
})(window.FL = window.FL || {});

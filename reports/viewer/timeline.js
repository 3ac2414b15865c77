/* faultline report viewer: the timeline of ops per process on a canvas, with pan and zoom. */
(function (FL) {
  'use strict';
  var el = FL.el;
  var AXIS = 26;
  var PAD_R = 12;

  /** A canvas timeline: rows = processes, bars = ops (invoke → completion), fault bands behind. */
  function Timeline(data) {
    var t = data.timeline;
    this.t = t;
    this.marks = t.marks;
    this.intervals = data.perf.nemesis.intervals;
    this.instants = data.perf.nemesis.instants;
    this.durMs = Math.max(data.perf.durationS * 1000, 1e-3);
    this.rows = t.rows.length;
    this.rowH = Math.max(2, Math.min(18, Math.floor(440 / Math.max(1, this.rows))));
    this.x0 = 0;
    this.x1 = this.durMs;
    this.byCode = [[], [], [], []];
    this.byRow = t.rows.map(function () { return []; });
    this.row = new Int32Array(t.s.length);
    for (var i = 0; i < t.s.length; i++) {
      this.row[i] = t.rowOf[t.p[i]];
      this.byCode[t.t[i]].push(i);
      this.byRow[this.row[i]].push(i);
    }
    this.canvas = el('canvas', { role: 'img', ariaLabel: 'Timeline of operations per process' });
    this.tip = el('div', { className: 'tip', hidden: true });
    this.wrap = el('div', { className: 'timeline-wrap' }, [this.canvas, this.tip]);
    this.highlight = -1;
    this.onRange = this.setRange.bind(this);
    FL.range.on(this.onRange);
    this.listen();
  }
  var P = Timeline.prototype;

  P.plot = function () {
    var w = this.width;
    return { left: this.gutter, top: AXIS, right: w - PAD_R, bottom: AXIS + this.rows * this.rowH, width: w - this.gutter - PAD_R };
  };
  P.X = function (ms) { var p = this.plot(); return p.left + ((ms - this.x0) / (this.x1 - this.x0)) * p.width; };
  P.msAt = function (px) { var p = this.plot(); return this.x0 + ((px - p.left) / p.width) * (this.x1 - this.x0); };

  /** Sizes the canvas to its container and redraws. */
  P.resize = function () {
    var dpr = window.devicePixelRatio || 1;
    this.width = Math.max(300, this.wrap.clientWidth);
    this.height = AXIS + this.rows * this.rowH + 8;
    this.canvas.width = Math.round(this.width * dpr);
    this.canvas.height = Math.round(this.height * dpr);
    this.canvas.style.height = this.height + 'px';
    this.dpr = dpr;
    var ctx = this.canvas.getContext('2d');
    ctx.font = '11px system-ui, sans-serif';
    var widest = this.t.rows.reduce(function (w, r) { return Math.max(w, ctx.measureText(r).width); }, 0);
    this.gutter = Math.min(140, Math.max(44, Math.ceil(widest) + 16));
    this.draw();
  };

  P.drawBands = function (ctx, p) {
    var self = this;
    this.intervals.forEach(function (iv) {
      var xs = Math.max(p.left, self.X(iv.start * 1000));
      var xe = Math.min(p.right, self.X((iv.end === null ? self.durMs / 1000 : iv.end) * 1000));
      if (xe < p.left || xs > p.right) return;
      ctx.fillStyle = FL.nemesisColor(iv.f);
      ctx.fillRect(xs, p.top, Math.max(1, xe - xs), p.bottom - p.top);
    });
    this.instants.forEach(function (it) {
      ctx.fillStyle = FL.nemesisColor(it.f, 0.6);
      ctx.fillRect(self.X(it.time * 1000), p.top, 1, p.bottom - p.top);
    });
  };

  P.drawOps = function (ctx, p) {
    var t = this.t;
    var h = this.rowH > 5 ? this.rowH - 3 : Math.max(1, this.rowH - 1);
    var pad = this.rowH > 5 ? 1.5 : 0;
    for (var code = 0; code < 4; code++) {
      ctx.fillStyle = FL.OUTCOME_COLORS[FL.OUTCOMES[code]];
      var list = this.byCode[code];
      for (var k = 0; k < list.length; k++) {
        var i = list[k];
        var s = t.s[i];
        var e = t.e[i] < 0 ? this.durMs : t.e[i];
        if (e < this.x0 || s > this.x1) continue;
        var xs = this.X(s);
        ctx.fillRect(xs, p.top + this.row[i] * this.rowH + pad, Math.max(1, this.X(e) - xs), h);
      }
    }
  };

  P.drawMarks = function (ctx, p) {
    var self = this;
    ctx.strokeStyle = FL.OUTCOME_COLORS.fail;
    ctx.fillStyle = FL.OUTCOME_COLORS.fail;
    ctx.lineWidth = 1.5;
    this.marks.forEach(function (m) {
      var x = self.X(m.time);
      if (x < p.left || x > p.right) return;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(x, p.top);
      ctx.lineTo(x, p.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      var y = p.top + m.row * self.rowH + self.rowH / 2;
      ctx.beginPath();
      ctx.moveTo(x, y);
      ctx.lineTo(x - 6, y - 7);
      ctx.lineTo(x + 6, y - 7);
      ctx.fill();
    });
    if (this.highlight >= 0) {
      var i = this.highlight;
      var xs = this.X(this.t.s[i]);
      var xe = this.X(this.t.e[i] < 0 ? this.durMs : this.t.e[i]);
      ctx.strokeStyle = '#1f2328';
      ctx.lineWidth = 2;
      ctx.strokeRect(xs - 2, p.top + this.row[i] * this.rowH - 1, Math.max(1, xe - xs) + 4, this.rowH + 2);
    }
  };

  P.drawAxes = function (ctx, p) {
    var self = this;
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = '#59636e';
    ctx.strokeStyle = 'rgba(31,35,40,0.08)';
    ctx.lineWidth = 1;
    var span = (this.x1 - this.x0) / 1000;
    FL.ticks(this.x0 / 1000, this.x1 / 1000, Math.max(2, Math.floor(p.width / 110))).forEach(function (s) {
      var x = Math.round(self.X(s * 1000)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, p.top - 4);
      ctx.lineTo(x, p.bottom);
      ctx.stroke();
      ctx.textAlign = 'center';
      ctx.fillText(FL.seconds(s, span), x, AXIS / 2);
    });
    ctx.textAlign = 'right';
    var every = Math.ceil(12 / this.rowH);
    for (var r = 0; r < this.rows; r += every) {
      ctx.fillText(this.t.rows[r], this.gutter - 8, p.top + r * this.rowH + this.rowH / 2);
    }
    ctx.strokeStyle = '#d1d9e0';
    ctx.strokeRect(p.left + 0.5, p.top + 0.5, p.width - 1, p.bottom - p.top);
  };

  /** Redraws everything for the current range. */
  P.draw = function () {
    var ctx = this.canvas.getContext('2d');
    var p = this.plot();
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, this.width, this.height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(p.left, p.top, p.width, p.bottom - p.top);
    ctx.clip();
    this.drawBands(ctx, p);
    this.drawOps(ctx, p);
    this.drawMarks(ctx, p);
    ctx.restore();
    this.drawAxes(ctx, p);
  };

  /** Shows `[min, max]` seconds; tells the other views unless the change came from them. */
  P.setRange = function (min, max, local) {
    this.x0 = Math.max(0, min * 1000);
    this.x1 = Math.min(this.durMs, max * 1000);
    if (!(this.x1 > this.x0)) { this.x0 = 0; this.x1 = this.durMs; }
    this.draw();
    if (this.label) this.label.textContent = FL.seconds(this.x0 / 1000, (this.x1 - this.x0) / 1000) + ' – ' + FL.seconds(this.x1 / 1000, (this.x1 - this.x0) / 1000);
    if (local) FL.range.set(this.x0 / 1000, this.x1 / 1000, this.onRange);
  };

  /** Zooms by `factor` (< 1 zooms in) around `center` ms. */
  P.zoom = function (factor, center) {
    var span = this.x1 - this.x0;
    var next = Math.min(this.durMs, Math.max(this.durMs * 1e-5, span * factor));
    var x0 = center - ((center - this.x0) * next) / span;
    x0 = Math.max(0, Math.min(this.durMs - next, x0));
    this.setRange(x0 / 1000, (x0 + next) / 1000, true);
  };

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
      el('div', null, lat + ' · #' + t.i[i] + ' at ' + FL.seconds(t.s[i] / 1000, 1)),
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
    var span = Math.min(this.durMs, Math.max((e - this.t.s[i]) * 6, this.durMs / 40));
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
    var tl = new Timeline(data);
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

/* faultline report viewer: the timeline of ops per process on a canvas, with pan and zoom. */
(function (FL) {
  'use strict';
  var el = FL.el;
  var AXIS = 26;
  var PAD_R = 12;
  var LANE = 18;
  var CLOCK_ROW = 13;
  var LEADER_ROW = 14;

  /** A canvas timeline: rows = processes, bars = ops (invoke → completion), fault bands behind. */
  function Timeline(data) {
    var t = data.timeline;
    this.t = t;
    this.marks = t.marks;
    this.intervals = data.perf.nemesis.intervals;
    this.instants = data.perf.nemesis.instants;
    this.durMs = Math.max(data.perf.durationS * 1000, 1e-3);
    this.rows = t.rows.length;
    this.lane = this.intervals.length || this.instants.length ? LANE : 0;
    this.leaders = data.leaders || null;
    this.leaderH = this.leaders ? LEADER_ROW + 4 : 0;
    this.clock = data.clock || null;
    this.clockH = this.clock ? this.clock.nodes.length * CLOCK_ROW + 4 : 0;
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
    var top = AXIS + this.lane + this.leaderH + this.clockH;
    return { left: this.gutter, top: top, right: w - PAD_R, bottom: top + this.rows * this.rowH, width: w - this.gutter - PAD_R };
  };
  P.X = function (ms) { var p = this.plot(); return p.left + ((ms - this.x0) / (this.x1 - this.x0)) * p.width; };
  P.msAt = function (px) { var p = this.plot(); return this.x0 + ((px - p.left) / p.width) * (this.x1 - this.x0); };

  /** Sizes the canvas to its container and redraws. */
  P.resize = function () {
    var dpr = window.devicePixelRatio || 1;
    this.width = Math.max(300, this.wrap.clientWidth);
    this.height = AXIS + this.lane + this.leaderH + this.clockH + this.rows * this.rowH + 8;
    this.canvas.width = Math.round(this.width * dpr);
    this.canvas.height = Math.round(this.height * dpr);
    this.canvas.style.height = this.height + 'px';
    this.dpr = dpr;
    var ctx = this.canvas.getContext('2d');
    ctx.font = '11px system-ui, sans-serif';
    var widest = this.t.rows.concat(this.clock ? ['clock ' + this.clock.nodes.join('')] : []).reduce(function (w, r) { return Math.max(w, ctx.measureText(r).width); }, 0);
    this.gutter = Math.min(140, Math.max(44, Math.ceil(widest) + 16));
    this.draw();
  };

  /** Calls `fn(x0, x1, f)` for each fault interval in view (pixels, clipped to the plot). */
  P.eachInterval = function (p, fn) {
    var self = this;
    this.intervals.forEach(function (iv) {
      var xs = Math.max(p.left, self.X(iv.start * 1000));
      var xe = Math.min(p.right, self.X((iv.end === null ? self.durMs / 1000 : iv.end) * 1000));
      if (xe >= p.left && xs <= p.right) fn(xs, Math.max(xs + 1, xe), iv);
    });
  };

  /** Fault intervals shaded behind the rows. */
  P.drawBands = function (ctx, p) {
    this.eachInterval(p, function (xs, xe, iv) {
      ctx.fillStyle = FL.nemesisColor(iv.f);
      ctx.fillRect(xs, p.top, xe - xs, p.bottom - p.top);
    });
  };

  /** The fault lane above the rows (named bars), and fault edges drawn over the ops. */
  P.drawFaults = function (ctx, p) {
    var self = this;
    var y = AXIS + 2;
    ctx.font = '10.5px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    this.eachInterval(p, function (xs, xe, iv) {
      ctx.fillStyle = FL.nemesisColor(iv.f, 0.5);
      ctx.fillRect(xs, y, xe - xs, LANE - 5);
      ctx.fillStyle = FL.nemesisColor(iv.f, 0.9);
      ctx.fillRect(xs, p.top, 1, p.bottom - p.top);
      ctx.fillRect(xe - 1, p.top, 1, p.bottom - p.top);
      var name = FL.faultName(iv.f);
      if (xe - xs > ctx.measureText(name).width + 8) {
        ctx.fillStyle = '#1f2328';
        ctx.fillText(name, xs + 4, y + (LANE - 5) / 2);
      }
    });
    this.instants.forEach(function (it) {
      var x = self.X(it.time * 1000);
      if (x < p.left || x > p.right) return;
      ctx.fillStyle = FL.nemesisColor(it.f, 0.9);
      ctx.fillRect(x - 1, y, 2, p.bottom - y);
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
    if (this.lane) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(p.left, AXIS, p.width, p.bottom - AXIS);
      ctx.clip();
      this.drawFaults(ctx, p);
      ctx.restore();
      ctx.fillStyle = '#59636e';
      ctx.textAlign = 'right';
      ctx.fillText('faults', this.gutter - 8, AXIS + LANE / 2);
    }
    if (this.leaders) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(p.left, AXIS + this.lane, p.width, this.leaderH);
      ctx.clip();
      FL.drawLeaderLane(this, ctx, p, AXIS + this.lane + 2, LEADER_ROW);
      ctx.restore();
      ctx.font = '10.5px system-ui, sans-serif';
      ctx.fillStyle = '#59636e';
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      ctx.fillText('leader', this.gutter - 8, AXIS + this.lane + 2 + (LEADER_ROW - 2) / 2);
    }
    if (this.clock) {
      ctx.save();
      ctx.beginPath();
      ctx.rect(p.left, AXIS + this.lane + this.leaderH, p.width, this.clockH);
      ctx.clip();
      FL.drawClockLane(this, ctx, p, AXIS + this.lane + this.leaderH + 2, CLOCK_ROW);
      ctx.restore();
      ctx.font = '10.5px system-ui, sans-serif';
      ctx.fillStyle = '#59636e';
      ctx.textAlign = 'right';
      ctx.textBaseline = 'middle';
      var top = AXIS + this.lane + this.leaderH + 2;
      this.clock.nodes.forEach(function (n, r) { ctx.fillText('clock ' + n, this.gutter - 8, top + r * CLOCK_ROW + (CLOCK_ROW - 2) / 2); }, this);
    }
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

  FL.Timeline = Timeline;
})(window.FL = window.FL || {});

/* faultline report viewer: the clock lane of the timeline (per-node clock offsets under clock faults). */
(function (FL) {
  'use strict';

  /** Colour of a clock offset: warm ahead, cool behind, stronger the larger (against the run's largest). */
  function offsetColor(off, max) {
    var a = 0.15 + 0.6 * Math.min(1, Math.abs(off) / Math.max(1, max));
    return off > 0 ? 'rgba(207,102,0,' + a.toFixed(2) + ')' : 'rgba(9,105,218,' + a.toFixed(2) + ')';
  }

  /** `+93 s`, `-1.5 s`, `+2 min`: an offset in ms, short. */
  function offsetText(off) {
    var s = Math.abs(off) / 1000;
    var t = s >= 120 ? +(s / 60).toFixed(1) + ' min' : +s.toFixed(s >= 10 ? 0 : 1) + ' s';
    return (off < 0 ? '−' : '+') + t;
  }

  /**
   * Draws `timeline.clock` (report-data's clock lane) in rows of `rowH` px from `top`: each
   * node's offset held from its step to the next, strobes hatched at their period.
   */
  FL.drawClockLane = function (timeline, ctx, p, top, rowH) {
    var self = timeline;
    var c = timeline.clock;
    var CLOCK_ROW = rowH;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    c.nodes.forEach(function (node, r) {
      var y = top + r * CLOCK_ROW;
      for (var k = 0; k < c.steps.length; k++) {
        var off = c.steps[k].offsets[node] || 0;
        if (off === 0) continue;
        var xs = Math.max(p.left, self.X(c.steps[k].time));
        var xe = Math.min(p.right, self.X(k + 1 < c.steps.length ? c.steps[k + 1].time : self.durMs));
        if (xe <= p.left || xs >= p.right) continue;
        ctx.fillStyle = offsetColor(off, c.maxAbsMs);
        ctx.fillRect(xs, y, Math.max(1, xe - xs), CLOCK_ROW - 2);
        var label = offsetText(off);
        if (xe - xs > ctx.measureText(label).width + 6) {
          ctx.fillStyle = '#1f2328';
          ctx.textAlign = 'left';
          ctx.fillText(label, xs + 3, y + (CLOCK_ROW - 2) / 2);
        }
      }
      c.strobes.forEach(function (st) {
        if (st.targets.indexOf(node) < 0) return;
        var xs = Math.max(p.left, self.X(st.start));
        var xe = Math.min(p.right, self.X(st.end));
        if (xe <= xs) return;
        var step = Math.max(2, self.X(st.start + Math.max(1, st.periodMs)) - self.X(st.start));
        ctx.fillStyle = offsetColor(st.deltaMs, c.maxAbsMs);
        for (var x = self.X(st.start), i = 0; x < xe; x += step, i++) {
          if (i % 2 === 0 && x + step > xs) ctx.fillRect(Math.max(xs, x), y, Math.min(step, xe - Math.max(xs, x)), CLOCK_ROW - 2);
        }
        var label = 'strobe ' + offsetText(st.deltaMs);
        if (xe - xs > ctx.measureText(label).width + 6) {
          ctx.fillStyle = '#1f2328';
          ctx.textAlign = 'left';
          ctx.fillText(label, xs + 3, y + (CLOCK_ROW - 2) / 2);
        }
      });
    });
  };


  FL.offsetText = offsetText;
})(window.FL = window.FL || {});

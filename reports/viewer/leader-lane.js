/* faultline report viewer: the leader lane of the timeline (which nodes led, from the leader probe). */
(function (FL) {
  'use strict';

  var PALETTE = ['130,80,223', '9,105,218', '26,127,55', '191,135,0', '207,34,46', '0,140,140', '150,150,30'];

  /** Colour of a leader set: one hue per node that ever led (by first leadership), grey for none. */
  function leaderColor(lane, leaders, alpha) {
    if (!leaders.length) return 'rgba(140,149,159,' + (alpha * 0.5).toFixed(2) + ')';
    var i = lane.nodes.indexOf(leaders[0]);
    return 'rgba(' + PALETTE[(i < 0 ? 0 : i) % PALETTE.length] + ',' + alpha + ')';
  }

  /**
   * Draws `timeline.leaders` (report-data's leader lane) as one row of `rowH` px from `top`:
   * each leadership held from its step to the next, named when there is room; changes ticked.
   */
  FL.drawLeaderLane = function (timeline, ctx, p, top, rowH) {
    var self = timeline;
    var lane = timeline.leaders;
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    for (var k = 0; k < lane.steps.length; k++) {
      var st = lane.steps[k];
      var xs = Math.max(p.left, self.X(st.time));
      var xe = Math.min(p.right, self.X(k + 1 < lane.steps.length ? lane.steps[k + 1].time : self.durMs));
      if (xe <= p.left || xs >= p.right) continue;
      ctx.fillStyle = leaderColor(lane, st.leaders, 0.45);
      ctx.fillRect(xs, top, Math.max(1, xe - xs), rowH - 2);
      ctx.fillStyle = leaderColor(lane, st.leaders, 0.95);
      ctx.fillRect(xs, top, 1.5, rowH - 2);
      var label = st.leaders.length ? st.leaders.join(', ') : 'none';
      if (xe - xs > ctx.measureText(label).width + 6) {
        ctx.fillStyle = '#1f2328';
        ctx.fillText(label, xs + 4, top + (rowH - 2) / 2);
      }
    }
  };
})(window.FL = window.FL || {});

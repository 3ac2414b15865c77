/* faultline report viewer: reads the embedded run data and builds the page. */
(function (FL) {
  'use strict';
  var el = FL.el;

  function footer(data) {
    var m = data.meta;
    return el('footer', null, [
      'Drawn by faultline ' + m.reportBy + ' on ' + FL.date(m.generatedAt),
      m.runDir ? ' from ' + m.runDir : '',
      ' · charts by uPlot',
    ]);
  }

  function start() {
    var app = document.getElementById('app');
    try {
      var data = JSON.parse(document.getElementById('faultline-data').textContent);
      var charts = [];
      var tl = FL.renderTimeline(data);
      var showMark = function (index) { if (tl.timeline) tl.timeline.showIndex(index); };
      app.replaceChildren(
        FL.renderHeader(data),
        FL.renderVerdict(data),
        FL.renderCheckers(data, showMark),
        tl.card
      );
      var streams = FL.renderStreamViews(data, showMark);
      if (streams) app.insertBefore(streams, tl.card);
      FL.append(app, FL.renderCharts(data, charts));
      FL.append(app, [FL.renderTable(data), footer(data)]);
      if (tl.timeline) {
        tl.timeline.resize();
        tl.timeline.setRange(0, tl.timeline.durMs / 1000, false);
        window.addEventListener('resize', function () { tl.timeline.resize(); });
      }
      FL.mountCharts(charts);
    } catch (err) {
      app.replaceChildren(el('section', { className: 'card' }, [el('h2', null, 'This report could not be shown'), el('pre', null, String((err && err.stack) || err))]));
      throw err;
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})(window.FL = window.FL || {});

/* faultline report viewer: latency and throughput over time (uPlot), with fault bands. */
(function (FL) {
  'use strict';
  var el = FL.el;
  var DASH = { ok: [], fail: [6, 4], info: [2, 3] };

  /** A uPlot hook that shades fault intervals (and marks instants) behind the series. */
  function bandsHook(data) {
    var nem = data.perf.nemesis;
    var end = data.perf.durationS;
    return function (u) {
      var ctx = u.ctx;
      var b = u.bbox;
      ctx.save();
      nem.intervals.forEach(function (iv) {
        var x0 = Math.max(b.left, u.valToPos(iv.start, 'x', true));
        var x1 = Math.min(b.left + b.width, u.valToPos(iv.end === null ? end : iv.end, 'x', true));
        if (x1 <= x0) return;
        ctx.fillStyle = FL.nemesisColor(iv.f);
        ctx.fillRect(x0, b.top, x1 - x0, b.height);
      });
      nem.instants.forEach(function (it) {
        var x = u.valToPos(it.time, 'x', true);
        if (x < b.left || x > b.left + b.width) return;
        ctx.fillStyle = FL.nemesisColor(it.f, 0.6);
        ctx.fillRect(x, b.top, Math.max(1, u.pxRatio), b.height);
      });
      ctx.restore();
    };
  }

  /** Bucket midpoints, s: each bucket's value is drawn at its middle. */
  function xs(perf) {
    return perf.bucketStarts.map(function (s) { return s + perf.bucketS / 2; });
  }

  function baseOpts(data, width, yLabel, log, fmt) {
    var end = data.perf.durationS;
    return {
      width: width,
      height: 260,
      scales: { x: { time: false }, y: log ? { distr: 3 } : {} },
      axes: [
        { label: 'seconds since start', size: 40, values: function (u, vals) { return vals.map(function (v) { return v === null || v === undefined ? '' : String(+v.toPrecision(6)); }); } },
        { label: yLabel, size: 64, values: function (u, vals) { return vals.map(function (v) { return v === null || v === undefined ? '' : fmt(v); }); } },
      ],
      cursor: {
        sync: { key: 'faultline' },
        drag: { x: true, y: false },
        // Double-click shows the whole run (not just the buckets' middles).
        bind: { dblclick: function (u) { return function () { u.setScale('x', { min: 0, max: end }); return null; }; } },
      },
      legend: { live: true },
      hooks: {
        drawClear: [bandsHook(data)],
        setScale: [function (u, key) {
          if (key === 'x' && !u.__quiet && u.scales.x.min !== null && u.scales.x.min !== undefined) FL.range.set(u.scales.x.min, u.scales.x.max, u.__onRange);
        }],
      },
    };
  }

  /** Creates a chart showing the shared range (else the whole run, `end` s) and follows it. */
  function mount(opts, series, values, host, end) {
    opts.series = [{ label: 't (s)', value: function (u, v) { return v === null || v === undefined ? '—' : v.toFixed(2) + ' s'; } }].concat(series);
    var u = new uPlot(opts, values, host);
    u.setScale('x', FL.range.min === null ? { min: 0, max: end } : { min: FL.range.min, max: FL.range.max });
    u.__onRange = function (min, max) { u.setScale('x', { min: min, max: max }); };
    FL.range.on(u.__onRange);
    return u;
  }

  /** Latency chart: one line per f, for the chosen quantile; log scale. */
  function latencyCard(data, charts) {
    var perf = data.perf;
    var fs = Object.keys(perf.latencyOverTime.byF);
    var host = el('div', { className: 'chart' });
    if (!fs.length) return FL.card('Latency over time', null, el('div', { className: 'empty' }, 'No completed client operations.'));
    var quantile = el('select', { ariaLabel: 'Quantile' }, ['p50', 'p95', 'p99', 'max'].map(function (q) { return el('option', { value: q, selected: q === 'p95' }, q); }));
    var series = function () {
      return fs.map(function (f) {
        return perf.latencyOverTime.byF[f][quantile.value].map(function (v) { return v !== null && v > 0 ? v : null; });
      });
    };
    var positive = series().some(function (s) { return s.some(function (v) { return v !== null; }); });
    var draw = function (width) {
      var opts = baseOpts(data, width, 'ms', positive, function (v) { return String(+v.toPrecision(3)); });
      var ys = series();
      return mount(opts, fs.map(function (f, i) {
        var filled = ys[i].filter(function (v) { return v !== null; }).length;
        var sparse = filled < ys[i].length / 2;
        return { label: f, stroke: FL.palette(i), width: 1.6, spanGaps: true, points: sparse ? { show: true, size: 5, fill: FL.palette(i) } : { show: false }, value: function (u, v) { return FL.ms(v); } };
      }), [xs(perf)].concat(ys), host, perf.durationS);
    };
    charts.push({
      host: host,
      draw: draw,
      update: function (u) {
        var x = { min: u.scales.x.min, max: u.scales.x.max };
        u.__quiet = true;
        u.setData([xs(perf)].concat(series()));
        u.__quiet = false;
        u.setScale('x', x);
      },
    });
    var entry = charts[charts.length - 1];
    quantile.onchange = function () { entry.update(entry.u); };
    return FL.card('Latency over time', [el('span', { className: 'muted' }, 'quantile of ops invoked in each ' + FL.duration(perf.bucketS) + ' bucket'), quantile], host);
  }

  /** Throughput chart: completions per second, one line per f and outcome. */
  function throughputCard(data, charts) {
    var perf = data.perf;
    var host = el('div', { className: 'chart' });
    var fs = Object.keys(perf.throughput.byF);
    if (!fs.length) return FL.card('Throughput over time', null, el('div', { className: 'empty' }, 'No completed client operations.'));
    var series = [];
    var values = [xs(perf)];
    fs.forEach(function (f, i) {
      ['ok', 'fail', 'info'].forEach(function (o) {
        var ys = perf.throughput.byF[f][o];
        if (!ys) return;
        series.push({ label: f + ' ' + o, stroke: FL.palette(i), dash: DASH[o], width: o === 'ok' ? 1.6 : 1.3, points: { show: false }, value: function (u, v) { return v === null || v === undefined ? '—' : (+v.toPrecision(3)) + '/s'; } });
        values.push(ys);
      });
    });
    charts.push({
      host: host,
      draw: function (width) { return mount(baseOpts(data, width, 'ops/s', false, function (v) { return String(+v.toPrecision(4)); }), series, values, host, perf.durationS); },
    });
    return FL.card('Throughput over time', [el('span', { className: 'muted' }, 'completions per second; solid ok, dashed fail, dotted info')], host);
  }

  /** The two chart cards; `charts` collects `{host, draw}` for {@link FL.mountCharts}. */
  FL.renderCharts = function (data, charts) {
    return [latencyCard(data, charts), throughputCard(data, charts)];
  };

  /** Draws the charts once their hosts are in the page, and keeps them as wide as their cards. */
  FL.mountCharts = function (charts) {
    charts.forEach(function (c) { c.u = c.draw(c.host.clientWidth); });
    window.addEventListener('resize', function () {
      charts.forEach(function (c) { c.u.setSize({ width: c.host.clientWidth, height: 260 }); });
    });
  };
})(window.FL = window.FL || {});

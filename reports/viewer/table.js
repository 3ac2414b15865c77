/* faultline report viewer: the per-f table of counts and latency quantiles. */
(function (FL) {
  'use strict';
  var el = FL.el;

  function row(name, c, q, cls) {
    var cell = function (v, k) { return el('td', k && v > 0 ? { className: 'c-' + k } : null, FL.int(v)); };
    return el('tr', cls ? { className: cls } : null, [
      el('td', null, name),
      cell(c.invoke), cell(c.ok), cell(c.fail, 'fail'), cell(c.info, 'info'), cell(c.open, 'info'),
      el('td', null, FL.ms(q && q.p50)), el('td', null, FL.ms(q && q.p95)), el('td', null, FL.ms(q && q.p99)), el('td', null, FL.ms(q && q.max)),
    ]);
  }

  /** Counts and latency quantiles (invoke → completion, all outcomes) for each f, then all ops. */
  FL.renderTable = function (data) {
    var perf = data.perf;
    var fs = Object.keys(perf.counts.byF);
    if (!fs.length) return FL.card('Operations by f', null, el('div', { className: 'empty' }, 'No client operations.'));
    var head = ['f', 'invoked', 'ok', 'fail', 'info', 'open', 'p50', 'p95', 'p99', 'max'];
    var outcomes = ['ok', 'fail', 'info'].filter(function (o) { return perf.latency.byOutcome[o]; }).map(function (o) {
      var q = perf.latency.byOutcome[o];
      return el('span', null, o + ': p50 ' + FL.ms(q.p50) + ', p99 ' + FL.ms(q.p99) + ', max ' + FL.ms(q.max));
    });
    return FL.card('Operations by f', null, [
      el('div', { className: 'table-wrap' }, el('table', { className: 'stats' }, [
        el('thead', null, el('tr', null, head.map(function (h) { return el('th', null, h); }))),
        el('tbody', null, fs.map(function (f) { return row(f, perf.counts.byF[f], perf.latency.byF[f]); })
          .concat([row('all', perf.counts, perf.latency.all, 'total')])),
      ])),
      el('div', { className: 'note' }, ['Latency = invoke → completion; open = never completed (not in the quantiles). By outcome — ', outcomes.length ? outcomes.map(function (s, i) { return [i ? ' · ' : '', s]; }) : 'none']),
    ]);
  };
})(window.FL = window.FL || {});

/* faultline report viewer: per-key offset views of stream anomalies (report-data's `streams`). */
(function (FL) {
  'use strict';
  var el = FL.el;
  // inline styles keep this view's look in this file (viewer.css is shared)
  var LEFT = 'text-align: left; white-space: normal; vertical-align: top;';
  var MARKED = 'background: #fff5f5; font-weight: 600;';

  function opText(o) {
    return 'p' + o.process + ' op ' + o.index + (o.type === 'ok' ? '' : ' (' + o.type + ')');
  }

  /** A cell: each op as "value by pN op I", values of the anomaly highlighted. */
  function cell(ops, more, values, showMark) {
    var parts = ops.map(function (o) {
      var hot = values.indexOf(o.value) >= 0;
      return el('div', { className: 'stream-op' }, [
        el('span', hot ? { className: 'chip' } : null, String(o.value)),
        ' ',
        showMark ? el('a', { href: '#', className: 'stream-link', onclick: function (e) { e.preventDefault(); showMark(o.index); } }, opText(o)) : opText(o),
      ]);
    });
    if (more > 0) parts.push(el('div', { className: 'muted' }, '… ' + more + ' more'));
    return el('td', { style: LEFT }, parts.length ? parts : el('span', { className: 'muted' }, '—'));
  }

  function view(v, showMark) {
    var head = el('div', { className: 'checker-head' }, [
      el('span', { className: 'badge ' + (v.counted ? 'b-invalid' : 'b-unknown') }, v.kind),
      el('strong', null, 'key ' + v.key),
      el('span', { className: 'checker-summary' }, v.note + (v.counted ? '' : ' (reported, not counted)')),
    ]);
    var rows = v.rows.map(function (r) {
      return el('tr', r.marked ? { className: 'stream-marked', style: MARKED } : null, [
        el('td', null, String(r.offset)),
        cell(r.writers, r.moreWriters, v.values, showMark),
        cell(r.readers, r.moreReaders, v.values, showMark),
      ]);
    });
    return el('div', { className: 'checker stream-view' }, [
      head,
      el('div', { className: 'table-wrap' }, el('table', { className: 'stats stream-table' }, [
        el('thead', null, el('tr', null, ['offset', 'written (value, by)', 'read (value, by)'].map(function (h, i) { return el('th', i ? { style: LEFT } : null, h); }))),
        el('tbody', null, rows),
      ])),
    ]);
  }

  /** The card of stream anomaly views, or null when the run has none. */
  FL.renderStreamViews = function (data, showMark) {
    var s = data.streams;
    if (!s || !s.views || !s.views.length) return null;
    var counts = (s.kinds || []).map(function (k) { return k.kind + ': ' + k.drawn + ' of ' + k.total + ' shown'; }).join(' · ');
    var note = s.omitted > 0 ? counts + ' (' + s.omitted + ' not drawn; the checker counts them all).' : null;
    return FL.card('Stream anomalies by key and offset', null, [
      el('div', { className: 'note' }, 'Each anomaly with the offsets around it: which op acknowledged which value at each offset, and which ops read what there. Highlighted: the anomaly\u2019s offsets and values.'),
      s.views.map(function (v) { return view(v, showMark); }),
      note ? el('div', { className: 'note' }, note) : null,
    ]);
  };
})(window.FL = window.FL || {});

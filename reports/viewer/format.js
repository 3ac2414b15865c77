/* faultline report viewer: number, time and colour formatting. */
(function (FL) {
  'use strict';

  /** Outcome colours (ok green, fail red, info amber, never completed grey). */
  FL.OUTCOME_COLORS = { ok: '#1f8a3b', fail: '#cf222e', info: '#d4a000', open: '#8c959f' };
  /** Outcome names by the codes of the embedded timeline. */
  FL.OUTCOMES = ['ok', 'fail', 'info', 'open'];

  var PALETTE = ['#0969da', '#8250df', '#bf3989', '#1a7f37', '#bc4c00', '#0a7ea4', '#6e7781', '#953800', '#4d2d9e', '#116329'];
  /** A distinct line colour for series `i`. */
  FL.palette = function (i) { return PALETTE[i % PALETTE.length]; };

  /** The fill of a nemesis interval, by the kind of fault its f names. `alpha` defaults to 0.16. */
  FL.nemesisColor = function (f, alpha) {
    var a = alpha === undefined ? 0.16 : alpha;
    var rgb = /partition|net|loss|bridge/.test(f) ? '255,140,0'
      : /kill|crash/.test(f) ? '207,34,46'
      : /pause|resume/.test(f) ? '9,105,218'
      : /clock/.test(f) ? '26,127,55'
      : '130,80,223';
    return 'rgba(' + rgb + ',' + a + ')';
  };

  /** A friendly name for an interval's kind: `start-partition` → `partition`. */
  FL.faultName = function (f) { return f.replace(/^(start|bump)-/, ''); };

  /** Integer with thousands separators. */
  FL.int = function (n) { return typeof n === 'number' ? n.toLocaleString('en-US') : '—'; };

  /** Milliseconds, 3 significant digits; seconds past 10 s. */
  FL.ms = function (v) {
    if (typeof v !== 'number' || !isFinite(v)) return '—';
    if (v >= 10000) return (v / 1000).toPrecision(3) + ' s';
    if (v >= 100) return v.toFixed(0) + ' ms';
    if (v >= 1) return v.toPrecision(3) + ' ms';
    if (v === 0) return '0 ms';
    return v.toPrecision(2) + ' ms';
  };

  /** A duration in seconds as `1 h 2 min`, `3 min 20 s`, `12.5 s` or `340 ms`. */
  FL.duration = function (s) {
    if (typeof s !== 'number' || !isFinite(s)) return '—';
    if (s < 1) return FL.ms(s * 1000);
    if (s < 60) return (s < 10 ? s.toFixed(2) : s.toFixed(1)) + ' s';
    var m = Math.floor(s / 60);
    if (m < 60) return m + ' min ' + Math.round(s - m * 60) + ' s';
    return Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  };

  /** A time offset in seconds for axes: precision follows the visible span. */
  FL.seconds = function (s, span) {
    var d = span < 0.01 ? 4 : span < 0.1 ? 3 : span < 1 ? 2 : span < 10 ? 1 : 0;
    return s.toFixed(d) + ' s';
  };

  /** An ISO time as `2025-01-02 12:34:56 UTC`, or the text itself when it is not a date. */
  FL.date = function (iso) {
    if (!iso) return '—';
    var d = new Date(iso);
    return isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  };

  /** `valid` / `invalid` / `unknown` for a validity. */
  FL.validWord = function (v) { return v === true ? 'valid' : v === false ? 'invalid' : 'unknown'; };

  /** About `count` evenly spaced round tick values between `min` and `max`. */
  FL.ticks = function (min, max, count) {
    var span = max - min;
    if (!(span > 0)) return [min];
    var raw = span / count;
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var step = [1, 2, 5, 10].map(function (m) { return m * mag; }).find(function (s) { return s >= raw; });
    var out = [];
    for (var t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
    return out;
  };
})(window.FL = window.FL || {});

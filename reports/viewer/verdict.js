/* faultline report viewer: the header, the verdict banner and each checker's evidence. */
(function (FL) {
  'use strict';
  var el = FL.el;

  /** The header: test name and the run's facts. */
  FL.renderHeader = function (data) {
    var m = data.meta;
    var keys = Object.keys(m.versions);
    var versions = keys.filter(function (k) { return k === m.system; }).concat(keys.filter(function (k) { return k !== m.system; }))
      .map(function (k) { return k + ' ' + m.versions[k]; });
    var facts = [
      ['System', m.system === null ? null : versions.length ? versions.join(', ') : m.system],
      ['Workload', m.workload],
      ['Nodes', m.nodes.length ? m.nodes.join(', ') : m.nodeCount],
      ['Seed', m.seed],
      ['Started', FL.date(m.startedAt)],
      ['Duration', FL.duration(m.durationS)],
      ['Ops', FL.int(data.perf.counts.invoke) + ' client, ' + FL.int(data.perf.counts.nemesis) + ' nemesis'],
      ['Leader changes', data.leaders ? FL.int(data.leaders.changes) + (data.leaders.leaderless ? ' (no leader in ' + FL.int(data.leaders.leaderless) + ' of ' + FL.int(data.leaders.samples) + ' probes)' : '') : null],
      ['faultline', m.faultline],
    ];
    var warnings = m.warnings.length
      ? el('div', { className: 'warnings' }, [el('strong', null, 'Warnings'), m.warnings.map(function (w) { return el('div', null, w); })])
      : null;
    return el('header', { className: 'top' }, [
      el('div', { className: 'brand' }, 'faultline report'),
      el('h1', null, m.test),
      el('dl', { className: 'meta' }, facts.filter(function (f) { return f[1] !== null && f[1] !== undefined; }).map(function (f) {
        return el('div', null, [el('dt', null, f[0]), el('dd', null, f[1])]);
      })),
      warnings,
    ]);
  };

  /** The big verdict banner. */
  FL.renderVerdict = function (data) {
    var v = data.valid;
    var word = v === true ? 'VALID' : v === false ? 'INVALID' : v === 'unknown' ? 'UNKNOWN' : 'NOT CHECKED';
    var cls = v === true ? 'v-valid' : v === false ? 'v-invalid' : v === 'unknown' ? 'v-unknown' : 'v-none';
    var bad = data.checkers.filter(function (c) { return c.valid !== true; });
    var sub = v === null
      ? 'The run has no results (it stopped before its history was checked).'
      : data.checkers.length + ' checker' + (data.checkers.length === 1 ? '' : 's') +
        (bad.length ? ' · not valid: ' + bad.map(function (c) { return c.name + ' (' + FL.validWord(c.valid) + ')'; }).join(', ') : ' · all valid');
    return el('section', { className: 'verdict ' + cls, id: 'verdict' }, [el('div', { className: 'word' }, word), el('div', { className: 'sub' }, sub)]);
  };

  /** One call-out per failing key and op that could not be placed, with every state it met. */
  function stuckLines(f, showMark) {
    var key = f.key === null ? 'history' : 'key ' + JSON.stringify(f.key);
    var groups = [];
    (f.prefixes || []).forEach(function (p) {
      if (!p || !p.blocking) return;
      var g = groups.find(function (x) { return x.blocking.index === p.blocking.index; });
      if (!g) groups.push(g = { blocking: p.blocking, length: p.length, states: [], why: p.why, needs: p.needs });
      if (g.states.indexOf(p.state) < 0) g.states.push(p.state);
    });
    return groups.map(function (g) {
      var states = g.states.map(function (st, i) { return [i ? (i === g.states.length - 1 ? ' or ' : ', ') : '', el('code', null, st)]; });
      var why = g.why === 'unreachable' && g.needs ? ' It needs ' + g.needs + ', which the remaining ops can no longer reach.' : '';
      return el('div', { className: 'stuck' }, [
        el('strong', null, key + ': '),
        'at most ' + f.longest + ' of ' + f.definite + ' completed ops linearize. ',
        el('code', null, g.blocking.text), ' (#' + g.blocking.index + ') could not be placed after ' + g.length + ' linearized ops, in state ',
        states, '.' + why,
        el('button', { type: 'button', onclick: function () { showMark(g.blocking.index); } }, 'Show in timeline'),
      ]);
    });
  }

  function evidence(c, showMark) {
    var e = c.evidence;
    if (e.kind === 'linearizable') {
      var stuck = e.failures.map(function (f) { return stuckLines(f, showMark); });
      var unknown = e.unknownKeys.map(function (u) { return el('div', { className: 'muted' }, 'key ' + u.key + ' undecided: ' + u.reason); });
      return [stuck, unknown, e.explanation && c.valid !== true ? el('pre', { className: 'explanation' }, e.explanation) : null];
    }
    if (e.kind === 'elements') {
      return el('div', { className: 'elements' }, e.lists.map(function (l) {
        if (l.count === 0) return el('div', { className: 'muted' }, l.name + ': none');
        var more = l.count > l.elements.length ? '… and ' + FL.int(l.count - l.elements.length) + ' more' : null;
        return el('div', null, [
          el('strong', null, l.name + ' (' + FL.int(l.count) + ')'),
          el('div', { className: 'list' }, [l.elements.map(function (x) { return el('span', { className: 'chip' }, x); }), more]),
        ]);
      }));
    }
    return null;
  }

  /** One block per checker: name, badge, summary, evidence, and the verdict's JSON. */
  FL.renderCheckers = function (data, showMark) {
    if (!data.checkers.length) {
      return FL.card('Checkers', null, el('div', { className: 'empty' }, data.valid === null ? 'No results: this run was not checked.' : 'No checker results.'));
    }
    return FL.card('Checkers', null, data.checkers.map(function (c) {
      var word = FL.validWord(c.valid);
      return el('article', { className: 'checker' }, [
        el('div', { className: 'checker-head' }, [
          el('h3', null, c.name),
          el('span', { className: 'badge b-' + word }, word),
          c.summary !== word ? el('span', { className: 'checker-summary' }, c.summary) : null,
        ]),
        evidence(c, showMark),
        el('details', null, [el('summary', null, 'Verdict JSON'), el('pre', null, c.json)]),
      ]);
    }));
  };
})(window.FL = window.FL || {});

/** The header, the verdict banner and each checker's evidence. */
import type { CheckerView, ElementListView } from '../evidence.js';
import type { ReportData } from '../report-data.js';
import type { TimelineMark } from '../timeline.js';
import { card, collapsed, el, type Child } from './dom.js';
import { date, duration, int, validWord } from './format.js';
import { MARK_COLORS } from './timeline.js';

const clipText = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Jumps the timeline to the op invoked at a history index; `focusKey` shows that op's key alone. */
export type ShowMark = (index: number, focusKey?: boolean) => void;

/** The header: test name and the run's facts. */
export function renderHeader(data: ReportData): HTMLElement {
  const m = data.meta;
  const keys = Object.keys(m.versions);
  const versions = [...keys.filter((k) => k === m.system), ...keys.filter((k) => k !== m.system)].map((k) => `${k} ${m.versions[k]}`);
  const facts: [string, Child][] = [
    ['System', m.system === null ? null : versions.length ? versions.join(', ') : m.system],
    ['Workload', m.workload],
    ['Nodes', m.nodes.length ? m.nodes.join(', ') : m.nodeCount],
    ['Seed', m.seed],
    ['Started', m.startedAt ? date(m.startedAt) : null],
    ['Duration', duration(m.durationS)],
    ['Ops', `${int(data.perf.counts.invoke)} client, ${int(data.perf.counts.nemesis)} nemesis`],
    ['Leader changes', data.leaders ? `${int(data.leaders.changes)}${data.leaders.leaderless ? ` (no leader in ${int(data.leaders.leaderless)} of ${int(data.leaders.samples)} probes)` : ''}` : null],
    ['faultline', m.faultline],
  ];
  const warnings = m.warnings.length ? el('div', { className: 'warnings' }, [el('strong', null, 'Warnings'), m.warnings.map((w) => el('div', null, w))]) : null;
  return el('header', { className: 'top' }, [
    el('div', { className: 'brand' }, 'faultline report'),
    el('h1', null, m.test),
    el('dl', { className: 'meta' }, facts.filter((f) => f[1] !== null && f[1] !== undefined).map((f) => el('div', null, [el('dt', null, f[0]), el('dd', null, f[1])]))),
    warnings,
  ]);
}

/** The first marks of each checker and kind, as "show in timeline" buttons. */
function markButtons(marks: TimelineMark[], showMark: ShowMark, max = 6): HTMLElement | null {
  const shown = marks.filter((m) => m.kind !== 'path').slice(0, max);
  if (!shown.length) return null;
  const rest = marks.filter((m) => m.kind !== 'path').length - shown.length;
  return el('div', { className: 'jumps' }, [
    shown.map((m) =>
      el('button', { type: 'button', className: `jump jump-${m.kind ?? 'other'}`, title: m.label, style: `border-color:${MARK_COLORS[m.kind ?? 'other']}`, onclick: () => showMark(m.index, m.kind === 'blocking') }, [
        el('span', null, clipText(m.label.replace(/^[^:]*: /, ''), 110)),
        ' → show in timeline',
      ]),
    ),
    rest > 0 ? el('span', { className: 'muted' }, `and ${int(rest)} more marked on the timeline`) : null,
  ]);
}

/** The big verdict banner, with a "show in timeline" for the first anomalies. */
export function renderVerdict(data: ReportData, showMark: ShowMark): HTMLElement {
  const v = data.valid;
  const word = `${v === true ? 'VALID' : v === false ? 'INVALID' : v === 'unknown' ? 'UNKNOWN' : 'NOT CHECKED'}${data.meta.cutShort ? ' (PARTIAL RUN)' : ''}`;
  const cut = data.meta.cutShort ? `Partial run — ${data.meta.cutShort}: the verdict covers only what was recorded. ` : '';
  const cls = v === true ? 'v-valid' : v === false ? 'v-invalid' : v === 'unknown' ? 'v-unknown' : 'v-none';
  const bad = data.checkers.filter((c) => c.valid !== true);
  const sub = v === null
    ? 'The run has no results (it stopped before its history was checked).'
    : `${cut}${data.checkers.length} checker${data.checkers.length === 1 ? '' : 's'}${bad.length ? ` · not valid: ${bad.map((c) => `${c.name} (${validWord(c.valid)})`).join(', ')}` : ' · all valid'}`;
  const lines = bad.map((c) => el('div', { className: 'verdict-line' }, [el('strong', null, `${c.name}: `), c.summary]));
  return el('section', { className: `verdict ${cls}`, id: 'verdict' }, [
    el('div', { className: 'word' }, word),
    el('div', { className: 'sub' }, sub),
    lines,
    markButtons(data.timeline.marks, showMark, 4),
  ]);
}

/** One call-out per failing key and op that could not be placed, with every state it met. */
function stuckLines(c: Extract<CheckerView['evidence'], { kind: 'linearizable' }>, showMark: ShowMark): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const f of c.failures) {
    const key = f.key === null ? 'history' : `key ${JSON.stringify(f.key)}`;
    const groups: { blocking: { index: number; text: string }; length: number; states: string[]; why: string; needs?: string }[] = [];
    for (const p of f.prefixes ?? []) {
      if (!p?.blocking) continue;
      let g = groups.find((x) => x.blocking.index === p.blocking.index);
      if (!g) groups.push((g = { blocking: p.blocking, length: p.length, states: [], why: p.why, ...(p.needs ? { needs: p.needs } : {}) }));
      if (!g.states.includes(p.state)) g.states.push(p.state);
    }
    for (const g of groups) {
      const states = g.states.map((st, i) => [i ? (i === g.states.length - 1 ? ' or ' : ', ') : '', el('code', null, st)]);
      const why = g.why === 'unreachable' && g.needs ? ` It needs ${g.needs}, which the remaining ops can no longer reach.` : '';
      out.push(el('div', { className: 'stuck' }, [
        el('strong', null, `${key}: `),
        `at most ${f.longest} of ${f.definite} completed ops linearize. `,
        el('code', null, g.blocking.text), ` (#${g.blocking.index}) could not be placed after ${g.length} linearized ops, in state `,
        states, `.${why}`,
        el('button', { type: 'button', onclick: () => showMark(g.blocking.index, true) }, 'Show in timeline'),
      ]));
    }
  }
  return out;
}

function elementList(l: ElementListView): HTMLElement {
  if (l.count === 0) return el('div', { className: 'muted' }, `${l.name}: none`);
  const more = l.count > l.elements.length ? `… and ${int(l.count - l.elements.length)} more` : null;
  return el('div', null, [el('strong', null, `${l.name} (${int(l.count)})`), el('div', { className: 'list' }, [l.elements.map((x) => el('span', { className: 'chip' }, x)), more])]);
}

function evidence(c: CheckerView, marks: TimelineMark[], showMark: ShowMark): Child {
  const e = c.evidence;
  const jumps = markButtons(marks, showMark, 8);
  if (e.kind === 'linearizable') {
    const unknown = e.unknownKeys.map((u) => el('div', { className: 'muted' }, `key ${u.key} undecided: ${u.reason}`));
    return [stuckLines(e, showMark), unknown, e.explanation && c.valid !== true ? collapsed('Explanation: the longest linearizable prefixes and the states they met', el('pre', { className: 'explanation' }, e.explanation), true) : null];
  }
  if (e.kind === 'elements') return [el('div', { className: 'elements' }, e.lists.map(elementList)), jumps];
  return jumps;
}

/** One block per checker: name, badge, summary, evidence, the verdict's JSON (collapsed). Invalid checkers first. */
export function renderCheckers(data: ReportData, showMark: ShowMark): HTMLElement {
  if (!data.checkers.length) return card('Checkers', null, el('div', { className: 'empty' }, data.valid === null ? 'No results: this run was not checked.' : 'No checker results.'));
  const order = [...data.checkers].sort((a, b) => Number(a.valid === true) - Number(b.valid === true));
  return card('Checkers', null, order.map((c) => {
    const word = validWord(c.valid);
    const marks = data.timeline.marks.filter((m) => m.checker === c.name);
    return el('article', { className: 'checker', dataset: { checker: c.name } }, [
      el('div', { className: 'checker-head' }, [el('h3', null, c.name), el('span', { className: `badge b-${word}` }, word), c.summary !== word ? el('span', { className: 'checker-summary' }, c.summary) : null]),
      evidence(c, marks, showMark),
      collapsed('Verdict JSON', el('pre', null, c.json)),
    ]);
  }), 'checkers');
}

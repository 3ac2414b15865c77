/**
 * The HTML pages of `faultline serve`: the run list (filter form, sortable columns, pages),
 * the campaign list and a campaign's table, a run's files, and two runs side by side. No
 * script; every value from the store goes through escapeHtml, every URL part through
 * encodeURIComponent. Pure.
 */
import { escapeHtml as h } from '../../reports/escape.js';
import { applyQuery, queryString, SORT_KEYS, type RunQuery } from './query.js';
import type { CampaignEntry, RunEntry } from './store-index.js';

const CSS = `body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}
td,th{padding:3px 8px;border-bottom:1px solid #ddd;text-align:left;white-space:nowrap}th a{color:inherit}
.VALID{color:#186a2e}.INVALID{color:#b00020;font-weight:bold}.UNKNOWN,.CRASHED,.INTERRUPTED{color:#a65e00}
nav a{margin-right:1em}form{margin:1em 0}form label{margin-right:.8em}.muted{color:#777}
.side{display:flex;gap:8px}.side>div{flex:1}.side iframe{width:100%;height:80vh;border:1px solid #ccc}`;

/** A whole page. Pure. */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${h(title)}</title><style>${CSS}</style></head><body><nav><a href="/">Runs</a><a href="/campaigns">Campaigns</a></nav><h1>${h(title)}</h1>${body}</body></html>`;
}

/** A link to a run's report, or its files when it has none. */
const runHref = (id: string): string => `/run/${id.split('/').map(encodeURIComponent).join('/')}`;
const fileHref = (id: string, file: string): string => `/files/${[...id.split('/'), ...file.split('/')].map(encodeURIComponent).join('/')}`;

function select(name: string, label: string, values: readonly string[], chosen?: string): string {
  const opts = ['', ...values].map((v) => `<option value="${h(v)}"${v === (chosen ?? '') ? ' selected' : ''}>${v === '' ? 'any' : h(v)}</option>`);
  return `<label>${h(label)} <select name="${h(name)}">${opts.join('')}</select></label>`;
}

const distinct = (xs: readonly string[]): string[] => [...new Set(xs)].filter(Boolean).sort();

/** The run list with its filter form, sort links, pages and a compare form. Pure. */
export function runsPage(runs: readonly RunEntry[], q: RunQuery): string {
  const { matching, page: shown, pages } = applyQuery(runs, q);
  const form = `<form method="get" action="/">${select('system', 'system', distinct(runs.map((r) => r.system)), q.system)}${select('workload', 'workload', distinct(runs.map((r) => r.workload)), q.workload)}${select(
    'verdict',
    'verdict',
    distinct(runs.map((r) => r.verdict)),
    q.verdict?.toUpperCase(),
  )}<label>from <input type="date" name="from" value="${h(q.from ?? '')}"></label><label>to <input type="date" name="to" value="${h(q.to ?? '')}"></label><button type="submit">Filter</button> <a href="/">clear</a></form>`;
  const head = (['started', 'system', 'workload', 'nemesis', 'seed', 'verdict', 'duration'] as const).map((k) => {
    if (!(SORT_KEYS as readonly string[]).includes(k)) return `<th>${k}</th>`;
    const key = k as RunQuery['sort'];
    const dir = q.sort === key && q.dir === 'desc' ? 'asc' : 'desc';
    const mark = q.sort === key ? (q.dir === 'desc' ? ' ▼' : ' ▲') : '';
    return `<th><a href="/${h(queryString(q, { sort: key, dir, page: 1 }))}">${k}${mark}</a></th>`;
  });
  const rows = shown.map(
    (r) =>
      `<tr data-verdict="${h(r.verdict)}"><td><input type="checkbox" name="run" value="${h(r.id)}" form="cmp"></td><td>${h(r.startedAt.replace('T', ' ').slice(0, 19))}</td><td>${h(r.system)}</td><td>${h(r.workload)}</td><td>${h(r.nemesis)}</td><td>${h(r.seed)}</td><td class="${h(r.verdict)}">${h(r.verdict)}${
        r.failing.length ? ` <span class="muted">${h(r.failing.join(', '))}</span>` : ''
      }</td><td>${r.durationS === undefined ? '' : `${r.durationS.toFixed(1)} s`}</td><td>${r.hasReport ? `<a class="report" href="${h(fileHref(r.id, 'report.html'))}">report</a>` : ''}</td><td><a href="${h(runHref(r.id))}">files</a></td></tr>`,
  );
  const nav =
    pages <= 1
      ? ''
      : `<p>page ${Math.min(q.page, pages)} of ${pages} ${q.page > 1 ? `<a href="/${h(queryString(q, { page: q.page - 1 }))}">previous</a>` : ''} ${q.page < pages ? `<a href="/${h(queryString(q, { page: q.page + 1 }))}">next</a>` : ''}</p>`;
  return page(
    'faultline runs',
    `${form}<p id="count">${matching} of ${runs.length} runs</p><form id="cmp" method="get" action="/compare"><button type="submit">Compare two selected runs</button></form><table id="runs"><thead><tr><th></th>${head.join('')}<th></th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>${nav}`,
  );
}

/** The campaign list. Pure. */
export function campaignsPage(cs: readonly CampaignEntry[]): string {
  const rows = cs.map(
    (c) =>
      `<tr><td><a href="/campaign/${h(encodeURIComponent(c.id))}">${h(c.name)}</a></td><td>${h(c.startedAt.replace('T', ' ').slice(0, 19))}</td><td>${c.runs}</td><td>${h(
        Object.entries(c.counts)
          .map(([v, n]) => `${n} ${v}`)
          .join(', '),
      )}</td><td>${c.durationS.toFixed(0)} s</td><td>${Number.isFinite(c.exitCode) ? c.exitCode : ''}</td></tr>`,
  );
  return page('faultline campaigns', `<table><thead><tr><th>campaign</th><th>started</th><th>runs</th><th>verdicts</th><th>duration</th><th>exit</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
}

/** One campaign's runs, from its campaign.json; `idOf` maps a run folder to its store id. Pure. */
export function campaignPage(id: string, c: Record<string, unknown>, idOf: (runDir: string) => string | undefined): string {
  const runs = Array.isArray(c.runs) ? (c.runs as Record<string, unknown>[]) : [];
  const s = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
  const rows = runs.map((r) => {
    const rid = typeof r.runDir === 'string' ? idOf(r.runDir) : undefined;
    const nem = Array.isArray(r.nemesis) ? (r.nemesis as unknown[]).map(s).join(',') || 'none' : '';
    const anomalies = Array.isArray(r.anomalies) ? (r.anomalies as unknown[]).map(s).join('; ') : '';
    const dur = typeof r.durationS === 'number' ? `${r.durationS.toFixed(1)} s` : '';
    const links = rid === undefined ? '' : `<a class="report" href="${h(fileHref(rid, 'report.html'))}">report</a> <a href="${h(runHref(rid))}">files</a>`;
    return `<tr><td>${h(s(r.index))}</td><td>${h(s(r.system))}</td><td>${h(s(r.workload))}</td><td>${h(nem)}</td><td>${h(s(r.seed))}</td><td class="${h(s(r.verdict))}">${h(s(r.verdict))}</td><td>${h(anomalies)}</td><td>${h(dur)}</td><td>${links}</td></tr>`;
  });
  const files = ['summary.md', 'junit.xml', 'campaign.json'].map((f) => `<a href="/campaign-files/${h(encodeURIComponent(id))}/${f}">${f}</a>`).join(' ');
  return page(`campaign ${s(c.name)}`, `<p>${h(s(c.startedAt))} · exit ${h(s(c.exitCode))} · ${files}</p><table><thead><tr><th>#</th><th>system</th><th>workload</th><th>nemesis</th><th>seed</th><th>verdict</th><th>anomalies</th><th>duration</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
}

/** A run's files (report, history, logs…) as download links. Pure. */
export function runPage(id: string, files: readonly { path: string; bytes: number }[]): string {
  const rows = files.map(
    (f) => `<tr><td><a href="${h(fileHref(id, f.path))}"${f.path === 'report.html' ? '' : ' download'}>${h(f.path)}</a></td><td>${f.bytes.toLocaleString('en')} bytes</td></tr>`,
  );
  return page(`run ${id}`, `<table><tbody>${rows.join('')}</tbody></table>`);
}

/** Two runs side by side: their facts, then their reports in two frames. Pure. */
export function comparePage(a: RunEntry, b: RunEntry): string {
  const facts = (['system', 'workload', 'nemesis', 'seed', 'startedAt', 'verdict'] as const).map(
    (k) => `<tr><th>${k}</th><td class="${k === 'verdict' ? h(a.verdict) : ''}">${h(String(a[k]))}</td><td class="${k === 'verdict' ? h(b.verdict) : ''}">${h(String(b[k]))}</td></tr>`,
  );
  const frame = (r: RunEntry): string => (r.hasReport ? `<iframe src="${h(fileHref(r.id, 'report.html'))}" title="${h(r.id)}"></iframe>` : '<p class="muted">no report</p>');
  return page('two runs side by side', `<table><thead><tr><th></th><th>${h(a.id)}</th><th>${h(b.id)}</th></tr></thead><tbody>${facts.join('')}</tbody></table><div class="side"><div>${frame(a)}</div><div>${frame(b)}</div></div>`);
}

/**
 * report.html as text: one self-contained page (inline CSS, inline scripts, the run's data as
 * JSON in a `<script type="application/json">`) that opens offline. Pure.
 */
import type { ReportAssets } from './assets.js';
import { escapeHtml, jsonForScript } from './escape.js';
import type { ReportData } from './report-data.js';

/** The id of the element holding the embedded data. */
export const DATA_ELEMENT_ID = 'faultline-data';

/** The verdict as one upper-case word: VALID, INVALID, UNKNOWN, or NOT CHECKED (no results). Pure. */
export function verdictWord(valid: ReportData['valid']): string {
  return valid === true ? 'VALID' : valid === false ? 'INVALID' : valid === 'unknown' ? 'UNKNOWN' : 'NOT CHECKED';
}

/**
 * Renders the page. Data reaches the page only as escaped JSON (no `</script>` or `<!--` can
 * appear in it), and the viewer puts it into the DOM with `textContent`; the title and the
 * no-script line are HTML-escaped here. Pure.
 */
export function renderReportHtml(data: ReportData, assets: ReportAssets): string {
  const verdict = `${verdictWord(data.valid)}${data.meta.cutShort ? ' (partial run)' : ''}`;
  const title = escapeHtml(`${verdict} · ${data.meta.test} · faultline report`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="faultline ${escapeHtml(data.meta.reportBy)}">
<title>${title}</title>
<style>
${assets.uplotCss}
${assets.css}
</style>
</head>
<body>
<noscript><p class="noscript">${escapeHtml(`${data.meta.test}: ${verdict}.`)} This report needs JavaScript to show its details.</p></noscript>
<div id="app"></div>
<script type="application/json" id="${DATA_ELEMENT_ID}">${jsonForScript(data)}</script>
<script>
${assets.js}
</script>
</body>
</html>
`;
}

import { describe, expect, it } from 'vitest';
import { buildReportData, escapeHtml, escapeXml, jsonForScript, loadAssets, renderReportHtml } from '../../reports/index.js';
import type { History } from '../../core/op.js';

const EVIL = '</script><img src=x onerror=alert(1)><!-- --> </SCRIPT > \u2028 & "q"';

/**
 * Splits a page the way a browser's tokenizer does around raw-text elements: each script or
 * style element's text runs to the first `</script` (`</style`), whatever it contains.
 */
function rawTextElements(html: string): { elements: { tag: string; open: string; text: string }[]; outside: string } {
  const elements: { tag: string; open: string; text: string }[] = [];
  let outside = '';
  let at = 0;
  const open = /<(script|style)\b[^>]*>/gi;
  for (let m = open.exec(html); m; m = open.exec(html)) {
    const start = m.index + m[0].length;
    const close = html.slice(start).search(new RegExp(`</${m[1]}[\\s/>]`, 'i'));
    expect(close).toBeGreaterThanOrEqual(0);
    outside += html.slice(at, m.index);
    elements.push({ tag: m[1].toLowerCase(), open: m[0], text: html.slice(start, start + close) });
    open.lastIndex = at = start + close;
  }
  return { elements, outside: outside + html.slice(at) };
}

describe('escaping', () => {
  it('escapes HTML and XML text', () => {
    expect(escapeHtml(EVIL)).not.toMatch(/[<>"]/);
    expect(escapeXml('a\u0001b\uD800c<&')).toBe('a\uFFFDb\uFFFDc&#60;&#38;');
  });

  it('embeds JSON that cannot end its script element and parses back unchanged', () => {
    const text = jsonForScript({ v: EVIL, [EVIL]: [EVIL] });
    expect(text).not.toMatch(/<|>|\u2028/);
    expect(JSON.parse(text)).toEqual({ v: EVIL, [EVIL]: [EVIL] });
  });

  it('keeps hostile values inside the data element of report.html', () => {
    const history: History = [
      { index: 0, time: 0, process: 0, type: 'invoke', f: EVIL, value: EVIL, key: EVIL },
      { index: 1, time: 1e6, process: 0, type: 'ok', f: EVIL, value: EVIL, error: EVIL },
      { index: 2, time: 2e6, process: 'nemesis', type: 'invoke', f: `start-${EVIL}`, value: EVIL },
    ];
    const data = buildReportData({
      history,
      test: { name: EVIL, system: EVIL, nodes: [EVIL] },
      results: { valid: false, checkers: { [EVIL]: { valid: false, reason: EVIL, lost: { count: 1, elements: [EVIL] } } } },
      faultlineVersion: EVIL,
      generatedAt: EVIL,
    });
    const html = renderReportHtml(data, loadAssets());
    const { elements, outside } = rawTextElements(html);
    expect(elements.map((e) => e.tag)).toEqual(['style', 'script', 'script']); // styles, the data, the viewer bundle (with uPlot)
    const json = elements.find((e) => e.open.includes('application/json'))!;
    expect(json.text).not.toMatch(/<!--/);
    expect(JSON.parse(json.text)).toEqual(JSON.parse(JSON.stringify(data)));
    const tags = new Set([...outside.matchAll(/<\/?([a-z!]+)/gi)].map((m) => m[1].toLowerCase()));
    expect([...tags].sort()).toEqual(['!doctype', 'body', 'div', 'head', 'html', 'meta', 'noscript', 'p', 'script', 'style', 'title']);
    expect(outside).toContain('&#60;/script&#62;&#60;img'); // the escaped title
  });
});

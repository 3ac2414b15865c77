/**
 * The transactional anomalies card of report.html in headless Chromium: the G-single cycle of
 * the Jepsen EDN fixture (as `faultline check … --model list-append --html` draws it) as an SVG
 * graph with the right node and edge labels, whose zoom button narrows the timeline to exactly
 * its transactions; hostile keys shown as text; and a real memory `append` run with stale reads
 * (the store's weak mode) whose cycles are drawn and zoomable. Screenshots land in
 * $TMPDIR/faultline-report-txn-XXXXXX/.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTxn } from '../../checkers/txn/index.js';
import { loadHistory } from '../../core/history/load.js';
import type { History } from '../../core/op.js';
import { writeStandaloneReport } from '../../reports/index.js';
import { launchChromium, openFile, type HeadlessChromium } from '../support/chromium.js';
import { concurrent } from '../checkers/txn/support.js';
import { memoryRun } from './memory-runs.js';

const ROOT = mkdtempSync(join(tmpdir(), 'faultline-report-txn-'));
const EDN = join('test', 'checkers', 'txn', 'fixtures', 'jepsen-append.edn');
const EVIL = '</script><img src=x onerror=alert(1)>';
let browser: HeadlessChromium | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

/** Checks `history` as list-append and opens the report `check --html` would draw. */
async function openChecked(name: string, history: History, consistencyModels: string[]): Promise<{ page: Page; problems: string[] }> {
  const verdict = checkTxn(history, { model: 'list-append', consistencyModels });
  const html = await writeStandaloneReport(join(ROOT, `${name}.html`), history, verdict, { file: `${name}.edn`, format: 'edn', model: 'list-append', checker: 'txn' });
  const r = await openFile(browser!.context, html, 'body[data-ready="true"]');
  await r.page.setViewportSize({ width: 1400, height: 900 });
  return r;
}

/** The timeline's visible range (ms) and the start/end (ms) of the drawn ops invoked at `indexes`. */
async function coverage(page: Page, indexes: number[]) {
  return page.evaluate((wanted) => {
    const t = (window as unknown as { faultline: { timeline: any } }).faultline.timeline;
    const ops = wanted.map((x: number) => t.byIndex.get(x)).map((i: number) => [t.t.s[i], t.t.e[i] < 0 ? t.durMs : t.t.e[i]]);
    return { x0: t.x0 as number, x1: t.x1 as number, durMs: t.durMs as number, ops: ops as number[][], outlined: (t.highlights as number[]).map((i) => t.t.i[i] as number).sort((a, b) => a - b) };
  }, indexes);
}

describe('the transactional anomalies card', () => {
  it('draws the fixture\u2019s G-single as a graph and zooms the timeline onto its two transactions', async () => {
    const { ops } = await loadHistory(EDN);
    const { page, problems } = await openChecked('jepsen-append', ops, ['serializable']);
    const gs = page.locator('#txn .txn-case[data-type="G-single"]');
    await expect(gs.count()).resolves.toBe(1);
    const nodes = await gs.locator('svg.txn-graph .txn-node text').allTextContents();
    expect(nodes).toEqual(['T6', 'p1', 'T5', 'p2']);
    const edges = await gs.locator('svg.txn-graph .txn-edge').evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-rel'), Array.from(g.querySelectorAll('tspan'), (s) => s.textContent)]));
    expect(edges).toEqual([['rw', ['rw', 'key 1 · value 2']], ['wr', ['wr', 'key 2 · value 2']]]);
    expect(await gs.locator('svg.txn-graph polygon').count()).toBe(2); // arrowheads
    expect(await gs.locator('.txn-steps li').allTextContents()).toEqual([expect.stringMatching(/^rw T6 \(process 1\) read key 1 as \[1\]/), expect.stringMatching(/^wr T5 \(process 2\) appended 2 to key 2/)]);
    expect(await gs.locator('.txn-conclusion').textContent()).toMatch(/G-single, read skew/);
    expect(await page.locator('#txn .txn-case[data-type="G1a"] .txn-conclusion').textContent()).toMatch(/T10 \(process 4\) read key 3 as \[7\].*aborted read/);

    await page.click('#timeline button.reset');
    const before = await coverage(page, [2, 3]);
    expect([before.x0, before.x1]).toEqual([0, before.durMs]);
    await gs.locator('button.txn-zoom').click();
    await page.waitForTimeout(150);
    const after = await coverage(page, [2, 3]); // T6 and T5 were invoked at history indexes 2 and 3
    for (const [s, e] of after.ops) {
      expect(after.x0).toBeLessThanOrEqual(s);
      expect(after.x1).toBeGreaterThanOrEqual(e);
    }
    expect(after.x1 - after.x0).toBeLessThan(0.5 * after.durMs); // zoomed in: 4.0–6.0 ms of 9.8 ms, plus a tenth either side
    expect(after.x0).toBeGreaterThan(0);
    expect(after.outlined).toEqual([2, 3]);
    await page.locator('#txn').screenshot({ path: join(ROOT, 'jepsen-append-txn-card.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows hostile keys as text in the graph, the steps and the timeline', async () => {
    const k1 = `${EVIL}-1`;
    const k2 = `${EVIL}-2`;
    const history = concurrent({ mops: [['append', k1, 1], ['append', k2, 1]] }, { mops: [['r', k1, []], ['r', k2, [1]]] });
    const { page, problems } = await openChecked('hostile', history, ['serializable']);
    const gs = page.locator('#txn .txn-case[data-type="G-single"]');
    expect(await gs.locator('svg.txn-graph tspan').allTextContents()).toContain('rw');
    expect((await gs.locator('svg.txn-graph').textContent()) ?? '').toContain('</script><img src=x');
    expect((await gs.locator('.txn-steps').textContent()) ?? '').toContain(JSON.stringify(k1));
    expect(await page.$$('img')).toHaveLength(0);
    expect(await page.$$('script')).toHaveLength(2); // the data and the viewer, nothing injected
    await gs.locator('button.txn-zoom').click();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('draws and zooms the cycles of a memory append run with stale reads (INVALID within 3 runs of 3 s)', async () => {
    let runDir = '';
    for (const seed of ['7', '8', '9']) {
      const run = await memoryRun(join(ROOT, `memory-${seed}`), 'append', { memoryStaleReads: '0.5', seed });
      if (run.exitCode !== 1) continue;
      const { page } = await openFile(browser!.context, join(run.runDir, 'report.html'), 'body[data-ready="true"]');
      const cycles = await page.locator('#txn .txn-cycle svg.txn-graph').count();
      await page.close();
      if (cycles > 0) {
        runDir = run.runDir;
        break;
      }
    }
    expect(runDir, 'no drawn cycle in 3 memory append runs with stale reads').not.toBe('');
    const { page, problems } = await openFile(browser!.context, join(runDir, 'report.html'), 'body[data-ready="true"]');
    await page.setViewportSize({ width: 1400, height: 900 });
    const first = page.locator('#txn .txn-cycle').first();
    const labels = await first.locator('svg.txn-graph .txn-node text').allTextContents();
    const names = (await first.locator('.txn-path').textContent())!.split(' → ');
    expect(labels.filter((l) => l.startsWith('T'))).toEqual(names.slice(0, -1));
    const indexes = ((await first.getAttribute('data-txns')) ?? '').split(' ').map(Number);
    expect(indexes).toHaveLength(names.length - 1);
    await page.click('#timeline button.reset');
    await first.locator('button.txn-zoom').click();
    await page.waitForTimeout(150);
    // exactly the cycle's span (first invocation to last completion) plus a tenth either side
    const after = await coverage(page, indexes);
    const s = Math.min(...after.ops.map((o) => o[0]));
    const e = Math.max(...after.ops.map((o) => o[1]));
    const pad = Math.max((e - s) / 10, after.durMs * 1e-4);
    expect(after.x0).toBeCloseTo(Math.max(0, s - pad), 6);
    expect(after.x1).toBeCloseTo(Math.min(after.durMs, e + pad), 6);
    expect(after.outlined).toEqual([...indexes].sort((a, b) => a - b));
    await page.locator('#txn').screenshot({ path: join(runDir, 'txn-card.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});

/**
 * Per-key offset views of stream anomalies: the data (who wrote and read what at each offset
 * around an anomaly, bounded), hostile keys kept inside the data element, and the views drawn
 * in report.html in headless Chromium (screenshot at $TMPDIR/faultline-report-browser/stream/report.png).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStream } from '../../checkers/stream/index.js';
import type { History } from '../../core/op.js';
import { buildReportData, loadAssets, renderReportHtml, streamViews, writeReports } from '../../reports/index.js';
import { MAX_CELL_OPS, MAX_STREAM_VIEWS } from '../../reports/stream-views.js';
import { StreamHistory } from '../checkers/stream/builder.js';
import { launchChromium, openFile, type HeadlessChromium } from '../support/chromium.js';
import { testInfo, writeRun } from './fixtures.js';

const EVIL = '</script><img src=x onerror=alert(1)><!-- -->';

/** A lost write at offset 1 of `key`: values 10, 11, 12 sent at 0, 1, 2; two readers skip 11. */
function lostWrite(key = 't0'): History {
  const b = new StreamHistory();
  b.send(0, key, 10, 0);
  b.send(0, key, 11, 1);
  b.send(1, key, 12, 2);
  b.poll(2, { [key]: [[0, 10], [2, 12]] });
  b.poll(3, { [key]: [[0, 10], [2, 12]] });
  return b.ops;
}

describe('streamViews', () => {
  it('shows each anomaly with the offsets around it: who wrote, who read', () => {
    const h = lostWrite();
    const v = checkStream(h);
    expect(v.counts['lost-write']).toBe(1);
    const views = streamViews(h, { stream: v })!;
    const lost = views.views.find((x) => x.kind === 'lost-write')!;
    expect(lost).toMatchObject({ checker: 'stream', counted: true, key: 't0', offsets: [1], values: [11] });
    expect(lost.rows.map((r) => r.offset)).toEqual([0, 1, 2, 3]);
    const row = (o: number) => lost.rows.find((r) => r.offset === o)!;
    expect(row(1).marked).toBe(true);
    expect(row(1).writers).toEqual([{ index: 2, process: '0', type: 'ok', value: 11 }]); // the invocation's index
    expect(row(1).readers).toEqual([]);
    expect(row(0).readers.map((r) => r.process)).toEqual(['2', '3']);
    expect(row(2).writers.map((w) => w.value)).toEqual([12]);
    expect(row(3)).toMatchObject({ writers: [], readers: [], marked: false });
    // counted classes come first; the internal skips are views too
    expect(views.views[0].counted).toBe(true);
    expect(views.views.map((x) => x.kind)).toContain('internal-skip');
  });

  it('links every op to an op the timeline draws (invocation indexes, not completions)', () => {
    const h = lostWrite();
    const data = buildReportData({ history: h, results: { valid: false, checkers: { stream: checkStream(h) } }, faultlineVersion: 't', generatedAt: '2026-01-01T00:00:00Z' });
    const drawn = new Set(data.timeline.i);
    const linked = data.streams!.views.flatMap((v) => [...v.ops, ...v.rows.flatMap((r) => [...r.writers, ...r.readers].map((o) => o.index))]);
    expect(linked.length).toBeGreaterThan(3);
    for (const i of linked) expect(drawn.has(i)).toBe(true);
  });

  it('counts what it does not draw: the checker\'s exact counts minus the views drawn', () => {
    const many = new StreamHistory();
    for (let i = 0; i < 30; i++) many.send(0, 't0', i, i);
    many.poll(1, { t0: [[29, 29]] });
    const v = checkStream(many.ops, { maxExamples: 8 });
    expect(v.counts['lost-write']).toBe(29);
    const views = streamViews(many.ops, { stream: v })!;
    const lost = views.kinds.find((k) => k.kind === 'lost-write')!;
    expect(lost).toMatchObject({ total: 29, drawn: 8, counted: true });
    expect(views.omitted).toBe(29 - 8);
  });

  it('is null without stream anomalies, and in the report data otherwise', () => {
    const b = new StreamHistory();
    b.send(0, 't0', 1, 0);
    b.poll(1, { t0: [[0, 1]] });
    expect(streamViews(b.ops, { stream: checkStream(b.ops), other: { valid: true } })).toBeNull();
    const h = lostWrite();
    const data = buildReportData({ history: h, results: { valid: false, checkers: { stream: checkStream(h) } }, faultlineVersion: 't', generatedAt: '2026-01-01T00:00:00Z' });
    expect(data.streams?.views.length).toBeGreaterThan(0);
  });

  it('is bounded: ops per cell and views are capped, with counts of the rest', () => {
    const b = new StreamHistory();
    b.send(0, 't0', 1, 0);
    b.send(0, 't0', 2, 1);
    for (let p = 1; p <= 20; p++) b.poll(p, { t0: [[1, 2]] });
    const v = checkStream(b.ops, { maxExamples: 100 });
    const views = streamViews(b.ops, { stream: v })!;
    const row1 = views.views[0].rows.find((r) => r.offset === 1)!;
    expect(row1.readers).toHaveLength(MAX_CELL_OPS);
    expect(row1.moreReaders).toBe(20 - MAX_CELL_OPS);
    const many = new StreamHistory();
    for (let i = 0; i < 100; i++) many.send(0, 't0', i, i);
    many.poll(1, { t0: [[99, 99]] });
    const mv = streamViews(many.ops, { stream: checkStream(many.ops, { maxExamples: 100 }) })!;
    expect(mv.views).toHaveLength(MAX_STREAM_VIEWS);
    expect(mv.omitted).toBe(99 - MAX_STREAM_VIEWS);
  });

  it('keeps a hostile key inside the data element of report.html', () => {
    const h = lostWrite(EVIL);
    const data = buildReportData({ history: h, test: testInfo('kafka-queue'), results: { valid: false, checkers: { stream: checkStream(h) } }, faultlineVersion: 't', generatedAt: '2026-01-01T00:00:00Z' });
    expect(data.streams!.views[0].key).toBe(EVIL);
    const html = renderReportHtml(data, loadAssets());
    expect(html).not.toContain(EVIL);
    expect(html.split('<img').length).toBe(1);
  });
});

describe('stream views in Chromium', () => {
  let browser: HeadlessChromium | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws a table per anomaly with writers and readers, a hostile key as text, without errors', async () => {
    const h = lostWrite(EVIL);
    const results = { valid: false as const, checkers: { stream: checkStream(h) } };
    const dir = writeRun(join(tmpdir(), 'faultline-report-browser', 'stream'), h, testInfo('kafka-queue'), results);
    const { html } = await writeReports(dir);
    const { page, problems } = await openFile(browser!.context, html, '#verdict');
    const card = page.locator('section.card', { hasText: 'Stream anomalies by key and offset' });
    await expect(card.count()).resolves.toBe(1);
    // classes are collapsed: "N of M shown", counted ones first
    expect(await card.locator('details.stream-kind > summary').first().textContent()).toMatch(/^lost-write 1 of 1 shown$/);
    await card.locator('details.stream-kind > summary').first().click();
    const first = card.locator('.stream-view').first();
    expect(await first.locator('.badge').textContent()).toBe('lost-write');
    expect(await first.locator('strong').textContent()).toBe(`key ${EVIL}`);
    const marked = first.locator('tr.stream-marked');
    expect(await marked.count()).toBe(1);
    expect(await marked.locator('td').first().textContent()).toBe('1');
    expect(await marked.locator('td').nth(1).textContent()).toContain('11 p0 op 2');
    // the link jumps to the op in the timeline (it is keyed by the invocation's index)
    const range = await page.textContent('.range-label');
    await marked.locator('a.stream-link').first().click();
    await page.waitForTimeout(300);
    expect(await page.textContent('.range-label')).not.toBe(range);
    expect(await page.locator('img').count()).toBe(0);
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});

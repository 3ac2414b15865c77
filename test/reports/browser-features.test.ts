/**
 * The reviewer's features of report.html on real memory-system runs (headless Chromium): on a
 * valid run and on invalid register, bank, set and queue runs, click one link of every kind
 * (each must move the timeline), hover every lane (each must explain itself), filter a key,
 * colour by node, and see no console error. Screenshots land in
 * $TMPDIR/faultline-report-features-XXXXXX/<name>/…/report.png (a fresh folder per test run, so
 * concurrent runs of this file never share a store).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openFile, type HeadlessChromium } from '../support/chromium.js';
import { memoryRun } from './memory-runs.js';

const ROOT = mkdtempSync(join(tmpdir(), 'faultline-report-features-'));
let browser: HeadlessChromium | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function open(runDir: string): Promise<{ page: Page; problems: string[] }> {
  const r = await openFile(browser!.context, join(runDir, 'report.html'), 'body[data-ready="true"]');
  await r.page.setViewportSize({ width: 1400, height: 900 });
  return r;
}

const rangeOf = (page: Page) => page.textContent('.range-label');

/** Clicks `selector`'s first match, expects the timeline's visible range to change, then resets it. */
async function clickMoves(page: Page, selector: string): Promise<void> {
  await page.click('#timeline button.reset');
  const before = await rangeOf(page);
  await page.locator(selector).first().click();
  await page.waitForTimeout(150);
  expect(await rangeOf(page), selector).not.toBe(before);
}

/** Hovers the middle of the first interval (or instant) of every fault lane, and the leader / clock rows; each tooltip must say something. */
async function hoverLanes(page: Page): Promise<string[]> {
  await page.click('#timeline button.reset');
  const spots = await page.evaluate(() => {
    const t = (window as unknown as { faultline: { timeline: any } }).faultline.timeline;
    const rect = t.canvas.getBoundingClientRect();
    const out: { x: number; y: number; lane: string }[] = [];
    t.lanes.kinds.forEach((kind: string, r: number) => {
      const iv = t.lanes.intervals.find((x: any) => t.lanes.kindOf(x.f) === kind);
      const it = t.lanes.instants.find((x: any) => t.lanes.kindOf(x.f) === kind);
      const ms = iv ? ((iv.start + (iv.end ?? t.durMs / 1000)) / 2) * 1000 : it.time * 1000;
      out.push({ x: rect.left + t.X(ms), y: rect.top + t.lanes.top + r * 16 + 8, lane: kind });
    });
    if (t.lanes.leaders) out.push({ x: rect.left + t.X(t.durMs / 2), y: rect.top + t.lanes.top + t.lanes.faultH + 6, lane: 'leader' });
    return out;
  });
  const seen: string[] = [];
  for (const s of spots) {
    await page.mouse.move(s.x, s.y);
    await page.waitForTimeout(50);
    const tip = (await page.textContent('.timeline-wrap .tip')) ?? '';
    expect(await page.isVisible('.timeline-wrap .tip'), s.lane).toBe(true);
    expect(tip.length, s.lane).toBeGreaterThan(5);
    seen.push(`${s.lane}: ${tip}`);
  }
  return seen;
}

/** Hovers an op bar: the tooltip names its node. Picks the key filter's first key and the node colouring. */
async function hoverOpFilterKeyColourByNode(page: Page): Promise<void> {
  const spot = await page.evaluate(() => {
    const t = (window as unknown as { faultline: { timeline: any } }).faultline.timeline;
    const rect = t.canvas.getBoundingClientRect();
    const p = t.plot();
    // The widest completed op served by a node (on a quiet machine a memory run's ops can all be
    // under 2 px wide; hovering picks ops within 3 px anyway).
    let i = -1;
    t.t.e.forEach((e: number, k: number) => {
      if (e > 0 && t.t.n[k] >= 0 && (i < 0 || t.X(e) - t.X(t.t.s[k]) > t.X(t.t.e[i]) - t.X(t.t.s[i]))) i = k;
    });
    return { x: rect.left + (t.X(t.t.s[i]) + t.X(t.t.e[i])) / 2, y: rect.top + p.top + t.row(i) * t.rowH + t.rowH / 2 };
  });
  await page.mouse.move(spot.x, spot.y);
  await page.waitForTimeout(50);
  expect(await page.textContent('.timeline-wrap .tip')).toMatch(/node n\d/);
  if (await page.locator('select.key-filter').count()) {
    const canvas = page.locator('.timeline-wrap canvas');
    const before = await canvas.screenshot();
    await page.selectOption('select.key-filter', { index: 1 });
    await page.waitForTimeout(50);
    expect(Buffer.compare(before, await canvas.screenshot())).not.toBe(0);
    expect(await page.evaluate(() => (window as unknown as { faultline: { timeline: any } }).faultline.timeline.key)).toBe(0);
    await page.selectOption('select.key-filter', '-1');
  }
  await page.selectOption('select.color-by', 'node');
  expect(await page.textContent('#timeline .legend')).toMatch(/n1.*n2|n2.*n1/);
  await page.selectOption('select.color-by', 'outcome');
}

describe('report features on real memory runs', () => {
  it('valid register run under kills and pauses: lanes explain each fault, refusals have their own colour', async () => {
    const run = await memoryRun(join(ROOT, 'valid'), 'register', { nemesis: 'kill,pause', nemesisInterval: '0.5' });
    expect(run.exitCode).toBe(0);
    const { page, problems } = await open(run.runDir);
    expect(await page.textContent('#verdict .word')).toBe('VALID');
    const tips = await hoverLanes(page);
    expect(tips.join('\n')).toMatch(/kill: kill .*killed: n\d/s);
    expect(tips.join('\n')).toMatch(/pause: pause .*paused: n\d/s);
    expect(await page.textContent('#timeline .legend')).toContain('refused by design');
    await hoverOpFilterKeyColourByNode(page);
    await page.screenshot({ path: join(run.runDir, 'report.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('invalid register run (stale reads): the verdict and the blocking op jump to the timeline, the path is drawn', async () => {
    const run = await memoryRun(join(ROOT, 'register'), 'register', { memoryStaleReads: '0.5', nemesis: 'kill', nemesisInterval: '1' });
    expect(run.exitCode).toBe(1);
    const { page, problems } = await open(run.runDir);
    expect(await page.textContent('#verdict .word')).toBe('INVALID');
    await clickMoves(page, '#verdict .jump');
    await clickMoves(page, '.stuck button');
    // the blocking op's key alone, as Porcupine draws one key (the filter says which)
    expect(await page.inputValue('select.key-filter')).not.toBe('-1');
    await page.selectOption('select.key-filter', '-1');
    expect(await page.evaluate(() => (window as unknown as { faultline: { timeline: any } }).faultline.timeline.paths.length)).toBeGreaterThan(0);
    await hoverLanes(page);
    await hoverOpFilterKeyColourByNode(page);
    await page.screenshot({ path: join(run.runDir, 'report.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('invalid bank run (torn reads): bad reads marked, the total-over-time plot drawn', async () => {
    const run = await memoryRun(join(ROOT, 'bank'), 'bank', { memoryStaleReads: '0.3', nemesis: 'pause', nemesisInterval: '1' });
    expect(run.exitCode).toBe(1);
    const { page, problems } = await open(run.runDir);
    expect(await page.textContent('#verdict .word')).toBe('INVALID');
    await clickMoves(page, '#verdict .jump-bad-read');
    await clickMoves(page, '#checkers .jump-bad-read');
    expect(await page.textContent('#bank .card-head')).toMatch(/\d+ of \d+ reads with a wrong total/);
    expect(await page.locator('#bank canvas').count()).toBeGreaterThan(0);
    await hoverLanes(page);
    await hoverOpFilterKeyColourByNode(page);
    await page.screenshot({ path: join(run.runDir, 'report.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('invalid set run (stale final reads): lost elements marked at their adds and the reads that lacked them', async () => {
    const run = await memoryRun(join(ROOT, 'set'), 'set', { memoryStaleReads: '0.9', nemesis: 'kill', nemesisInterval: '1' });
    expect(run.exitCode).toBe(1);
    const { page, problems } = await open(run.runDir);
    expect(await page.textContent('#verdict .word')).toBe('INVALID');
    await clickMoves(page, '#checkers .jump-lost');
    await hoverLanes(page);
    await hoverOpFilterKeyColourByNode(page);
    await page.screenshot({ path: join(run.runDir, 'report.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('invalid queue run (skipping polls): stream classes collapsed with counts, op links and anomaly buttons move the timeline', async () => {
    const run = await memoryRun(join(ROOT, 'queue'), 'queue', { memoryStaleReads: '0.5', nemesis: 'kill', nemesisInterval: '1' });
    expect(run.exitCode).toBe(1);
    const { page, problems } = await open(run.runDir);
    expect(await page.textContent('#verdict .word')).toBe('INVALID');
    const summary = page.locator('#streams details.stream-kind > summary').first();
    expect(await summary.textContent()).toMatch(/\d+ of \d+ shown/);
    await summary.click();
    await clickMoves(page, '#streams a.stream-link');
    await clickMoves(page, '#streams .stream-view .jump');
    await clickMoves(page, '#verdict .jump-stream');
    await hoverLanes(page);
    await hoverOpFilterKeyColourByNode(page);
    await page.screenshot({ path: join(run.runDir, 'report.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});

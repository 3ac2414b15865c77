/**
 * report.html in headless Chromium (Debian's, driven by playwright-core): no console or page
 * error, the verdict shown, the timeline and charts drawn, hostile values inert; a screenshot
 * of each report is saved as report.png in its run directory (kept under
 * $TMPDIR/faultline-report-browser/ for people to look at).
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeReports } from '../../reports/index.js';
import { canvasSizes as canvases, launchChromium, openFile, type HeadlessChromium } from '../support/chromium.js';
import { invalidRun, validRun } from './fixtures.js';

const SHOTS = join(tmpdir(), 'faultline-report-browser');

let browser: HeadlessChromium | undefined;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** Writes a run's report and opens it, collecting console errors, page errors and dialogs. */
async function open(dir: string): Promise<{ page: Page; problems: string[] }> {
  const { html } = await writeReports(dir);
  return openFile(browser!.context, html, '#verdict');
}

describe('report.html in Chromium', () => {
  it('shows a valid run with partitions and kills', async () => {
    const dir = validRun(join(SHOTS, 'valid'), 20_000);
    const { page, problems } = await open(dir);
    expect(await page.textContent('#verdict .word')).toBe('VALID');
    const sizes = await canvases(page);
    expect(sizes.length).toBe(3); // timeline + latency + throughput
    for (const [w, h] of sizes) expect(w * h).toBeGreaterThan(0);
    expect(await page.textContent('.legend')).toContain('partition ×5');
    const range = await page.textContent('.card-head .controls .muted');
    const box = (await page.locator('.timeline-wrap canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
    await page.mouse.wheel(0, -300); // zooms the timeline
    await page.waitForTimeout(100);
    expect(await page.textContent('.card-head .controls .muted')).not.toBe(range);
    await page.click('text=Reset');
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows an invalid run: the op that could not be placed, hostile values as text', async () => {
    const dir = await invalidRun(join(SHOTS, 'invalid'));
    const { page, problems } = await open(dir);
    expect(await page.textContent('#verdict .word')).toBe('INVALID');
    expect(await page.textContent('.stuck')).toMatch(/could not be placed/);
    expect(await page.textContent('pre.explanation')).toContain('NOT linearizable');
    expect(await page.$$eval('.chip', (cs) => cs.map((c) => c.textContent))).toContain('"</script><img src=x onerror=alert(1)>"');
    expect(await page.$$('img')).toHaveLength(0);
    const range = await page.textContent('.card-head .controls .muted');
    await page.click('.stuck button'); // zooms the timeline (and charts) to the op
    await page.waitForTimeout(300);
    expect(await page.textContent('.card-head .controls .muted')).not.toBe(range);
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    expect(readFileSync(join(dir, 'report.png')).length).toBeGreaterThan(10_000);
    expect(problems).toEqual([]);
    await page.close();
  });
});

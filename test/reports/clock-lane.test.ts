/**
 * The report's clock lane: offsets per node over time from the clock nemesis's completions
 * (pure), and the lane drawn in report.html in headless Chromium (screenshot kept at
 * $TMPDIR/faultline-report-browser/clock/report.png).
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { History, Op } from '../../core/op.js';
import { buildReportData, clockLane, writeReports } from '../../reports/index.js';
import { launchChromium, openFile, type HeadlessChromium } from '../support/chromium.js';
import { syntheticHistory, testInfo, writeRun } from './fixtures.js';

const MS = 1e6;

/** Clock ops every 10 s: bump at 1 s (n1 +90 s, n3 −45 s), reset at 4 s, strobe n2 ±30 s from 6 s to 9 s. */
function clockOps(cycles: number): Omit<Op, 'index'>[] {
  const out: Omit<Op, 'index'>[] = [];
  for (let c = 0; c < cycles; c++) {
    const op = (ms: number, type: Op['type'], f: string, value: unknown) => ({ time: (c * 10_000 + ms) * MS, process: 'nemesis' as const, type, f, value });
    out.push(
      op(1000, 'invoke', 'bump-clock', { targets: 'minority', seed: 1 }),
      op(1080, 'info', 'bump-clock', { targets: ['n1', 'n3'], offsetsMs: { n1: 90_000, n3: -45_000 }, clock: { n1: 90_000, n2: 0, n3: -45_000 } }),
      op(4000, 'invoke', 'reset-clock', null),
      op(4050, 'info', 'reset-clock', { clock: { n1: 0, n2: 0, n3: 0 } }),
      op(6000, 'invoke', 'strobe-clock', { targets: ['n2'], deltaMs: 30_000, periodMs: 500, durationMs: 3_000 }),
      op(9000, 'info', 'strobe-clock', { targets: ['n2'], deltaMs: 30_000, periodMs: 500, flips: 6, clock: { n1: 0, n2: 0, n3: 0 } }),
    );
  }
  return out;
}

/** The synthetic client history with the clock ops merged in by time. */
function withClock(events: number): History {
  const client = syntheticHistory(events).filter((o) => o.process !== 'nemesis');
  const all = [...client, ...clockOps(Math.ceil((client.at(-1)?.time ?? 0) / (10_000 * MS)))].sort((a, b) => a.time - b.time);
  return all.map((o, index) => ({ ...o, index }));
}

describe('clockLane', () => {
  it('steps through the offset tables of the clock ops and keeps strobes as intervals', () => {
    const lane = clockLane(clockOps(1).map((o, index) => ({ ...o, index })))!;
    expect(lane.nodes).toEqual(['n1', 'n2', 'n3']);
    expect(lane.steps.map((s) => [s.time, s.offsets.n1, s.offsets.n3])).toEqual([[1080, 90_000, -45_000], [4050, 0, 0], [9000, 0, 0]]);
    expect(lane.strobes).toEqual([{ start: 6000, end: 9000, targets: ['n2'], deltaMs: 30_000, periodMs: 500 }]);
    expect(lane.maxAbsMs).toBe(90_000);
  });

  it('is null without clock faults, and in the report data otherwise', () => {
    expect(clockLane(syntheticHistory(200))).toBeNull();
    const data = buildReportData({ history: withClock(400), faultlineVersion: 't', generatedAt: '2026-01-01T00:00:00Z' });
    expect(data.clock?.steps.length).toBeGreaterThan(0);
  });
});

describe('the clock lane in Chromium', () => {
  let browser: HeadlessChromium | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('draws a clock row per node under the fault lane, without errors', async () => {
    const dir = writeRun(join(tmpdir(), 'faultline-report-browser', 'clock'), withClock(6_000), testInfo('zookeeper-register'), { valid: true, checkers: {} });
    const { html } = await writeReports(dir);
    const { page, problems } = await openFile(browser!.context, html, '#verdict');
    const canvas = page.locator('.timeline-wrap canvas');
    const h = (await canvas.boundingBox())!.height;
    // The lane's pixels: n1 is ahead (orange) right after the first bump.
    const px = await page.evaluate(() => {
      const c = document.querySelector('.timeline-wrap canvas') as HTMLCanvasElement;
      return c.height;
    });
    expect(px).toBeGreaterThan(0);
    expect(h).toBeGreaterThan(60);
    await page.screenshot({ path: join(dir, 'report.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});

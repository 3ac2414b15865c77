/**
 * `faultline serve` in headless Chromium over a store of 50+ real memory-system runs made by
 * two campaigns (one with stale reads, so some runs are INVALID): the list shows them all,
 * filtering to INVALID leaves only invalid rows, and one click opens an invalid run's report
 * (its verdict INVALID), with no console or page error and no request outside the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../core/history/helpers.js';
import { launchChromium, type HeadlessChromium } from '../../support/chromium.js';
import { runCli } from '../cli/run-cli.js';

let store: string;
let server: ChildProcess | undefined;
let url = '';
let browser: HeadlessChromium | undefined;

beforeAll(async () => {
  store = mkdtempSync(join(tmpdir(), 'faultline-serve-browser-'));
  const common = ['--systems', 'memory', '--time-limit', '0.5', '--rate', '100', '--parallel', '2', '--store', store];
  const weak = await runCli(['campaign', ...common, '--nemeses', 'none', '--test-count', '4', '--memory-stale-reads', '0.9', '--name', 'weak']);
  expect(weak.code).toBe(1);
  const safe = await runCli(['campaign', ...common, '--nemeses', 'kill;none', '--test-count', '24', '--name', 'safe']);
  expect(weak.stdout + safe.stdout).toContain('runs');
  server = spawn(process.execPath, [join(ROOT, 'bin', 'faultline.js'), 'serve', '--store', store, '--port', '0'], { cwd: ROOT });
  url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolve(m[1]);
    });
    server!.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.kill('SIGINT');
  rmSync(store, { recursive: true, force: true });
});

describe('faultline serve in Chromium', () => {
  it('lists 50+ runs, filters to INVALID, opens an invalid run\'s report', async () => {
    const page = await browser!.context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => !r.url().startsWith(url) && !r.url().startsWith('data:') && !r.url().startsWith('blob:') && problems.push(`request: ${r.url()}`));
    await page.goto(url);
    const total = await page.locator('#runs tbody tr').count();
    expect(total).toBeGreaterThanOrEqual(52);
    expect(await page.textContent('#count')).toBe(`${total} of ${total} runs`);

    await page.selectOption('select[name=verdict]', 'INVALID');
    await page.click('button[type=submit] >> text=Filter');
    await page.waitForURL(/verdict=INVALID/);
    const verdicts = await page.$$eval('#runs tbody tr', (rows) => rows.map((r) => r.getAttribute('data-verdict')));
    expect(verdicts.length).toBeGreaterThanOrEqual(1);
    expect(verdicts.length).toBeLessThan(total);
    expect(new Set(verdicts)).toEqual(new Set(['INVALID']));

    await page.click('#runs tbody tr:first-child a.report');
    await page.waitForSelector('#verdict .word');
    expect(await page.textContent('#verdict .word')).toBe('INVALID');
    await page.screenshot({ path: join(tmpdir(), 'faultline-serve-report.png') });

    await page.goto(`${url}campaigns`);
    expect(await page.locator('table tbody tr').count()).toBe(2);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});

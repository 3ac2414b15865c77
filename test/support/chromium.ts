/**
 * Headless Chromium for tests that open report.html: Debian's chromium (installed with apt when
 * missing and we are root on Debian) driven by playwright-core, with a throw-away profile, and
 * a page watcher that collects console errors, page errors, dialogs and non-local requests.
 */
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium binary. */
export const CHROMIUM = '/usr/bin/chromium';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Installs Debian's chromium when it is missing and we may (root on Debian). @throws Error when it is missing and we may not */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  const debian = existsSync('/etc/debian_version');
  if (process.getuid?.() !== 0 || !debian) throw new Error(`${CHROMIUM} is missing; install Debian's chromium package`);
  execSync('apt-get update && apt-get install -y chromium', { stdio: 'inherit', timeout: 600_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** A running headless Chromium. */
export interface HeadlessChromium {
  context: BrowserContext;
  /** Closes the browser and removes its profile. Idempotent. */
  close(): Promise<void>;
}

/** Launches headless Chromium (installing it first when needed) with a fresh profile and a 1280 × 900 viewport. */
export async function launchChromium(): Promise<HeadlessChromium> {
  ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'faultline-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  let closed = false;
  return {
    context,
    close: async () => {
      if (closed) return;
      closed = true;
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Opens `file` (an absolute path) in a new page and waits for `selector`; the returned
 * `problems` fill with console errors, page errors, dialogs and any request that is not to a
 * file: or data: address, from the moment the page is created.
 */
export async function openFile(context: BrowserContext, file: string, selector: string): Promise<{ page: Page; problems: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => problems.push(`dialog: ${d.message()}`));
  page.on('request', (r) => !r.url().startsWith('file:') && !r.url().startsWith('data:') && problems.push(`request: ${r.url()}`));
  await page.goto(`file://${file}`);
  await page.waitForSelector(selector);
  return { page, problems };
}

/** Width × height of every canvas on the page. */
export async function canvasSizes(page: Page): Promise<number[][]> {
  return page.$$eval('canvas', (cs) => cs.map((c) => [c.getBoundingClientRect().width, c.getBoundingClientRect().height]));
}

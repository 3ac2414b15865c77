/**
 * The files report.html inlines: the viewer's CSS and scripts (plain browser files under
 * `reports/viewer/`, not compiled) and uPlot's minified build and stylesheet from
 * node_modules. Found from this module's location, so both the sources (vitest) and the
 * compiled `dist/` find them. Read once, then cached.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertInlinable } from './escape.js';

/** The viewer's scripts, in the order they are inlined (later ones use earlier ones). */
export const VIEWER_SCRIPTS = ['dom.js', 'format.js', 'verdict.js', 'table.js', 'clock-lane.js', 'leader-lane.js', 'stream-views.js', 'timeline.js', 'timeline-ui.js', 'charts.js', 'main.js'];

/** Texts inlined into report.html. */
export interface ReportAssets {
  css: string;
  js: string;
  uplotCss: string;
  uplotJs: string;
}

/**
 * The project root: the nearest folder above this module whose package.json is faultline's.
 * @throws Error when there is none
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'faultline') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find faultline's package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}

/** faultline's version from the project's package.json ('0.0.0' when unreadable). */
export function faultlineVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(projectRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

let cached: ReportAssets | undefined;

/**
 * Loads (once) the viewer and uPlot files.
 * @throws Error when a file is missing or could break out of its inline element
 */
export function loadAssets(): ReportAssets {
  if (cached) return cached;
  const viewer = join(projectRoot(), 'reports', 'viewer');
  const require = createRequire(import.meta.url);
  const read = (file: string) => readFileSync(file, 'utf8');
  cached = {
    css: assertInlinable(read(join(viewer, 'viewer.css')), 'style', 'viewer.css'),
    js: VIEWER_SCRIPTS.map((f) => assertInlinable(read(join(viewer, f)), 'script', f)).join('\n'),
    uplotCss: assertInlinable(read(require.resolve('uplot/dist/uPlot.min.css')), 'style', 'uPlot.min.css'),
    uplotJs: assertInlinable(read(require.resolve('uplot/dist/uPlot.iife.min.js')), 'script', 'uPlot.iife.min.js'),
  };
  return cached;
}

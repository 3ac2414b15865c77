/**
 * The files report.html inlines: the viewer's CSS, the viewer's script (the typed viewer in
 * `reports/viewer/` bundled with uPlot by esbuild, see ./viewer-bundle.ts) and uPlot's
 * stylesheet from node_modules. Found from this module's location, so both the sources (vitest)
 * and the compiled `dist/` find them. Read once, then cached.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertInlinable } from './escape.js';
import { loadViewerScript } from './viewer-bundle.js';

/** Texts inlined into report.html. */
export interface ReportAssets {
  css: string;
  /** The viewer bundle (includes uPlot). */
  js: string;
  uplotCss: string;
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
 * Loads (once) the viewer bundle and the stylesheets.
 * @throws Error when a file is missing or could break out of its inline element
 */
export function loadAssets(): ReportAssets {
  if (cached) return cached;
  const root = projectRoot();
  const require = createRequire(import.meta.url);
  const read = (file: string) => readFileSync(file, 'utf8');
  cached = {
    css: assertInlinable(read(join(root, 'reports', 'viewer', 'viewer.css')), 'style', 'viewer.css'),
    js: assertInlinable(loadViewerScript(root), 'script', 'viewer bundle'),
    uplotCss: assertInlinable(read(require.resolve('uplot/dist/uPlot.min.css')), 'style', 'uPlot.min.css'),
  };
  return cached;
}

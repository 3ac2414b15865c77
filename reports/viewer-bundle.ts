/**
 * Bundling the typed viewer (reports/viewer/*.ts, entry main.ts) with uPlot into the one script
 * report.html inlines, with esbuild. `npm run build` writes it to
 * `dist/reports/viewer/viewer.js` (run as a script: `node dist/reports/viewer-bundle.js`);
 * {@link loadViewerScript} uses that file, or bundles in memory when it is missing or older
 * than the viewer's sources (tests run from the sources).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The viewer's source folder and entry. */
export function viewerSources(root: string): { dir: string; entry: string } {
  const dir = join(root, 'reports', 'viewer');
  return { dir, entry: join(dir, 'main.ts') };
}

/** Where `npm run build` writes the bundle. */
export const bundlePath = (root: string): string => join(root, 'dist', 'reports', 'viewer', 'viewer.js');

/**
 * esbuild without its worker-thread service: otherwise its first buildSync starts a worker
 * thread that keeps an `esbuild --service` child alive for the rest of the process (a campaign
 * was once seen hanging at exit with that child still there); with ESBUILD_WORKER_THREADS=0
 * (read once, when esbuild is first loaded) each buildSync is one child that has exited when
 * the call returns. The variable is restored afterwards.
 */
function loadEsbuild(): typeof import('esbuild') {
  const require = createRequire(import.meta.url);
  const before = process.env.ESBUILD_WORKER_THREADS;
  process.env.ESBUILD_WORKER_THREADS = '0';
  try {
    return require('esbuild') as typeof import('esbuild');
  } finally {
    if (before === undefined) delete process.env.ESBUILD_WORKER_THREADS;
    else process.env.ESBUILD_WORKER_THREADS = before;
  }
}

/**
 * Bundles the viewer with esbuild (a build-time dependency): one minified IIFE for browsers
 * from 2020 on, no source map, no external request.
 * @throws Error when esbuild is missing or the sources do not compile
 */
export function bundleViewer(root: string): string {
  const esbuild = loadEsbuild();
  const out = esbuild.buildSync({
    entryPoints: [viewerSources(root).entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    write: false,
    legalComments: 'inline',
    logLevel: 'silent',
  });
  return out.outputFiles[0].text;
}

/** The newest modification time (ms) of the viewer's sources. */
function newestSource(root: string): number {
  const { dir } = viewerSources(root);
  let newest = 0;
  for (const f of readdirSync(dir)) if (f.endsWith('.ts')) newest = Math.max(newest, statSync(join(dir, f)).mtimeMs);
  for (const f of ['report-data.ts', 'timeline.ts', 'stream-views.ts', 'evidence.ts']) {
    const p = join(root, 'reports', f);
    if (existsSync(p)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** The viewer script: the built bundle when it is there and up to date, else bundled now. */
export function loadViewerScript(root: string): string {
  const built = bundlePath(root);
  const sources = existsSync(viewerSources(root).entry);
  if (existsSync(built) && (!sources || statSync(built).mtimeMs >= newestSource(root))) return readFileSync(built, 'utf8');
  if (!sources) throw new Error(`the report viewer is missing: neither ${built} nor its sources exist (run npm run build)`);
  return bundleViewer(root);
}

/** Writes the bundle to {@link bundlePath} (the `npm run build` step). */
export function writeBundle(root: string): string {
  const file = bundlePath(root);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bundleViewer(root));
  return file;
}

// `node dist/reports/viewer-bundle.js`: the build step.
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const file = writeBundle(root);
  process.stdout.write(`viewer bundle: ${file} (${Math.round(statSync(file).size / 1024)} KiB)\n`);
}

/**
 * Bundling the viewer at run time (when dist's bundle is older than the sources) leaves no
 * `esbuild --service` child behind: esbuild is loaded without its worker-thread service, so
 * the process can exit (a campaign was once seen hanging at exit with that child alive).
 * Runs the compiled module (needs `npm run build`) in a child node process.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../core/history/helpers.js';

describe('bundleViewer', () => {
  it('bundles with no esbuild process left running afterwards, and leaves ESBUILD_WORKER_THREADS as it was', () => {
    const script = [
      `const { bundleViewer } = await import(${JSON.stringify(join(ROOT, 'dist', 'reports', 'viewer-bundle.js'))});`,
      `const js = bundleViewer(${JSON.stringify(ROOT)});`,
      "const { execSync } = await import('node:child_process');",
      'const kids = execSync(`ps -o args= --ppid ${process.pid}`).toString();',
      'console.log(JSON.stringify({ size: js.length, esbuild: kids.split("\\n").filter((l) => l.includes("esbuild")), env: process.env.ESBUILD_WORKER_THREADS ?? null }));',
    ].join('\n');
    const env = { ...process.env };
    delete env.ESBUILD_WORKER_THREADS;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, env, timeout: 60_000 }).toString());
    expect(out.size).toBeGreaterThan(10_000);
    expect(out.esbuild).toEqual([]);
    expect(out.env).toBeNull();
  }, 90_000);
});

/**
 * Where the compiled worker script is. Worker threads need JavaScript: when this module runs
 * compiled (from dist/) the worker sits beside it; when it runs from TypeScript sources (e.g.
 * under vitest) we find the project root (the nearest folder with a package.json) and use
 * `<root>/dist/checkers/linearizable/worker.js`, which `npm run build` produces.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest ancestor of this file holding a package.json. */
export function projectRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Absolute path of the compiled worker script, or `undefined` when it has not been built. */
export function workerScriptPath(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) {
    const beside = join(dirname(here), 'worker.js');
    if (existsSync(beside)) return beside;
  }
  const root = projectRoot();
  if (root === undefined) return undefined;
  const built = join(root, 'dist', 'checkers', 'linearizable', 'worker.js');
  return existsSync(built) ? built : undefined;
}

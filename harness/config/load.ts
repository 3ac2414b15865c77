/**
 * Finding and loading the config file: `--config <path>`, else the first of
 * `faultline.config.{ts,mts,js,mjs,json}` in the working directory. TypeScript and ES modules
 * are loaded with jiti (no build step for users); `import { defineConfig } from 'faultline'`
 * resolves to this package. What the keys mean is checked by config resolution
 * (harness/run/config.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { extname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createJiti } from 'jiti';
import { UsageError, quote } from '../../core/errors.js';
import type { ConfigFile } from '../run/config.js';

/** File names looked for in the working directory, in this order. */
export const CONFIG_NAMES = ['faultline.config.ts', 'faultline.config.mts', 'faultline.config.js', 'faultline.config.mjs', 'faultline.config.json'] as const;

const firstLine = (text: string): string =>
  text
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim() ?? text;

/**
 * Loads the config file `given` (relative to `cwd`), else the first of {@link CONFIG_NAMES} in
 * `cwd`; undefined when none is given or found.
 * @throws UsageError (one line, naming the file) when it is missing, does not load, or is not an object
 */
export async function loadConfigFile(cwd: string, given?: string): Promise<ConfigFile | undefined> {
  let shown: string;
  if (given !== undefined) {
    if (given.trim() === '') throw new UsageError('--config: expected a file, got ""');
    shown = given;
    if (!existsSync(resolve(cwd, given))) throw new UsageError(`--config: no such file ${quote(given)}`);
  } else {
    const found = CONFIG_NAMES.find((n) => existsSync(resolve(cwd, n)));
    if (found === undefined) return undefined;
    shown = found;
  }
  const file = isAbsolute(shown) ? shown : resolve(cwd, shown);
  let loaded: unknown;
  if (extname(file) === '.json') {
    try {
      loaded = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new UsageError(`${shown}: bad JSON (${firstLine((err as Error).message)})`);
    }
  } else {
    // define.js next to this module once built; define.ts when run from the sources (tests).
    const define = [new URL('./define.js', import.meta.url), new URL('./define.ts', import.meta.url)].map((u) => fileURLToPath(u)).find((f) => existsSync(f));
    const alias: Record<string, string> = define === undefined ? {} : { faultline: define, 'faultline/config': define };
    const jiti = createJiti(import.meta.url, { alias, fsCache: false, moduleCache: false });
    try {
      loaded = await jiti.import(file, { default: true });
    } catch (err) {
      throw new UsageError(`${shown}: cannot load: ${firstLine((err as Error).message ?? String(err))}`);
    }
  }
  if (typeof loaded !== 'object' || loaded === null || Array.isArray(loaded)) {
    throw new UsageError(`${shown}: expected an object (export default defineConfig({ ... })), got ${Array.isArray(loaded) ? 'a list' : typeof loaded}`);
  }
  return { path: shown, values: loaded as Record<string, unknown> };
}

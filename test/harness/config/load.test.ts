/**
 * Loading the config file: `faultline.config.ts` (with `defineConfig` from 'faultline'), `.js`,
 * `.json`, `--config <path>`, and one-line errors naming the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../../core/errors.js';
import { loadConfigFile } from '../../../harness/config/load.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'faultline-config-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}
async function error(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  expect((err as Error).message).not.toContain('\n');
  return (err as Error).message;
}

describe('loadConfigFile', () => {
  it('finds faultline.config.ts in the working directory and loads it with defineConfig from faultline', async () => {
    const d = dir({
      'faultline.config.ts': "import { defineConfig } from 'faultline';\nconst t: number = 30;\nexport default defineConfig({ timeLimit: t, herddbIsolation: 'read-committed' });\n",
    });
    expect(await loadConfigFile(d)).toEqual({ path: 'faultline.config.ts', values: { timeLimit: 30, herddbIsolation: 'read-committed' } });
  });

  it('loads .js and .json, and --config paths relative to the working directory', async () => {
    expect((await loadConfigFile(dir({ 'faultline.config.js': 'export default { rate: 50 };\n' })))?.values).toEqual({ rate: 50 });
    expect((await loadConfigFile(dir({ 'faultline.config.json': '{ "nodes": 5 }' })))?.values).toEqual({ nodes: 5 });
    const d = dir({ 'other.json': '{ "seed": 7 }' });
    expect(await loadConfigFile(d, 'other.json')).toEqual({ path: 'other.json', values: { seed: 7 } });
  });

  it('is undefined without a file', async () => {
    expect(await loadConfigFile(dir({}))).toBeUndefined();
  });

  it('refuses a missing, broken or non-object file on one line naming it', async () => {
    expect(await error(loadConfigFile(dir({}), 'nope.ts'))).toBe('--config: no such file "nope.ts"');
    expect(await error(loadConfigFile(dir({ 'faultline.config.json': '{ nodes: ' })))).toMatch(/^faultline\.config\.json: bad JSON \(/);
    expect(await error(loadConfigFile(dir({ 'faultline.config.ts': 'export default {{;\n' })))).toMatch(/^faultline\.config\.ts: cannot load: /);
    expect(await error(loadConfigFile(dir({ 'faultline.config.json': '[1]' })))).toBe('faultline.config.json: expected an object (export default defineConfig({ ... })), got a list');
  });
});

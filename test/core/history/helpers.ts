/** Test helpers: temp dirs, the shared vectors folder, and catching InputErrors. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

/** The project root (…/main). */
export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/** The test fixtures: `<root>/test/fixtures`. */
export const SHARED = resolve(ROOT, 'test', 'fixtures');
/** The real-world vectors. */
export const VECTORS = join(SHARED, 'vectors', 'porcupine');

/** A fresh temp dir removed after the current test file's tests. */
export function useTempDir(): () => string {
  let dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
  return () => {
    const d = mkdtempSync(join(tmpdir(), 'faultline-test-'));
    dirs.push(d);
    return d;
  };
}

/** Writes `text` to `dir/name` and returns the path. */
export function fixture(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** Runs `fn` and returns the error it threw (fails the test when it does not throw). */
export async function caught(fn: () => unknown): Promise<Error> {
  try {
    await fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

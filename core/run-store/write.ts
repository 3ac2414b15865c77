/**
 * Writing the run store: `<root>/<test-name>/<timestamp>/` per run, holding history.jsonl,
 * test.json, results.json, logs/<node>/…, report.html; a `latest` symlink in each test folder and
 * one at the root point to the newest run. JSON files are written whole (temp file + rename).
 * The one writer of test.json and results.json.
 */
import { lstat, mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { UsageError } from '../errors.js';
import { basename, join, relative } from 'node:path';
import { RUN_FILES, runStamp } from './names.js';
import type { RunResults } from './results.js';
import type { StoredTest } from './test-json.js';

export { RUN_FILES, runStamp };


/**
 * Creates a fresh run folder `<root>/<test>/<stamp>` (with `-1`, `-2`… appended if taken) and
 * points both `latest` links at it.
 * @returns its absolute path
 */
export async function createRunDir(root: string, test: string, startedAt: Date): Promise<string> {
  const testDir = join(root, test);
  await mkdir(testDir, { recursive: true });
  const stamp = runStamp(startedAt);
  for (let i = 0; ; i++) {
    const dir = join(testDir, i === 0 ? stamp : `${stamp}-${i}`);
    try {
      await mkdir(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST' && i < 1000) continue;
      throw err;
    }
    await pointLatest(root, dir);
    return dir;
  }
}

/** Points `<test>/latest` and `<root>/latest` at `runDir` (relative links, replaced atomically). */
export async function pointLatest(root: string, runDir: string): Promise<void> {
  const testDir = join(runDir, '..');
  await replaceLink(join(testDir, 'latest'), basename(runDir));
  await replaceLink(join(root, 'latest'), relative(root, runDir));
}

let tmpCounter = 0;

async function replaceLink(link: string, target: string): Promise<void> {
  // pid and a counter: runs of one process (a campaign's parallel runs) may replace the same link at once.
  const tmp = `${link}.${process.pid}-${++tmpCounter}.tmp`;
  await rm(tmp, { force: true });
  await symlink(target, tmp);
  await rename(tmp, link);
}

/**
 * Throws a one-line {@link UsageError} when `file` exists and is not a regular file (e.g. a
 * folder called results.json), which a write would fail on after the work was done.
 */
export async function checkFileTarget(file: string): Promise<void> {
  const existing = await lstat(file).catch(() => undefined);
  if (existing !== undefined && !existing.isFile()) throw new UsageError(`${file}: exists and is not a file (${existing.isDirectory() ? 'a folder' : 'a special file'}); move it away to write it`);
}

/**
 * Writes `value` as pretty JSON to `file` via a temp file and a rename; the temp file is
 * removed when that fails. @throws UsageError when `file` is a folder (see {@link checkFileTarget})
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await checkFileTarget(file);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Writes `<runDir>/test.json`. */
export async function writeTestJson(runDir: string, test: StoredTest): Promise<void> {
  await writeJsonAtomic(join(runDir, RUN_FILES.test), test);
}

/** Writes `<runDir>/results.json`. */
export async function writeResultsJson(runDir: string, results: RunResults): Promise<void> {
  await writeJsonAtomic(join(runDir, RUN_FILES.results), results);
}

/**
 * A cross-process lock made of an exclusively created file holding the owner's pid, so that
 * concurrent `faultline up` runs (or test files) do not install, start or build twice.
 */
import { mkdirSync, openSync, closeSync, writeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where lock files live: `$TMPDIR/faultline-locks`. */
export function lockDir(): string {
  return join(tmpdir(), 'faultline-locks');
}

/** True when a process with `pid` exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Tries once to take the lock file; removes it first when its owner is dead. */
function tryTake(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o644);
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    let owner = NaN;
    try {
      owner = Number(readFileSync(path, 'utf8').trim());
    } catch {
      return false; // removed meanwhile: try again next round
    }
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) return false;
    rmSync(path, { force: true });
    return false;
  }
}

/**
 * Runs `fn` while holding the lock `name`, waiting up to `waitMs` (default 15 minutes) for
 * another process to release it. Stale locks of dead processes are broken.
 * @throws Error naming the lock file when the wait runs out
 */
export async function withFileLock<T>(name: string, fn: () => Promise<T>, waitMs = 15 * 60_000): Promise<T> {
  // The lock file tells processes apart; callers in this process queue here first (a file
  // holding our own pid would otherwise look stale to them).
  const before = inProcess.get(name) ?? Promise.resolve();
  let release!: () => void;
  const done = new Promise<void>((r) => (release = r));
  const mine = before.then(() => done);
  inProcess.set(name, mine);
  await before;
  try {
    return await underFile(name, fn, waitMs);
  } finally {
    release();
    if (inProcess.get(name) === mine) inProcess.delete(name);
  }
}

/** Per lock name, the last caller in this process to queue (resolves when it is done). */
const inProcess = new Map<string, Promise<void>>();

/** {@link withFileLock} once this process's earlier callers are done: the lock file itself. */
async function underFile<T>(name: string, fn: () => Promise<T>, waitMs: number): Promise<T> {
  mkdirSync(lockDir(), { recursive: true });
  const path = join(lockDir(), `${name}.lock`);
  const deadline = Date.now() + waitMs;
  while (!tryTake(path)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${waitMs} ms waiting for lock ${path}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  try {
    return await fn();
  } finally {
    rmSync(path, { force: true });
  }
}

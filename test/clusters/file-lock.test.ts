import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockDir, withFileLock } from '../../clusters/file-lock.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('withFileLock', () => {
  it('serialises callers in one process, in call order, and removes the file after the last', async () => {
    const name = `test-${process.pid}-${Date.now()}`;
    const events: string[] = [];
    let inside = 0;
    let most = 0;
    const job = (id: number) =>
      withFileLock(name, async () => {
        inside++;
        most = Math.max(most, inside);
        events.push(`in ${id}`);
        expect(existsSync(join(lockDir(), `${name}.lock`))).toBe(true);
        await sleep(20);
        events.push(`out ${id}`);
        inside--;
        return id;
      });
    expect(await Promise.all([job(1), job(2), job(3)])).toEqual([1, 2, 3]);
    expect(most).toBe(1);
    expect(events).toEqual(['in 1', 'out 1', 'in 2', 'out 2', 'in 3', 'out 3']);
    expect(existsSync(join(lockDir(), `${name}.lock`))).toBe(false);
  });

  it('a failing holder releases the lock for the next caller', async () => {
    const name = `test-fail-${process.pid}-${Date.now()}`;
    const first = withFileLock(name, async () => {
      throw new Error('boom');
    });
    const second = withFileLock(name, async () => 'ran');
    await expect(first).rejects.toThrow('boom');
    expect(await second).toBe('ran');
  });
});

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readHistory } from '../../../core/history/index.js';
import { ROOT, useTempDir } from './helpers.js';

const tempDir = useTempDir();

/** Runs a script in a fresh node (ESM) from the project root; resolves with its signal. */
function runNode(script: string): Promise<NodeJS.Signals | null> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT }, () => resolve(child.signalCode));
  });
}

// Uses the compiled writer (dist/, built by `npm test`), killed with SIGKILL.
describe('HistoryWriter and a crash', () => {
  it('a killed writer loses only the unflushed tail', async () => {
    const file = join(tempDir(), 'crash.jsonl');
    const writer = pathToFileURL(join(ROOT, 'dist', 'core', 'history', 'writer.js')).href;
    const signal = await runNode(`
      const { HistoryWriter } = await import(${JSON.stringify(writer)});
      const w = await HistoryWriter.create(${JSON.stringify(file)}, { test: 'crash' }, { fsync: true });
      const op = (i) => ({ index: i, time: i, process: 0, type: i % 2 ? 'ok' : 'invoke', f: 'write', value: i });
      for (let i = 0; i < 3; i++) w.append(op(i));
      await w.flush();
      for (let i = 3; i < 5; i++) w.append(op(i));
      process.kill(process.pid, 'SIGKILL');
    `);
    expect(signal).toBe('SIGKILL');
    const h = await readHistory(file);
    expect(h.header).toMatchObject({ test: 'crash' });
    expect(h.ops.map((o) => o.index)).toEqual([0, 1, 2]);
  });
});

/**
 * An exception nothing caught, thrown by a "client library" inside a timer mid-run, must heal
 * the faults, tear down and exit 255 — never Node's default 1 (= INVALID). Runs a real
 * controller process (test/support/crash-child.mjs, over the compiled dist/).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ControllerCrash, guardController } from '../../../harness/cli/crash-guard.js';
import { ROOT } from '../../core/history/helpers.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
  vi.restoreAllMocks();
});

function child(store: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'test', 'support', 'crash-child.mjs'), store], { cwd: ROOT, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err && typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : err ? -1 : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('guardController', () => {
  it('turns an uncaught exception in a client library into a healed, torn-down run that exits 255', async () => {
    const store = mkdtempSync(join(tmpdir(), 'faultline-crash-'));
    dirs.push(store);
    const r = await child(store);
    expect(r.code).toBe(255);
    const { lines, runDir, outcome } = JSON.parse(r.stdout.split('\n')[0]!) as { lines: string[]; runDir: string; outcome: string };
    expect(outcome).toBe('crashed');
    expect(lines).toContain('controller error: uncaught Error: Unknown code: -1146028030; healing faults, tearing down, then exiting 255');
    // the later rejection met the guard (while cleaning up) or the last resort (after): one line either way, no stack
    const late = lines.includes('controller error while cleaning up (ignored): uncaught Error: a rejection nobody handled');
    expect(late || r.stderr === 'faultline: crashed: uncaught Error: a rejection nobody handled\n').toBe(true);
    if (late) expect(r.stderr).toBe('');
    expect(lines).toContain('teardown: heal: nemesis teardown');
    expect(lines).toContain('teardown: collect logs, db teardown');
    expect(lines.at(-1)).toMatch(/^controller crashed \(uncaught Error: Unknown code: -1146028030\): faults healed, cleaned up; the partial run is in /);
    expect(JSON.parse(readFileSync(join(runDir, 'test.json'), 'utf8')).outcome).toBe('crashed');
  });

  it('aborts with a ControllerCrash, exits 255 itself when the teardowns overrun, and removes its handlers', async () => {
    const ctl = new AbortController();
    const exits: number[] = [];
    const lines: string[] = [];
    const before = process.listenerCount('uncaughtException');
    const g = guardController(ctl, (l) => lines.push(l), { deadlineMs: 20, exit: (c) => void exits.push(c) });
    expect(process.listenerCount('uncaughtException')).toBe(before + 1);
    process.listeners('unhandledRejection').at(-1)!('boom' as never, Promise.resolve());
    expect(ctl.signal.reason).toBeInstanceOf(ControllerCrash);
    expect(g.crash?.message).toBe('uncaught error: boom');
    await new Promise((r) => setTimeout(r, 60));
    expect(exits).toEqual([255]);
    g.dispose();
    expect(process.listenerCount('uncaughtException')).toBe(before);
  });
});

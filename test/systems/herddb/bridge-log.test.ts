/**
 * The bridge's stderr (the JDBC driver's retries and errors) lands in the run's
 * `logs/bridge.log`: a stand-in child process that prints on stderr and exits.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Bridge } from '../../../systems/herddb/bridge.js';

describe('herddb bridge log', () => {
  it("writes the JVM's stderr to the given file and reports the exit with its tail", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-bridge-log-'));
    try {
      const file = join(dir, 'logs', 'bridge.log');
      const child = spawn(process.execPath, ['-e', "process.stderr.write('INFO: retry #1: LeaderChangedException\\nSEVERE: no route\\n')"], { stdio: ['pipe', 'pipe', 'pipe'] });
      const logged: string[] = [];
      const bridge = new Bridge(child, (m) => logged.push(m), file);
      await new Promise<void>((res) => child.once('close', () => res()));
      await new Promise((res) => setTimeout(res, 50)); // the write stream's end
      expect(readFileSync(file, 'utf8')).toBe('INFO: retry #1: LeaderChangedException\nSEVERE: no route\n');
      const a = await bridge.exec({ conn: 'w1', url: 'jdbc:herddb:zookeeper:x:2181/herd', props: {}, timeoutMs: 100, stmts: [] });
      expect(a).toMatchObject({ ok: false, stage: 'connect' });
      expect(a.ok ? '' : a.error).toMatch(/bridge exited \(0\): INFO: retry #1: LeaderChangedException \| SEVERE: no route/);
      expect(logged).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

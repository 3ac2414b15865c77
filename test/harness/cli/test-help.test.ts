/**
 * `faultline test <system> --help` lists that system's options (and no other system's), and a
 * config file's misspelled key stops the run with one line and exit 254 (the compiled CLI).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

describe('faultline test <system> --help', () => {
  it('shows the Kafka options and no etcd ones', async () => {
    const r = await runCli(['test', 'kafka', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--kafka-weak');
    expect(r.stdout).toContain('--ordering-keys <n>');
    expect(r.stdout).toMatch(/Options of kafka .*\n  kafkaWeak: boolean \(default false\), flag --kafka-weak\n/);
    expect(r.stdout).not.toMatch(/--etcd-|etcdSerializableReads|etcdTimeoutMs/);
  });

  it('lists config-file-only options with type, default and help', async () => {
    const r = await runCli(['test', 'herddb', '--help']);
    expect(r.stdout).toContain('herddbIsolation: "repeatable-read" | "read-committed" (default "repeatable-read")');
    expect(r.stdout).not.toContain('--kafka-weak');
  });

  it('without a system, lists the systems', async () => {
    const r = await runCli(['test', '--help']);
    expect(r.stdout).toMatch(/Systems:\n  bookkeeper /);
    expect(r.stdout).toContain('faultline test <system> --help lists');
  });
});

describe('faultline test with a config file', () => {
  it('refuses a misspelled key: exit 254, one line naming the file, the key and the value', async () => {
    const d = mkdtempSync(join(tmpdir(), 'faultline-cfg-cli-'));
    dirs.push(d);
    writeFileSync(join(d, 'faultline.config.ts'), "import { defineConfig } from 'faultline';\nexport default defineConfig({ herddbIsolaton: 'read-committed', timeLimit: 30 });\n");
    const r = await runCli(['test', 'memory'], d);
    expect(r).toEqual({
      code: 254,
      stdout: '',
      stderr: 'faultline: faultline.config.ts: herddbIsolaton: unknown key (value "read-committed"): not a test flag or an option of any system\n',
    });
  });
});

/**
 * `faultline campaign <name>` with the campaign taken from the config file (the compiled CLI,
 * spawned, on the in-process memory system): its fields and options apply, flags win, the
 * folder is named after it, and bad names or fields are one line naming the file (exit 254).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'faultline-campaign-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const store = join(dir, 'store');
writeFileSync(
  join(dir, 'faultline.config.ts'),
  `import { defineConfig } from 'faultline';
export default defineConfig({
  rate: 50,
  campaigns: {
    smoke: { systems: ['memory'], nemeses: [['kill'], []], testCount: 2, timeLimit: 1, store: ${JSON.stringify(store)}, options: { memoryStaleReads: 0.9 } },
    clean: { systems: 'memory', nemeses: 'none', timeLimit: 1, store: ${JSON.stringify(store)} },
    broken: { systems: ['memory'], testCount: 0 },
    typo: { systems: ['memory'], options: { memoryStaleRead: 0.5 } },
  },
});
`,
);
writeFileSync(join(dir, 'other.json'), JSON.stringify({ campaigns: { other: { systems: ['memory'], nemeses: ['none'], timeLimit: 1, store: join(dir, 'other-store') } } }));

describe('faultline campaign <name> from faultline.config.ts', () => {
  it('runs the named campaign with its fields and options; flags win (--test-count 1 over testCount 2)', async () => {
    const r = await runCli(['campaign', 'smoke', '--test-count', '1'], dir);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.code).toBe(1); // memoryStaleReads 0.9 from the campaign's options
    expect(r.stdout).toMatch(/^2 runs: .*INVALID/m);
    const lines = r.stdout.split('\n');
    expect(lines.slice(1, 3).map((l) => l.split(/\s+/).slice(0, 4).join(' '))).toEqual(['1 memory register kill', '2 memory register none']);
    const folders = readdirSync(join(store, 'campaigns'));
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(/^smoke-/);
    const json = JSON.parse(readFileSync(join(store, 'campaigns', folders[0], 'campaign.json'), 'utf8'));
    expect(json.name).toBe('smoke');
    const test = JSON.parse(readFileSync(join(json.runs[0].runDir, 'test.json'), 'utf8'));
    expect(test.options).toMatchObject({ rate: 50, timeLimitS: 1, memoryStaleReads: 0.9, configFile: 'faultline.config.ts' });
  });

  it('--campaign <name> --config <file> takes it from another file', async () => {
    const r = await runCli(['campaign', '--campaign', 'other', '--config', 'other.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 run: 1 VALID');
    expect(readdirSync(join(dir, 'other-store', 'campaigns'))[0]).toMatch(/^other-/);
  });

  it.each([
    [['campaign', 'nightly'], 'faultline.config.ts: campaigns: no campaign "nightly" (it has: smoke, clean, broken, typo)'],
    [['campaign', 'broken'], 'faultline.config.ts: campaigns.broken.testCount: expected an integer from 1 to 100000, got "0"'],
    [['campaign', 'typo'], 'memory: faultline.config.ts: campaigns.typo.options.memoryStaleRead: unknown key (value 0.5): not a test flag or an option of any system'],
    [['campaign', 'clean', '--campaign', 'smoke'], 'campaign: two campaign names given, "clean" and --campaign "smoke"'],
    [['campaign', 'clean', '--config', 'nope.ts'], '--config: no such file "nope.ts"'],
  ])('%j: one line, exit 254', async (args, message) => {
    const r = await runCli(args, dir);
    expect(r).toMatchObject({ code: 254, stdout: '' });
    expect(r.stderr).toBe(`faultline: ${message}\n`);
  });

  it('a name without a config file is one line, exit 254', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'faultline-campaign-noconfig-'));
    try {
      const r = await runCli(['campaign', 'nightly'], empty);
      expect(r.code).toBe(254);
      expect(r.stderr).toMatch(/^faultline: campaign "nightly": no config file to take it from \(none of faultline\.config\.ts, .* in .*; or give --config <file>\)\n$/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../core/errors.js';
import { main } from '../../harness/cli/main.js';
import { buildReportData, loadAssets, renderReportHtml, writeReports } from '../../reports/index.js';
import { useTempDir } from '../core/history/helpers.js';
import { syntheticHistory, validRun, writeRun } from './fixtures.js';

const tempDir = useTempDir();

/** Runs the CLI in this process, capturing its output. */
async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'faultline', ...args]);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
  }
}

describe('writeReports', () => {
  it('writes report.html, junit.xml and perf.json into the run directory', async () => {
    const dir = validRun(join(tempDir(), 'run'), 4000);
    const r = await writeReports(dir);
    expect(r).toMatchObject({ html: join(dir, 'report.html'), junit: join(dir, 'junit.xml'), json: join(dir, 'perf.json'), warnings: [] });
    const html = readFileSync(r.html, 'utf8');
    expect(html).toContain('<title>VALID · etcd-register · faultline report</title>');
    expect(html).toContain('uPlot');
    expect(readFileSync(r.junit, 'utf8')).toContain('tests="2" failures="0" errors="0"');
    expect(JSON.parse(readFileSync(r.json!, 'utf8')).counts.invoke).toBe(r.data.perf.counts.invoke);
  });

  it('reports a partial run (history only, a truncated last line) as not checked', async () => {
    const dir = writeRun(join(tempDir(), 'partial'), syntheticHistory(100));
    writeFileSync(join(dir, 'history.jsonl'), `${readFileSync(join(dir, 'history.jsonl'), 'utf8')}{"index":100,"ti`);
    const r = await writeReports(dir);
    expect(r.data.valid).toBeNull();
    expect(r.warnings.join('\n')).toMatch(/truncated[\s\S]*test\.json: missing[\s\S]*results\.json: missing/);
    expect(readFileSync(r.html, 'utf8')).toContain('<title>NOT CHECKED');
  });

  it('rejects what is not a run directory', async () => {
    const dir = tempDir();
    await expect(writeReports(join(dir, 'nope'))).rejects.toThrow(UsageError);
    await expect(writeReports(dir)).rejects.toThrow(/no history\.jsonl/);
  });

  it('keeps report.html under 5 MB for a 1,000,000-event history', () => {
    const started = Date.now();
    const data = buildReportData({ history: syntheticHistory(1_000_000), faultlineVersion: 't', generatedAt: 't' });
    const html = renderReportHtml(data, loadAssets());
    expect(Buffer.byteLength(html)).toBeLessThan(5 * 1024 * 1024);
    expect(data.timeline.s.length).toBe(50_000);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});

describe('faultline report', () => {
  it('redraws the report and prints its path', async () => {
    const dir = validRun(join(tempDir(), 'run'), 1000);
    const r = await cli(['report', dir]);
    expect(r).toEqual({ code: 0, out: `${join(dir, 'report.html')}\n`, err: '' });
    expect(existsSync(join(dir, 'junit.xml'))).toBe(true);
  });

  it('fails on a bad run directory with one line and exit 254', async () => {
    const r = await cli(['report', join(tempDir(), 'missing')]);
    expect(r.code).toBe(254);
    expect(r.err).toMatch(/^faultline: no such run directory: .*missing\n$/);
  });
});

/**
 * {@link writeReports}: reads a stored run and (re)writes its report.html, junit.xml and
 * perf.json. Each file is written to a temporary name first and renamed, so a reader never
 * sees half a report.
 */
import { rename, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { faultlineVersion, loadAssets } from './assets.js';
import { renderReportHtml } from './html.js';
import { renderJunit } from './junit.js';
import { buildReportData, type ReportData } from './report-data.js';
import { readRun } from '../core/run-store/index.js';

/** Paths of the files {@link writeReports} wrote. */
export interface WrittenReports {
  /** report.html */
  html: string;
  /** junit.xml */
  junit: string;
  /** perf.json: the run's performance statistics (`PerfStats`). */
  json?: string;
  /** The data report.html embeds (for the console summary and tests). */
  data: ReportData;
  /** Problems met reading the run that did not stop the report. */
  warnings: string[];
}

/** Options of {@link writeReports}. */
export interface WriteReportsOptions {
  /** Most ops drawn in the timeline; default 50,000. */
  maxOps?: number;
}

/** `file` relative to the working directory when it lies below it (CI prints paths people can open), else as is. */
export function relativePath(file: string, cwd = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || resolve(cwd, rel) !== resolve(file) ? file : rel;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

/**
 * Writes `report.html`, `junit.xml` and `perf.json` into `runDir` from its history.jsonl,
 * test.json and results.json (the last two may be missing: a partial run is reported as not
 * checked).
 * @returns the paths written (absolute)
 * @throws UsageError when `runDir` is not a run directory; InputError for a malformed history
 */
export async function writeReports(runDir: string, opts: WriteReportsOptions = {}): Promise<WrittenReports> {
  const dir = resolve(runDir);
  const run = await readRun(dir);
  const data = buildReportData({
    history: run.history,
    header: run.header,
    runDir: dir,
    warnings: run.warnings,
    faultlineVersion: faultlineVersion(),
    generatedAt: new Date().toISOString(),
    ...(run.test ? { test: run.test } : {}),
    ...(run.results ? { results: run.results } : {}),
    ...(opts.maxOps === undefined ? {} : { maxOps: opts.maxOps }),
  });
  const html = join(dir, 'report.html');
  const junit = join(dir, 'junit.xml');
  const json = join(dir, 'perf.json');
  await writeAtomically(html, renderReportHtml(data, loadAssets()));
  await writeAtomically(junit, renderJunit(run.results, run.test, { durationS: data.perf.durationS, reportPath: relativePath(html) }));
  await writeAtomically(json, `${JSON.stringify(data.perf)}\n`);
  return { html, junit, json, data, warnings: run.warnings };
}

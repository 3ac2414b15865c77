/**
 * A report for a history no faultline run produced (a Jepsen EDN file, a Porcupine log, a JSONL
 * history from elsewhere): the history plus one linearizability verdict, drawn as report.html
 * like a run's. Pure apart from {@link writeStandaloneReport}.
 */
import { rename, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { History } from '../core/op.js';
import type { Verdict } from '../core/verdict.js';
import { faultlineVersion, loadAssets } from './assets.js';
import { renderReportHtml } from './html.js';
import { buildReportData, type ReportData } from './report-data.js';

/** What a standalone report says about where its history came from. */
export interface StandaloneSource {
  /** The history file. */
  file: string;
  /** The format it was read as. */
  format: string;
  /** The model it was checked against. */
  model: string;
  /** The checker's name in the report; default `linearizable`. */
  checker?: string;
  /** Header of a JSONL history, when it has one. */
  header?: Record<string, unknown>;
  warnings?: string[];
}

/** The report data of a history checked for linearizability outside a run. Pure (given `generatedAt`). */
export function standaloneReportData(history: History, verdict: Verdict, source: StandaloneSource, generatedAt: string): ReportData {
  return buildReportData({
    history,
    test: { name: basename(source.file), workload: `${source.model} (${source.format} history)` },
    results: { valid: verdict.valid, checkers: { [source.checker ?? 'linearizable']: verdict } },
    ...(source.header ? { header: source.header } : {}),
    warnings: source.warnings ?? [],
    faultlineVersion: faultlineVersion(),
    generatedAt,
  });
}

/**
 * Writes report.html for a checked history to `out` (through a temporary file, renamed).
 * @returns the absolute path written
 */
export async function writeStandaloneReport(out: string, history: History, verdict: Verdict, source: StandaloneSource): Promise<string> {
  const file = resolve(out);
  const html = renderReportHtml(standaloneReportData(history, verdict, source, new Date().toISOString()), loadAssets());
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, html);
  await rename(tmp, file);
  return file;
}

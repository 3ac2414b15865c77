/**
 * The run store's layout: `<root>/<test-name>/<timestamp>/` per run, with these files in it, and
 * a `latest` link in each test folder and one at the root. Pure.
 */

/** File names inside a run folder. */
export const RUN_FILES = {
  history: 'history.jsonl',
  test: 'test.json',
  results: 'results.json',
  report: 'report.html',
  logs: 'logs',
} as const;

/** A wall-clock time as a folder name: `20250101T120000.123Z` (UTC). Pure. */
export function runStamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '');
}

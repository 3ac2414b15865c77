/**
 * A vitest reporter that ends the run with one plain line, `tests: N passed, N failed, N skipped`,
 * which CI log readers understand whatever the colours of the default reporter.
 */
import type { Reporter } from 'vitest/reporters';

interface TaskLike {
  type: string;
  mode?: string;
  result?: { state?: string };
  tasks?: TaskLike[];
}

/** Counts passed / failed / skipped tests under `tasks`. Pure. */
export function countTests(tasks: readonly TaskLike[]): { passed: number; failed: number; skipped: number } {
  const out = { passed: 0, failed: 0, skipped: 0 };
  const walk = (t: TaskLike): void => {
    if (t.tasks) {
      for (const c of t.tasks) walk(c);
      if (t.type === 'suite' && t.result?.state === 'fail' && t.tasks.length === 0) out.failed++;
      return;
    }
    const state = t.result?.state;
    if (state === 'pass') out.passed++;
    else if (state === 'fail') out.failed++;
    else out.skipped++;
  };
  for (const t of tasks) walk(t);
  return out;
}

export default class PlainSummary implements Reporter {
  onFinished(files: TaskLike[] = [], errors: unknown[] = []): void {
    const c = countTests(files);
    // a file that failed to load has no tests but a failed state
    const brokenFiles = files.filter((f) => f.result?.state === 'fail' && (f.tasks?.length ?? 0) === 0).length;
    const failed = c.failed + brokenFiles + (errors.length > 0 && c.failed === 0 ? errors.length : 0);
    process.stdout.write(`\ntests: ${c.passed} passed, ${failed} failed, ${c.skipped} skipped\n`);
  }
}

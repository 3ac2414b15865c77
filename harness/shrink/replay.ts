/**
 * Replaying a fault schedule in a run: the run's options carry it as `faultSchedule` (so
 * test.json records it), and the nemesis packages' own schedules are replaced by one that
 * invokes exactly those ops at their times; the packages' final heals stay.
 */
import { UsageError } from '../../core/errors.js';
import type { NemesisPackage } from '../../core/plugins.js';
import { empty } from '../../core/generator/index.js';
import { replayGenerator, type ScheduledOp } from './schedule-file.js';

/** The run option holding the schedule to replay. */
export const SCHEDULE_OPTION = 'faultSchedule';

/** The run option holding the absolute path of the schedule file replayed (for the re-run line). */
export const SCHEDULE_FILE_OPTION = 'faultScheduleFile';

/** The schedule a run's options ask to replay, if any. Pure. */
export function scheduleOption(options: Readonly<Record<string, unknown>>): ScheduledOp[] | undefined {
  const s = options[SCHEDULE_OPTION];
  return Array.isArray(s) ? (s as ScheduledOp[]) : undefined;
}

/**
 * `packages` with their generators replaced by the replay of `ops` (on the first package,
 * which routes every f when they are composed).
 * @throws UsageError when a schedule has ops but the run has no nemesis to run them
 */
export function replayPackages(packages: readonly NemesisPackage[], ops: readonly ScheduledOp[]): NemesisPackage[] {
  if (packages.length === 0) {
    if (ops.length === 0) return [];
    throw new UsageError(`--schedule: the schedule has ${ops.length} fault op(s) (${[...new Set(ops.map((o) => o.f))].join(', ')}) but the run has no nemesis; give --nemesis`);
  }
  const fs = new Set(packages.flatMap((p) => p.nemesis.fs));
  const foreign = ops.find((o) => !fs.has(o.f));
  if (foreign !== undefined) throw new UsageError(`--schedule: no nemesis of this run handles ${JSON.stringify(foreign.f)} (it handles ${[...fs].join(', ')})`);
  return packages.map((p, i) => ({ ...p, generator: i === 0 ? replayGenerator(ops) : empty }));
}

/** Reading a schedule file for `faultline test --schedule <file>`, and the flags it implies. */
import { readFile } from 'node:fs/promises';
import { UsageError, quote } from '../../core/errors.js';
import type { RawTestFlags } from '../run/config.js';
import { checkSchedule, type FaultSchedule } from './schedule-file.js';

/**
 * Reads and checks a schedule file.
 * @throws UsageError naming the file when it is missing, not JSON or not a schedule
 */
export async function loadSchedule(file: string): Promise<FaultSchedule> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--schedule: cannot read ${quote(file)}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file}: not JSON: ${(e as Error).message}`);
  }
  return checkSchedule(raw, file);
}

/**
 * The flags of a replay: the schedule's workload, nemeses, seed and time limit unless the
 * flags say otherwise. Pure.
 * @throws UsageError when the schedule is for another system
 */
export function scheduleFlags(flags: RawTestFlags, s: FaultSchedule, system: string): RawTestFlags {
  if (s.system !== system) throw new UsageError(`--schedule: the schedule is for system ${quote(s.system)}, not ${quote(system)}`);
  return {
    ...flags,
    workload: flags.workload ?? s.workload,
    nemesis: flags.nemesis ?? (s.nemesis.length === 0 ? 'none' : s.nemesis.join(',')),
    seed: flags.seed ?? String(s.seed),
    timeLimit: flags.timeLimit ?? String(s.timeLimitS),
  };
}

/**
 * `faultline shrink <run-dir>`: from a failing (INVALID) run, replay its fault schedule with
 * the same seed on the same system and options, delta-debug the faults (and then the time
 * limit) down to the smallest schedule that still fails within `--budget` runs, and store it
 * as `<run-dir>/shrink/schedule.json` (replay with `faultline test <system> --schedule …`).
 * Exit 0 when a smaller or equal failing schedule was stored, 2 when the run did not fail
 * again (nothing to shrink), 254 for a run that is not INVALID.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { readHistory } from '../../core/history/index.js';
import { EXIT, UsageError } from '../../core/errors.js';
import { readStoredTest } from '../check/analyze.js';
import { integerIn } from '../../core/options/values.js';
import type { TestConfig } from '../run/config.js';
import { runTest } from '../run/pipeline.js';
import { RUN_FILES } from '../../core/run-store/index.js';
import { findSystem } from '../run/systems.js';
import { replayFlags } from '../shrink/replay-flags.js';
import { SCHEDULE_OPTION, scheduleOption } from '../shrink/replay.js';
import { scheduleFromHistory, type FaultSchedule, type ScheduledOp } from '../shrink/schedule-file.js';
import { shrinkSchedule, withAttempts, type ScheduleRunner } from '../shrink/shrink.js';
import { terminalIO } from './run-console.js';
import { onInterrupt } from './signals.js';
import { version } from './version.js';

interface ShrinkFlags {
  budget?: string;
  attempts?: string;
  /** Old name of `attempts`. */
  tries?: string;
  cluster?: string;
  subnet?: string;
}

/** Registers `faultline shrink` on `program`. */
export function registerShrink(program: Command): void {
  program
    .command('shrink')
    .description('shrink a failing run\'s fault schedule to the faults that still make it fail (replays on the real system)')
    .argument('<run-dir>', 'a stored INVALID run')
    .option('--budget <n>', 'most candidate schedules to try, the whole schedule first (default 12)')
    .option('--attempts <n>', 'runs of each candidate schedule before it counts as passing (it fails as soon as one run is INVALID) — for failures that depend on timing; at most budget × attempts runs (default 1)')
    .addOption(new Option('--tries <n>', 'old name of --attempts').hideHelp())
    .option('--cluster <name>', 'cluster for the replays (default: the run\'s)')
    .option('--subnet <cidr>', 'subnet for the replays (default: the run\'s)')
    .showHelpAfterError(false)
    .configureOutput({ outputError: (msg, write) => write(`faultline: ${msg.trim().replace(/^error: /, '')} (see faultline shrink --help)\n`) })
    .action(async (runDir: string, flags: ShrinkFlags) => {
      process.exitCode = await runShrink(resolve(runDir), flags);
    });
}

const describeOps = (s: FaultSchedule): string => s.ops.map((o) => `  ${o.timeS.toFixed(3).padStart(9)} s  ${o.f}  ${JSON.stringify(o.value)}`).join('\n');

async function runShrink(runDir: string, flags: ShrinkFlags): Promise<number> {
  const budget = flags.budget === undefined ? 12 : integerIn('--budget', flags.budget, 1, 1000);
  if (flags.attempts !== undefined && flags.tries !== undefined) throw new UsageError('--tries is the old name of --attempts: give one of them');
  const attemptsFlag = flags.tries === undefined ? '--attempts' : '--tries';
  const raw = flags.attempts ?? flags.tries;
  const tries = raw === undefined ? 1 : integerIn(attemptsFlag, raw, 1, 20);
  const test = await readStoredTest(runDir);
  const results = JSON.parse(await readFile(join(runDir, RUN_FILES.results), 'utf8').catch(() => '{}')) as { valid?: unknown };
  if (results.valid !== false) throw new UsageError(`${runDir}: not an INVALID run (results.json valid: ${JSON.stringify(results.valid)}); shrink needs a failing run`);
  const options = test.options as TestConfig;
  const { ops: history } = await readHistory(join(runDir, RUN_FILES.history));
  const original: FaultSchedule = {
    faultline: 'fault-schedule',
    source: runDir,
    system: options.system,
    workload: options.workload,
    nemesis: [...options.nemesis],
    seed: options.seed,
    timeLimitS: options.timeLimitS,
    ops: scheduleOption(options) ?? scheduleFromHistory(history, options.timeLimitS),
  };
  const def = findSystem(options.system);
  const io = terminalIO();
  const controller = new AbortController();
  const handlers = onInterrupt(controller, io.log, '');
  const outDir = join(runDir, 'shrink');
  await mkdir(outDir, { recursive: true });
  const VERDICT: Record<number, string> = { 0: 'VALID', 1: 'INVALID', 2: 'UNKNOWN' };
  const once = async (ops: ScheduledOp[], timeLimitS: number, attempt: number): Promise<'fail' | 'pass'> => {
    if (controller.signal.aborted) return 'pass';
    const config = Object.freeze({
      ...options,
      timeLimitS,
      seedGiven: true,
      ...(flags.cluster === undefined ? {} : { cluster: flags.cluster }),
      ...(flags.subnet === undefined ? {} : { subnet: flags.subnet }),
      [SCHEDULE_OPTION]: ops,
    }) as TestConfig;
    let log = '';
    const out = await runTest(config, def, controller.signal, { log: (l) => (log += `faultline: ${l}\n`), out: (t) => (log += `${t}\n`) }, { faultlineVersion: version() });
    await writeFile(join(outDir, 'runs.log'), log, { flag: 'a' });
    io.log(`  attempt ${attempt}/${tries}: ${VERDICT[out.exitCode] ?? `exit ${out.exitCode}`}${out.runDir ? ` ${out.runDir}` : ''}`);
    return out.exitCode === 1 ? 'fail' : 'pass';
  };
  const runner: ScheduleRunner = withAttempts(once, tries);
  io.log(`shrinking ${runDir}: ${original.ops.length} fault ops, seed ${original.seed}, ${original.timeLimitS} s, budget ${budget} candidate schedules × ${tries} attempt(s) each`);
  let r;
  try {
    r = await shrinkSchedule(original, runner, budget, io.log);
  } finally {
    handlers.dispose();
  }
  const file = join(outDir, 'schedule.json');
  await writeFile(join(outDir, 'original-schedule.json'), `${JSON.stringify(original, null, 2)}\n`);
  await writeFile(file, `${JSON.stringify(r.schedule, null, 2)}\n`);
  await writeFile(join(outDir, 'shrink.json'), `${JSON.stringify({ ...r, schedule: undefined, file }, null, 2)}\n`);
  if (!r.reproduced) {
    io.out(`not reproduced: the whole schedule (${r.faultsBefore} faults, seed ${original.seed}) did not fail again when replayed; nothing to shrink (schedule stored in ${file})`);
    return EXIT.unknown;
  }
  const cmd = ['faultline test', options.system, '--schedule', file, ...replayFlags(options)].join(' ');
  io.out(
    [
      `minimal fault schedule: ${r.faultsAfter} of ${r.faultsBefore} faults (${r.schedule.ops.length} of ${original.ops.length} ops), ${r.schedule.timeLimitS} s of ${original.timeLimitS} s, still INVALID; ${r.runs} runs${r.exhausted ? ' (budget spent: may shrink further)' : ''}`,
      describeOps(r.schedule),
      `stored: ${file}`,
      `replay: ${cmd}`,
    ].join('\n'),
  );
  return 0;
}

/**
 * One `faultline test` run from a resolved config to an exit code: build the parts (DB,
 * client, workload, nemeses, schedule), run the phases (see ./run-phases.ts) and unwind them,
 * record how the run ended in test.json, then check the history, write the report and print
 * the summary. An interrupted run is checked and reported too, marked partial (exit 2, or 1
 * when what it recorded is already invalid).
 */
import { join } from 'node:path';
import { exitCodeFor } from '../../core/verdict.js';
import type { Log } from '../../core/log.js';
import { buildWorkload } from '../../workloads/index.js';
import { ControllerCrash, EXIT, UsageError } from '../../core/errors.js';
import type { SystemDefinition } from '../../core/plugins.js';
import { analyzeRun } from '../check/analyze.js';
import type { RunResults } from '../check/check-run.js';
import type { TestConfig } from './config.js';
import { loadNemesisPackages, type NemesisFactory } from './nemeses.js';
import { runPhases } from './phases.js';
import { writeRunReports, type ReportOutcome } from './reports.js';
import { RunState, runPhaseList } from './run-phases.js';
import { buildSchedule } from './schedule.js';
import { replayPackages, scheduleOption } from '../shrink/replay.js';
import type { StatusStream } from './status.js';
import { RUN_FILES, writeTestJson } from '../../core/run-store/index.js';
import { summaryText } from './summary.js';
import type { RunOutcome } from '../../core/run-store/index.js';

/** Where a run's output goes. */
export interface RunIO {
  /** Progress lines (stderr). */
  log: Log;
  /** The summary and verdict (stdout), one text block at a time. */
  out: (text: string) => void;
  /** Live status (stderr); absent = none. */
  status?: StatusStream;
}

/** Replaceable collaborators (tests inject fakes). */
export interface PipelineDeps {
  /** Builds nemesis packages; default {@link loadNemesisPackages}. */
  nemeses?: NemesisFactory;
  /** Writes report.html; default {@link writeRunReports}. */
  writeReports?: (runDir: string) => Promise<ReportOutcome>;
  /** faultline's version, for test.json. */
  faultlineVersion: string;
  /** Time the run phase may overrun the time limit before it is stopped, s. Default 120 + 6 × op timeout. */
  allowanceS?: number;
  /** After Ctrl-C, time the running phase gets to stop before the teardowns, ms. Default 10,000. */
  graceMs?: number;
}

/** How a run ended. */
export interface TestOutcome {
  /** 0 valid, 1 invalid, 2 unknown or interrupted, 254 usage, 255 crash. */
  exitCode: number;
  outcome: RunOutcome;
  runDir?: string;
  results?: RunResults;
}

/** Phases before the checks (config … run), then check and report. */
const TOTAL_PHASES = 8;

function describeError(err: unknown): string {
  const parts: string[] = [];
  for (let e = err as { message?: string; cause?: unknown } | undefined, i = 0; e !== undefined && e !== null && i < 4; e = e.cause as typeof e, i++) {
    parts.push(typeof e === 'object' && typeof e.message === 'string' ? e.message : String(e));
  }
  return parts.join(': caused by: ');
}

/**
 * Runs the test `config` describes on `system`. Never throws for a failing phase (that is exit
 * 255 with a one-line message); rejects only with a {@link UsageError} found before any phase
 * ran (e.g. an unknown nemesis).
 */
export async function runTest(given: TestConfig, system: SystemDefinition, signal: AbortSignal, io: RunIO, deps: PipelineDeps): Promise<TestOutcome> {
  // The system's workload defaults go into the run's options, so test.json (and analyze) keep them.
  const config: TestConfig = system.workloadOptions === undefined ? given : Object.freeze({ ...system.workloadOptions, ...given });
  const db = system.db(config);
  const client = system.client(config.workload, config);
  const workload = buildWorkload(config.workload, { nodes: config.nodes.length, concurrency: config.concurrency, options: config });
  const packages = await (deps.nemeses ?? loadNemesisPackages)([...config.nemesis], { intervalS: config.nemesisIntervalS }, db);
  // `faultline test --schedule` / `faultline shrink`: exactly these fault ops instead of the packages' own schedules.
  const replay = scheduleOption(config);
  const schedule = buildSchedule(workload, replay === undefined ? packages : replayPackages(packages, replay), config);
  const st = new RunState();
  const parts = {
    config, system, db, client, packages, schedule, log: io.log, signal, faultlineVersion: deps.faultlineVersion, startedAt: new Date(),
    allowanceS: deps.allowanceS ?? 120 + (6 * config.opTimeoutMs) / 1000,
    ...(io.status === undefined ? {} : { status: io.status }),
  };
  const phases = await runPhases(runPhaseList(parts, st), { signal, log: io.log, total: TOTAL_PHASES, graceMs: deps.graceMs ?? 10_000 });
  const controllerCrash = signal.reason instanceof ControllerCrash ? signal.reason : undefined;
  const outcome: RunOutcome = phases.failed || controllerCrash ? 'crashed' : phases.interrupted ? 'interrupted' : st.timedOut ? 'timed-out' : 'complete';
  const runDir = st.runDir;
  if (runDir !== undefined && st.test !== undefined) {
    await writeTestJson(runDir, { ...st.test, outcome, finishedAt: new Date().toISOString() }).catch((e: unknown) => io.log(`test.json: ${(e as Error).message}`));
  }
  const base = runDir === undefined ? {} : { runDir };
  if (phases.failed) {
    io.log(`${phases.failed.title.split(':')[0]} failed: ${describeError(phases.failed.error)}`);
    if (process.env.FAULTLINE_DEBUG && phases.failed.error instanceof Error) io.log(phases.failed.error.stack ?? '');
    return { exitCode: phases.failed.error instanceof UsageError ? EXIT.usage : EXIT.crash, outcome, ...base };
  }
  if (controllerCrash) {
    io.log(`controller crashed (${controllerCrash.message}): faults healed, ${config.leaveDbRunning ? 'cluster left running' : 'cleaned up'}${runDir ? `; the partial run is in ${runDir}` : ''}`);
    return { exitCode: EXIT.crash, outcome, ...base };
  }
  if (phases.interrupted || runDir === undefined) {
    io.log(`interrupted: faults healed, ${config.leaveDbRunning ? 'cluster left running' : 'cleaned up'}${runDir ? `; checking the partial run in ${runDir} (Ctrl-C again to skip: \`faultline analyze ${runDir}\` checks it later)` : ''}`);
    if (runDir === undefined || !phases.interrupted || st.test === undefined) return { exitCode: EXIT.unknown, outcome, ...base };
    // The first Ctrl-C already aborted `signal`: the partial run is checked and reported under a signal of its own (a second Ctrl-C exits).
    const checked = await checkAndReport(runDir, outcome, io, deps, new AbortController().signal);
    return { ...checked, exitCode: checked.exitCode === EXIT.invalid ? EXIT.invalid : EXIT.unknown };
  }
  if (st.timedOut) io.log('warning: the run was stopped by its time budget; ops still open count as indeterminate');
  return checkAndReport(runDir, outcome, io, deps, signal);
}

/** Phases 7 and 8 (check, report) and the summary. */
async function checkAndReport(runDir: string, outcome: RunOutcome, io: RunIO, deps: PipelineDeps, signal: AbortSignal): Promise<TestOutcome> {
  let analysis: Awaited<ReturnType<typeof analyzeRun>> | undefined;
  let report: ReportOutcome = { unavailable: 'not written' };
  const post = await runPhases(
    [
      {
        title: 'check: the history against the workload checkers',
        setup: async () => {
          analysis = await analyzeRun(runDir);
        },
      },
      {
        title: 'report',
        setup: async () => {
          report = await (deps.writeReports ?? writeRunReports)(runDir);
        },
      },
    ],
    { signal, log: io.log, first: TOTAL_PHASES - 1, total: TOTAL_PHASES },
  );
  if (post.failed || analysis === undefined) {
    if (post.failed) io.log(`check failed: ${describeError(post.failed.error)}`);
    else io.log(`interrupted while checking: check it with \`faultline analyze ${runDir}\``);
    return { exitCode: post.failed ? EXIT.crash : EXIT.unknown, outcome, runDir };
  }
  const written = report as ReportOutcome;
  const html = 'html' in written ? written.html : undefined;
  if ('unavailable' in written) io.log(`report: ${written.unavailable}`);
  io.out(summaryText(analysis.results, analysis.test, html));
  return { exitCode: exitCodeFor(analysis.results.valid), outcome, runDir, results: analysis.results };
}

/**
 * One campaign run for real: the test's config resolved from the campaign's per-system flags
 * plus the run's workload, nemesis set, seed, store, cluster and subnet, then the ordinary
 * `faultline test` pipeline with its console output kept in the run's record (and in
 * `<campaign>/logs/<index>.log`) instead of the terminal.
 */
import { appendFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SystemDefinition } from '../../core/plugins.js';
import { resolveTestConfig, type ConfigFile, type RawTestFlags, type SystemFacts, type TestConfig } from '../run/config.js';
import { inventoryFromFlags, withInventory, type InventoryFlags } from '../run/inventory.js';
import { runTest, type PipelineDeps } from '../run/pipeline.js';
import { findSystem } from '../run/systems.js';
import { nemesisLabel, type PlannedRun } from './matrix.js';
import { anomalyClasses, verdictOf, type RunRecord } from './record.js';
import type { RunOne } from './runner.js';
import type { Slot } from './slots.js';

/** What every run of a campaign shares. */
export interface CampaignRunContext {
  /** Test flags per system (pass-through flags, see ./passthrough.ts). */
  flags: ReadonlyMap<string, RawTestFlags>;
  /** `--time-limit` of every run, as given. */
  timeLimit?: string;
  /** The store root (absolute). */
  store: string;
  /** The campaign folder (logs/ goes there). */
  campaignDir: string;
  /** A fresh seed. */
  randomSeed: () => number;
  cwd: string;
  /** The config file, below the flags (as for `faultline test`). */
  file?: ConfigFile;
  deps: PipelineDeps;
}

/** True when test flags name existing machines (`--nodes-file`, or `--nodes` with hosts). Pure. */
export function usesInventory(f: InventoryFlags): boolean {
  return f.nodesFile !== undefined || (f.nodes !== undefined && !/^\s*\d+\s*$/.test(f.nodes));
}

/** The test config of `run` on `slot` (with its SSH inventory, if the flags name one). */
function runConfig(ctx: Pick<CampaignRunContext, 'flags' | 'timeLimit' | 'store' | 'cwd' | 'file'>, run: PlannedRun, slot: Slot, facts: SystemFacts, randomSeed: () => number): TestConfig {
  const { flags, inventory } = inventoryFromFlags(runFlags(ctx, run, slot, run.seed));
  return withInventory(resolveTestConfig(facts, flags, { cwd: ctx.cwd, randomSeed, ...(ctx.file === undefined ? {} : { file: ctx.file }) }), inventory);
}

/** The raw test flags of `run` on `slot`. Pure. */
export function runFlags(ctx: Pick<CampaignRunContext, 'flags' | 'timeLimit' | 'store'>, run: PlannedRun, slot: Pick<Slot, 'cluster' | 'subnet'>, seed?: number): RawTestFlags & InventoryFlags {
  const own: RawTestFlags & InventoryFlags = ctx.flags.get(run.system) ?? {};
  return {
    ...own,
    workload: run.workload,
    nemesis: nemesisLabel(run.nemesis),
    store: ctx.store,
    // An SSH inventory's machines are the cluster: no local cluster name or subnet.
    ...(usesInventory(own) ? {} : { cluster: slot.cluster, subnet: slot.subnet }),
    ...(ctx.timeLimit === undefined ? {} : { timeLimit: ctx.timeLimit }),
    ...(seed === undefined ? {} : { seed: String(seed) }),
  };
}

/**
 * Resolves every run's config once with a placeholder seed, so a bad flag or an impossible
 * cell (a workload a system has no client for, a fault it cannot take) is a usage error
 * before any cluster starts.
 * @throws UsageError prefixed with the run's system
 */
export async function checkPlan(ctx: Pick<CampaignRunContext, 'flags' | 'timeLimit' | 'store' | 'cwd' | 'file'>, runs: readonly PlannedRun[], slot: Slot): Promise<void> {
  const seen = new Set<string>();
  for (const run of runs) {
    const key = `${run.system}/${run.workload}/${nemesisLabel(run.nemesis)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const def = findSystem(run.system);
    try {
      runConfig(ctx, run, slot, findSystem(run.system), () => 0);
    } catch (e) {
      if (e instanceof Error) e.message = `${run.system}: ${e.message}`;
      throw e;
    }
  }
}

/** A {@link RunOne} over the real pipeline. */
export function realRunOne(ctx: CampaignRunContext): RunOne {
  return async (run, slot, signal) => {
    const t0 = Date.now();
    const logFile = join(ctx.campaignDir, 'logs', `${run.index}.log`);
    let log = '';
    const write = (text: string): void => {
      log += `${text}\n`;
      void appendFile(logFile, `${text}\n`).catch(() => undefined);
    };
    const def: SystemDefinition = findSystem(run.system);
    const config: TestConfig = runConfig(ctx, run, slot, def, ctx.randomSeed);
    const base = { ...run, seed: config.seed, cluster: slot.cluster, subnet: slot.subnet, startedAt: new Date(t0).toISOString() };
    try {
      const out = await runTest(config, def, signal, { log: (l) => write(`faultline: ${l}`), out: write }, ctx.deps);
      const report = out.runDir === undefined ? undefined : join(out.runDir, 'report.html');
      return {
        ...base,
        // an interrupted run is checked too (marked partial); unless that found it invalid it stays INTERRUPTED
        verdict: verdictOf(out.exitCode, out.results !== undefined && out.outcome !== 'interrupted'),
        anomalies: out.results === undefined ? [] : anomalyClasses(out.results.checkers),
        durationS: (Date.now() - t0) / 1000,
        exitCode: out.exitCode,
        log,
        ...(out.runDir === undefined ? {} : { runDir: out.runDir }),
        ...(report !== undefined && existsSync(report) ? { report } : {}),
      } satisfies RunRecord;
    } catch (e) {
      write(`faultline: ${(e as Error)?.message ?? String(e)}`);
      return { ...base, verdict: 'CRASHED', anomalies: [], durationS: (Date.now() - t0) / 1000, exitCode: 255, log };
    }
  };
}

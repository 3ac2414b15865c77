/**
 * A run's whole schedule, from the workload, the nemesis packages and the config: the
 * workload's ops at `rate` (stagger) beside the nemeses' faults for the time limit; then heal
 * (every package's final ops), a quiet pause, and the workload's final ops on every client
 * thread. Pure.
 */
import { any, campaign, seconds, seq, stagger, type Generator } from '../../core/generator/index.js';
import type { NemesisPackage, Workload } from '../../core/plugins.js';
import type { TestConfig } from './config.js';

/** Quiet time after healing a real cluster, s: the system recovers (elections…). In-process systems need none. */
export const QUIET_AFTER_HEAL_S = 3;

/** The campaign generator of a run; see the module documentation. Pure. */
export function buildSchedule(workload: Workload, packages: readonly NemesisPackage[], config: Pick<TestConfig, 'rate' | 'timeLimitS' | 'inProcess'>): Generator {
  const faults = packages.length === 0 ? undefined : any(...packages.map((p) => p.generator));
  const heal = seq(...packages.map((p) => p.finalGenerator));
  return campaign({
    clients: stagger(config.rate, workload.generator),
    ...(faults === undefined ? {} : { nemesis: faults }),
    timeLimitNs: seconds(config.timeLimitS),
    final: { heal, quietNs: packages.length === 0 || config.inProcess ? 0 : seconds(QUIET_AFTER_HEAL_S), reads: workload.finalGenerator },
  });
}

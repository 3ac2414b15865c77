/**
 * Which file registers which subcommand, loaded on demand: `faultline check` should not pay for
 * loading every system's client library (Kafka, PostgreSQL, NATS, SSH…), which is most of the
 * CLI's start-up (0.58 s CPU for all commands, 0.13 s for `check` alone, measured with Node 20).
 */
import type { Command } from 'commander';

/** Registers one group of subcommands on the program. */
export type Registrar = (program: Command, argv: readonly string[]) => void;

/** The registrars in help order; `names` are the subcommands each one adds. */
export const COMMAND_GROUPS: readonly { names: readonly string[]; load: () => Promise<Registrar> }[] = [
  { names: ['check'], load: async () => (await import('./check.js')).registerCheck },
  { names: ['up', 'status', 'exec', 'down'], load: async () => (await import('./cluster.js')).registerCluster },
  { names: ['test'], load: async () => (await import('./test.js')).registerTest },
  { names: ['campaign'], load: async () => (await import('./campaign.js')).registerCampaign },
  { names: ['analyze'], load: async () => (await import('./analyze.js')).registerAnalyze },
  { names: ['report'], load: async () => (await import('./report.js')).registerReport },
  { names: ['serve'], load: async () => (await import('./serve.js')).registerServe },
  { names: ['shrink'], load: async () => (await import('./shrink.js')).registerShrink },
];

/**
 * The groups to load for `argv`: only the one that owns the subcommand named by `argv[2]`, or
 * all of them (help, version, a typo that commander should answer with suggestions). Pure.
 */
export function groupsFor(argv: readonly string[]): typeof COMMAND_GROUPS {
  const name = argv[2];
  const owner = COMMAND_GROUPS.find((g) => name !== undefined && g.names.includes(name));
  return owner ? [owner] : COMMAND_GROUPS;
}

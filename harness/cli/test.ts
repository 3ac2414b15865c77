/**
 * `faultline test <system>`: run a whole campaign — cluster up, DB setup, clients under
 * faults, heal and final ops, logs, teardown, check, report — and exit 0 valid / 1 invalid /
 * 2 unknown or interrupted / 254 bad flags / 255 crash. Flags and the config file are resolved
 * once into a frozen config (harness/run/config.ts) that is stored with the run.
 */
import { NEMESIS_NAMES } from '../../nemesis/packages.js';
import { resolve } from 'node:path';
import { randomInt } from 'node:crypto';
import { Option, type Command } from 'commander';
import type { SystemDefinition } from '../../core/plugins.js';
import { WORKLOAD_NAMES } from '../../workloads/index.js';
import { loadConfigFile } from '../config/load.js';
import { resolveTestConfig, TEST_DEFAULTS, type RawTestFlags } from '../run/config.js';
import { runTest } from '../run/pipeline.js';
import { checkStoreRoot } from '../run/store-root.js';
import { findSystem, SYSTEMS } from '../run/systems.js';
import { loadSchedule, scheduleFlags } from '../shrink/load.js';
import { inventoryFromFlags, withInventory, type InventoryFlags } from '../run/inventory.js';
import { SCHEDULE_FILE_OPTION, SCHEDULE_OPTION } from '../shrink/replay.js';
import { terminalIO } from './run-console.js';
import { guardController } from './crash-guard.js';
import { onInterrupt } from './signals.js';
import { EXIT, UsageError } from '../../core/errors.js';
import { hostNetworks, subnetProblem } from '../../clusters/host-networks.js';
import { version } from './version.js';

/** The system named after `test` in `argv` (as `process.argv`), if it is a known one. Pure. */
export function systemInArgv(argv: readonly string[], systems: readonly SystemDefinition[] = SYSTEMS): SystemDefinition | undefined {
  const i = argv.indexOf('test', 2);
  if (i < 0) return undefined;
  return argv.slice(i + 1).map((a) => systems.find((s) => s.name === a)).find((s) => s !== undefined);
}

/** The options of `system` as `faultline test <system> --help` lists them. Pure. */
export function systemOptionsHelp(system: SystemDefinition): string {
  if (system.options.length === 0) return `\nSystem ${system.name} has no options of its own.\n`;
  const lines = system.options.map((o) => {
    const dflt = o.default === undefined ? '' : ` (default ${JSON.stringify(o.default)})`;
    const flag = o.flag === undefined ? '' : `, flag ${o.flag.split(' ')[0]}`;
    return `  ${o.key}: ${o.type}${dflt}${flag}\n      ${o.help}`;
  });
  return `\nOptions of ${system.name} (config file keys; flags where shown):\n${lines.join('\n')}\n\nA config file (faultline.config.ts|js|json, or --config) sets defaults for any flag above\n(camelCase: timeLimit) and any option; flags win over the file.\n`;
}

/** The systems and how to see their options, for `faultline test --help`. Pure. */
function systemsHelp(): string {
  const lines = SYSTEMS.map((s) => `  ${s.name.padEnd(11)} ${s.summary ?? ''} (default nemesis: ${s.defaultNemesis.join(',') || 'none'})`);
  return `\nSystems:\n${lines.join('\n')}\n\nfaultline test <system> --help lists that system's options.\n`;
}

/**
 * Registers `faultline test` on `program`. The flags of every system's options are accepted
 * (a flag of another system gets a one-line error); help shows those of the system named in
 * `argv` only.
 */
export function registerTest(program: Command, argv: readonly string[] = process.argv): void {
  const d = TEST_DEFAULTS;
  const shown = systemInArgv(argv);
  const cmd = program
    .command('test')
    .description('run a test campaign: cluster, clients under faults, history, check, report')
    .argument('<system>', `the system under test: ${SYSTEMS.map((s) => s.name).join(', ')}`)
    .option('--workload <name>', `what clients do: ${WORKLOAD_NAMES.join(', ')} (default ${d.workload})`)
    .option('--nodes <n|a,b,c>', `number of local nodes (default ${d.nodes}), or existing machines to run on over SSH: [name=][user@]host[:port],…`)
    .option('--nodes-file <file>', 'existing machines to run on over SSH: an inventory file, [name=][user@]host[:port] per entry')
    .option('--username <user>', 'SSH inventories: login user (default root)')
    .option('--ssh-private-key <file>', 'SSH inventories: private key (default ~/.ssh/id_ed25519, id_ecdsa or id_rsa)')
    .option('--known-hosts <file>', 'SSH inventories: known_hosts to check host keys against (default ~/.ssh/known_hosts)')
    .option('--strict-host-key-checking <yes|no>', 'SSH inventories: check host keys (default yes)')
    .option('--ssh-port <port>', 'SSH inventories: port for entries without :port (default 22)')
    .option('--time-limit <seconds>', `length of the main phase (default ${d.timeLimitS})`)
    .option('--concurrency <n|kn>', `client threads, or k × nodes like 2n (default ${d.concurrency})`)
    .option('--rate <ops/s>', `client ops per second, all threads together (default ${d.rate})`)
    .option('--nemesis <a,b|none>', `faults to inject: ${NEMESIS_NAMES.join(', ')} (clock: systems whose clocks libfaketime reaches; power-loss, corrupt-*: systems that name their data files) or none (default: ${shown === undefined ? 'per system' : shown.defaultNemesis.join(',') || 'none'})`)
    .option('--nemesis-interval <seconds>', `mean time between fault changes (default ${d.nemesisIntervalS})`)
    .option('--seed <n>', 'seed of the schedule, to replay a run (default: random, printed and stored)')
    .option('--schedule <file>', 'replay exactly the fault ops of a schedule file (from faultline shrink); its seed, workload, nemeses and time limit unless given')
    .option('--op-timeout <seconds>', `a client op taking longer is recorded as info (default ${d.opTimeoutS})`)
    .option('--store <dir>', `store root for runs (default ./${d.store})`)
    .option('--leave-db-running', 'keep the DB and its containers at the end')
    .option('--cluster <name>', 'local container cluster name (default default)')
    .option('--subnet <cidr>', 'local cluster subnet (default 10.231.0.0/24)')
    .option('--key-count <n>', 'append, wr: active keys (default 10)')
    .option('--max-txn-length <n>', 'append, wr: micro-ops per transaction, 1 to n (default 4)')
    .option('--max-writes-per-key <n>', 'append, wr: writes before a key is replaced by a fresh one (default 32)')
    .option('--consistency-models <a,b>', 'append, wr: models the history is checked against (default: the system\'s, else strict-serializable)')
    .option('--config <file>', 'config file (default: faultline.config.ts, .mts, .js, .mjs or .json in the working directory, if any)');
  const added = new Set<string>();
  for (const system of SYSTEMS) {
    for (const o of system.options) {
      if (o.flag === undefined || added.has(o.flag)) continue;
      added.add(o.flag);
      const option = new Option(o.flag, `${system.name}: ${o.help}`);
      cmd.addOption(shown === system ? option : option.hideHelp());
    }
  }
  cmd
    .addHelpText('after', shown === undefined ? systemsHelp() : systemOptionsHelp(shown))
    .showHelpAfterError(false)
    .configureOutput({
      outputError: (msg, write) => write(`faultline: ${msg.trim().replace(/^error: /, '')} (see faultline test --help)\n`),
    })
    .action(async (system: string, flags: RawTestFlags & InventoryFlags & { schedule?: string }) => {
      process.exitCode = await runTestCommand(system, flags);
    });
}

/**
 * Runs `faultline test <system>` with commander's flags and the config file.
 * @returns the exit code
 * @throws UsageError (exit 254) for an unknown system, a bad config file, or a bad flag
 */
export async function runTestCommand(systemName: string, given: RawTestFlags & InventoryFlags & { schedule?: string }): Promise<number> {
  const system = findSystem(systemName);
  const { flags, inventory } = inventoryFromFlags(given);
  const file = await loadConfigFile(process.cwd(), flags.config);
  const schedule = flags.schedule === undefined ? undefined : await loadSchedule(flags.schedule);
  const env = { cwd: process.cwd(), randomSeed: () => randomInt(0, 2 ** 47), ...(file === undefined ? {} : { file }) };
  const resolved = resolveTestConfig(system, schedule === undefined ? flags : scheduleFlags(flags, schedule, systemName), env);
  const config = withInventory(schedule === undefined ? resolved : Object.freeze({ ...resolved, [SCHEDULE_OPTION]: schedule.ops, [SCHEDULE_FILE_OPTION]: resolve(process.cwd(), flags.schedule as string) }), inventory);
  checkStoreRoot(config.store, '--store', flags.store ?? config.store);
  if (!config.inProcess && inventory === undefined) {
    const problem = subnetProblem(flags.subnet === undefined ? 'subnet' : '--subnet', config.subnet, hostNetworks());
    if (problem !== undefined) throw new UsageError(problem);
  }
  const io = terminalIO();
  const controller = new AbortController();
  const hint = config.inProcess ? '' : inventory !== undefined ? 'remove leftover faults with `faultline down --nodes-file …` (same inventory flags)' : `remove containers with \`faultline down --cluster ${config.cluster}\``;
  const handlers = onInterrupt(controller, io.log, hint);
  const guard = guardController(controller, io.log);
  try {
    const outcome = await runTest(config, system, controller.signal, io, { faultlineVersion: version() });
    return guard.crash === undefined ? outcome.exitCode : EXIT.crash;
  } finally {
    handlers.dispose();
    guard.dispose();
  }
}

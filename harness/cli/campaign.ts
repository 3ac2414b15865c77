/**
 * `faultline campaign`: many tests in one go — systems × workloads × nemesis sets, each run
 * `--test-count` times with fresh (or given) seeds, optionally `--until-invalid`, on
 * `--parallel K` clusters side by side — with a live table, and at the end the table on
 * stdout plus campaign.json, summary.md and junit.xml in `<store>/campaigns/<name>-<stamp>/`.
 * Exit code: 1 if any run is INVALID, else 2 if any is not VALID (or Ctrl-C), else 0.
 * Other flags (`--etcd-serializable-reads`, `--nodes 5`…) pass through to every test.
 */
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { DEFAULTS } from '../../clusters/cluster-spec.js';
import { UsageError, quote } from '../../core/errors.js';
import { hostNetworks, subnetProblem } from '../../clusters/host-networks.js';
import { integerIn } from '../../core/options/values.js';
import { loadConfigFile } from '../config/load.js';
import { TEST_DEFAULTS, type RawTestFlags } from '../run/config.js';
import type { InventoryFlags } from '../run/inventory.js';
import { findSystem, SYSTEMS } from '../run/systems.js';
import { LiveTable } from '../campaign/live.js';
import { machineFacts } from '../campaign/machine.js';
import { nameList, nemesisSets, planRuns, seedList } from '../campaign/matrix.js';
import { passThroughFlags } from '../campaign/passthrough.js';
import { checkPlan, realRunOne, usesInventory } from '../campaign/run-one.js';
import { runCampaign } from '../campaign/runner.js';
import { planSlots } from '../campaign/slots.js';
import { countsLine, tableText } from '../campaign/table.js';
import { createCampaignDir, finalExitCode, stoppedNote, writeCampaign } from '../campaign/write.js';
import { onInterrupt } from './signals.js';
import { registerTest } from './test.js';
import { version } from './version.js';

/** The flags of `faultline campaign` (pass-through test flags arrive as arguments). */
export interface RawCampaignFlags {
  systems?: string;
  workloads?: string;
  nemeses?: string;
  testCount?: string;
  untilInvalid?: boolean;
  timeLimit?: string;
  parallel?: string;
  seeds?: string;
  store?: string;
  cluster?: string;
  subnet?: string;
  name?: string;
}

/** Registers `faultline campaign` on `program`. */
export function registerCampaign(program: Command): void {
  program
    .command('campaign')
    .description('run many tests: systems × workloads × nemesis sets, N times each; table, campaign.json, summary.md, junit.xml')
    .option('--systems <a,b>', `systems to test: ${SYSTEMS.map((s) => s.name).join(', ')}`)
    .option('--workloads <a,b>', `workloads (default ${TEST_DEFAULTS.workload})`)
    .option('--nemeses <sets>', 'nemesis sets: faults of a set joined by "," and sets by ";" (e.g. "partition,kill;pause;none"); default: each system\'s default set')
    .option('--test-count <n>', 'runs of each combination (default 1)')
    .option('--until-invalid', 'stop starting runs after the first INVALID one')
    .option('--time-limit <seconds>', `length of each run's main phase (default ${TEST_DEFAULTS.timeLimitS})`)
    .option('--parallel <k>', 'clusters side by side on distinct subnets (default 1; refused when the machine cannot fit them)')
    .option('--seeds <a,b>', 'seeds of repetitions 1, 2… of every combination (default: fresh seeds)')
    .option('--store <dir>', `store root for runs and campaigns (default ./${TEST_DEFAULTS.store})`)
    .option('--cluster <prefix>', 'cluster name, or prefix of the names with --parallel (default campaign)')
    .option('--subnet <cidr>', `subnet of the first cluster; further ones follow it (default ${DEFAULTS.subnet})`)
    .option('--name <name>', 'campaign name, for its folder and junit suite (default campaign)')
    .allowUnknownOption()
    .allowExcessArguments()
    .showHelpAfterError(false)
    .configureOutput({ outputError: (msg, write) => write(`faultline: ${msg.trim().replace(/^error: /, '')} (see faultline campaign --help)\n`) })
    .addHelpText('after', '\nAny other `faultline test` flag (e.g. --nodes 5, --rate 50) is passed to every run; a flag of a\nsystem\'s option (faultline test <system> --help lists them) to that system\'s runs only.')
    .action(async (flags: RawCampaignFlags, cmd: Command) => {
      process.exitCode = await runCampaignCommand(flags, cmd.args, process.argv.slice(2));
    });
}

/** A fresh `faultline test` command, whose options parse the pass-through flags. */
function testCommand(): Command {
  const p = new Command();
  registerTest(p);
  return p.commands[0];
}

/**
 * Runs `faultline campaign`.
 * @returns the exit code (worst verdict)
 * @throws UsageError (exit 254) for a bad flag, an unknown system or an impossible combination
 */
export async function runCampaignCommand(flags: RawCampaignFlags, rest: readonly string[], argv: string[]): Promise<number> {
  if (flags.systems === undefined) throw new UsageError('campaign: --systems is required (e.g. --systems etcd,zookeeper)');
  const systems = nameList('--systems', flags.systems);
  for (const s of systems) findSystem(s);
  const workloads = nameList('--workloads', flags.workloads ?? TEST_DEFAULTS.workload);
  const testCount = flags.testCount === undefined ? 1 : integerIn('--test-count', flags.testCount, 1, 100_000);
  const parallel = flags.parallel === undefined ? 1 : integerIn('--parallel', flags.parallel, 1, 64);
  const name = flags.name ?? 'campaign';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) throw new UsageError(`--name: expected letters, digits, . _ - (at most 64), got ${quote(name)}`);
  const sets = flags.nemeses === undefined ? undefined : nemesisSets(flags.nemeses);
  const runs = planRuns({
    systems,
    workloads,
    nemeses: sets ?? ((system: string) => [[...findSystem(system).defaultNemesis]]),
    testCount,
    ...(flags.seeds === undefined ? {} : { seeds: seedList(flags.seeds) }),
  });
  const perSystem: Map<string, RawTestFlags & InventoryFlags> = passThroughFlags(rest, systems, SYSTEMS.map((s) => s.name), testCommand);
  if (parallel > 1 && [...perSystem.values()].some(usesInventory)) throw new UsageError(`--parallel ${parallel}: an SSH inventory (--nodes hosts / --nodes-file) is one set of machines; runs on it go one at a time (--parallel 1)`);
  const nodes = Math.max(...[...perSystem.values()].map((f) => (f.nodes === undefined ? TEST_DEFAULTS.nodes : Number(f.nodes) || TEST_DEFAULTS.nodes)));
  const containerSystems = systems.filter((s) => findSystem(s).provisioning !== 'in-process');
  const inventory = [...perSystem.values()].find(usesInventory);
  const slots =
    inventory === undefined
      ? planSlots(parallel, { prefix: flags.cluster ?? 'campaign', subnet: flags.subnet ?? DEFAULTS.subnet, systems: containerSystems, nodes, machine: machineFacts() })
      : [{ index: 0, cluster: 'SSH inventory', subnet: inventory.nodesFile ?? inventory.nodes ?? '' }];
  if (inventory === undefined && containerSystems.length > 0) {
    const nets = hostNetworks();
    for (const slot of slots) {
      const problem = subnetProblem(flags.subnet === undefined ? 'subnet' : '--subnet', slot.subnet, nets);
      if (problem !== undefined) throw new UsageError(`${problem}${slots.length > 1 ? ` (cluster slot ${slot.cluster} of --parallel ${parallel})` : ''}`);
    }
  }
  const store = resolve(process.cwd(), flags.store ?? TEST_DEFAULTS.store);
  // faultline.config.* in the working directory: defaults under every run's flags, as for `faultline test`.
  const file = await loadConfigFile(process.cwd());
  const base = { flags: perSystem, store, cwd: process.cwd(), ...(file === undefined ? {} : { file }), ...(flags.timeLimit === undefined ? {} : { timeLimit: flags.timeLimit }) };
  await checkPlan(base, runs, slots[0]);

  const started = new Date();
  const dir = await createCampaignDir(store, name, started);
  const live = new LiveTable(runs, { isTTY: process.stderr.isTTY === true, write: (t) => process.stderr.write(t) });
  live.log(`campaign ${name}: ${runs.length} run(s) on ${slots.length} cluster slot(s)${flags.untilInvalid ? ', until the first INVALID run' : ''}; files in ${dir}`);
  const controller = new AbortController();
  const handlers = onInterrupt(controller, (l) => live.log(l), `remove containers with \`faultline down --cluster <name>\` for ${slots.map((s) => s.cluster).join(', ')}`);
  let result;
  try {
    result = await runCampaign({
      runs,
      slots,
      signal: controller.signal,
      untilInvalid: flags.untilInvalid === true,
      runOne: realRunOne({ ...base, campaignDir: dir, randomSeed: () => randomInt(0, 2 ** 47), deps: { faultlineVersion: version() } }),
      onStart: (r, s) => live.started(r, s),
      onEnd: (r) => live.ended(r),
    });
  } finally {
    handlers.dispose();
    live.stop();
  }
  const exitCode = finalExitCode(result.records, result.stopped);
  const finished = new Date();
  const stored = {
    name,
    startedAt: started.toISOString(),
    finishedAt: finished.toISOString(),
    durationS: (finished.getTime() - started.getTime()) / 1000,
    argv,
    planned: runs.length,
    notStarted: result.notStarted,
    ...(result.stopped === undefined ? {} : { stopped: result.stopped }),
    exitCode,
    runs: result.records.map(({ log: _log, ...r }) => r),
  };
  const files = await writeCampaign(dir, stored, process.env.GITHUB_STEP_SUMMARY || undefined);
  const note = stoppedNote(stored);
  process.stdout.write(`${tableText(result.records)}\n${countsLine(result.records)}${note ? ` — ${note}` : ''}\ncampaign: ${files.json}\nsummary: ${files.summary}\njunit: ${files.junit}\n`);
  return exitCode;
}

/**
 * `faultline campaign`: many tests in one go — systems × workloads × nemesis sets, each run
 * `--test-count` times with fresh (or given) seeds, optionally `--until-invalid`, on
 * `--parallel K` clusters side by side — with a live table, and at the end the table on
 * stdout plus campaign.json, summary.md and junit.xml in `<store>/campaigns/<name>-<stamp>/`.
 * Exit code: 1 if any run is INVALID, else 2 if any is not VALID (or Ctrl-C), else 0.
 * Other flags (`--etcd-serializable-reads`, `--nodes 5`…) pass through to every test.
 * `faultline campaign nightly` (or `--campaign nightly`) takes the campaign `nightly` of the
 * config file (`campaigns: { nightly: { systems, … } }`); flags given win over its fields.
 */
import { randomInt } from 'node:crypto';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { DEFAULTS } from '../../clusters/cluster-spec.js';
import { UsageError, quote } from '../../core/errors.js';
import { hostNetworks, subnetProblem } from '../../clusters/host-networks.js';
import { integerIn, positiveNumber } from '../../core/options/values.js';
import { CONFIG_NAMES, loadConfigFile } from '../config/load.js';
import { TEST_DEFAULTS, type ConfigFile, type RawTestFlags } from '../run/config.js';
import { fileCampaign, mergeSettings, type CampaignSettings } from '../campaign/file-campaign.js';
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
  /** A campaign of the config file (also the first argument). */
  campaign?: string;
  /** The config file (else faultline.config.* in the working directory). */
  config?: string;
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
    .option('--name <name>', 'campaign name, for its folder and junit suite (default: the config file campaign\'s name, else campaign)')
    .option('--campaign <name>', 'run the campaign <name> of the config file (campaigns: { <name>: { systems, ... } }); same as the first argument')
    .option('--config <file>', 'config file (default: faultline.config.{ts,mts,js,mjs,json} in the working directory)')
    .usage('[campaign] [options] [test flags]')
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
 * The campaign's settings: the flags over the config file's campaign `chosen` (if one is
 * named), and the config file its runs see.
 * @throws UsageError for a named campaign without a config file, or a bad one
 */
async function campaignSettings(flags: RawCampaignFlags, chosen: string | undefined, cwd: string): Promise<{ settings: CampaignSettings; file?: ConfigFile; fromFile?: string }> {
  const loaded = await loadConfigFile(cwd, flags.config);
  if (chosen === undefined) return { settings: mergeSettings(flags), ...(loaded === undefined ? {} : { file: loaded }) };
  if (loaded === undefined) throw new UsageError(`campaign ${quote(chosen)}: no config file to take it from (none of ${CONFIG_NAMES.join(', ')} in ${cwd}; or give --config <file>)`);
  const fc = fileCampaign(loaded, chosen);
  if (flags.name === undefined && !NAME.test(chosen)) throw new UsageError(`${loaded.path}: campaigns: the name ${quote(chosen)} cannot name a folder (letters, digits, . _ -, at most 64); give --name`);
  return { settings: mergeSettings(flags, fc.settings), file: fc.file, fromFile: chosen };
}

/** `system: --nemesis: …` from a run's check as `system: <the setting's label>: …`. Pure. */
export function relabel(message: string, s: CampaignSettings): string {
  const by: Record<string, string | undefined> = { '--nemesis': s.nemeses?.label, '--workload': s.workloads?.label, '--time-limit': s.timeLimit?.label };
  return message.replace(/^([a-z0-9_-]+: )(--nemesis|--workload|--time-limit)(?=: )/, (m, sys: string, flag: string) => (by[flag] === undefined ? m : `${sys}${by[flag]}`));
}

/** A campaign name usable as a folder and junit suite name. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * Runs `faultline campaign [name]`.
 * @param rest the arguments commander left: the campaign name of the config file first (if
 *   any), then flags passed through to every test
 * @returns the exit code (worst verdict)
 * @throws UsageError (exit 254) for a bad flag or config field, an unknown system or an impossible combination
 */
export async function runCampaignCommand(flags: RawCampaignFlags, rest: readonly string[], argv: string[]): Promise<number> {
  const positional = rest[0] !== undefined && !rest[0].startsWith('-') ? rest[0] : undefined;
  if (positional !== undefined && flags.campaign !== undefined && positional !== flags.campaign) {
    throw new UsageError(`campaign: two campaign names given, ${quote(positional)} and --campaign ${quote(flags.campaign)}`);
  }
  const { settings: s, file, fromFile } = await campaignSettings(flags, positional ?? flags.campaign, process.cwd());
  if (s.systems === undefined) {
    throw new UsageError(fromFile === undefined ? 'campaign: --systems is required (e.g. --systems etcd,zookeeper), or name a campaign of the config file' : `${file?.path}: campaigns.${fromFile}.systems: required (or give --systems)`);
  }
  const systems = nameList(s.systems.label, s.systems.raw);
  for (const sys of systems) {
    try {
      findSystem(sys);
    } catch (e) {
      if (e instanceof Error && s.systems.label !== '--systems') e.message = `${s.systems.label}: ${e.message}`;
      throw e;
    }
  }
  const workloads = s.workloads === undefined ? [TEST_DEFAULTS.workload] : nameList(s.workloads.label, s.workloads.raw);
  const testCount = s.testCount === undefined ? 1 : integerIn(s.testCount.label, s.testCount.raw, 1, 100_000);
  const parallel = s.parallel === undefined ? 1 : integerIn(s.parallel.label, s.parallel.raw, 1, 64);
  if (s.timeLimit !== undefined) positiveNumber(s.timeLimit.label, s.timeLimit.raw, 'a positive number of seconds', 86_400);
  const name = flags.name ?? fromFile ?? 'campaign';
  if (!NAME.test(name)) throw new UsageError(`--name: expected letters, digits, . _ - (at most 64), got ${quote(name)}`);
  const sets = s.nemeses === undefined ? undefined : nemesisSets(s.nemeses.raw, s.nemeses.label);
  const runs = planRuns({
    systems,
    workloads,
    nemeses: sets ?? ((system: string) => [[...findSystem(system).defaultNemesis]]),
    testCount,
    ...(s.seeds === undefined ? {} : { seeds: seedList(s.seeds.raw, s.seeds.label) }),
  });
  const untilInvalid = s.untilInvalid?.raw === true;
  const perSystem: Map<string, RawTestFlags & InventoryFlags> = passThroughFlags(positional === undefined ? rest : rest.slice(1), systems, SYSTEMS.map((s) => s.name), testCommand);
  if (parallel > 1 && [...perSystem.values()].some(usesInventory)) throw new UsageError(`--parallel ${parallel}: an SSH inventory (--nodes hosts / --nodes-file) is one set of machines; runs on it go one at a time (--parallel 1)`);
  const nodes = Math.max(...[...perSystem.values()].map((f) => (f.nodes === undefined ? TEST_DEFAULTS.nodes : Number(f.nodes) || TEST_DEFAULTS.nodes)));
  const containerSystems = systems.filter((s) => findSystem(s).provisioning !== 'in-process');
  const inventory = [...perSystem.values()].find(usesInventory);
  const slots =
    inventory === undefined
      ? planSlots(parallel, { prefix: s.cluster?.raw ?? 'campaign', subnet: s.subnet?.raw ?? DEFAULTS.subnet, systems: containerSystems, nodes, machine: machineFacts() })
      : [{ index: 0, cluster: 'SSH inventory', subnet: inventory.nodesFile ?? inventory.nodes ?? '' }];
  if (inventory === undefined && containerSystems.length > 0) {
    const nets = hostNetworks();
    for (const slot of slots) {
      const problem = subnetProblem(s.subnet === undefined ? 'subnet' : s.subnet.label, slot.subnet, nets);
      if (problem !== undefined) throw new UsageError(`${problem}${slots.length > 1 ? ` (cluster slot ${slot.cluster} of --parallel ${parallel})` : ''}`);
    }
  }
  if (s.store !== undefined && s.store.raw.trim() === '') throw new UsageError(`${s.store.label}: expected a directory, got ""`);
  const store = resolve(process.cwd(), s.store?.raw ?? TEST_DEFAULTS.store);
  // The config file (its named campaign's options over its top-level keys): defaults under every run's flags, as for `faultline test`.
  const base = { flags: perSystem, store, cwd: process.cwd(), ...(file === undefined ? {} : { file }), ...(s.timeLimit === undefined ? {} : { timeLimit: s.timeLimit.raw }) };
  try {
    await checkPlan(base, runs, slots[0]);
  } catch (e) {
    // a per-run flag the campaign set: name the campaign setting it came from
    if (e instanceof UsageError) e.message = relabel(e.message, s);
    throw e;
  }

  const started = new Date();
  const dir = await createCampaignDir(store, name, started);
  const live = new LiveTable(runs, { isTTY: process.stderr.isTTY === true, write: (t) => process.stderr.write(t) });
  live.log(`campaign ${name}: ${runs.length} run(s) on ${slots.length} cluster slot(s)${untilInvalid ? ', until the first INVALID run' : ''}; files in ${dir}`);
  const controller = new AbortController();
  const handlers = onInterrupt(controller, (l) => live.log(l), `remove containers with \`faultline down --cluster <name>\` for ${slots.map((s) => s.cluster).join(', ')}`);
  let result;
  try {
    result = await runCampaign({
      runs,
      slots,
      signal: controller.signal,
      untilInvalid,
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

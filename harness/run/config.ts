/**
 * The configuration of one `faultline test` run: flags, over the config file, over defaults
 * (generic ones and each system's option defaults), resolved once into a frozen {@link TestConfig} that is stored with the run (test.json `options`) and handed to
 * every plug-in as `RunContext.options`. Pure: the random seed comes in as a function.
 */
import { resolve } from 'node:path';
import { DEFAULTS, MAX_NODES, checkClusterName, parseSubnet } from '../../clusters/cluster-spec.js';
import { UsageError, quote } from '../../core/errors.js';
import { WORKLOAD_NAMES, isWorkloadName, type WorkloadName } from '../../workloads/index.js';
import { concurrency, integerIn, nemesisList, positiveNumber, seed } from '../../core/options/values.js';
import { booleanValue, flagAttribute, flagName, show, type OptionSpec } from '../../core/options/spec.js';
import type { SystemDefinition } from '../../core/plugins.js';
import { SYSTEMS } from '../../systems/index.js';
import { TXN_FLAG_KEYS, txnFlags, type TxnRawFlags } from './txn-flags.js';
import { nodeNames } from '../../core/stub-cluster.js';

/**
 * The flags of `faultline test` as commander hands them over (strings, booleans, or absent):
 * the generic ones below, `--config`, and the flags of the systems' options (by commander's
 * attribute name, e.g. `kafkaWeak` for `--kafka-weak`).
 */
export interface RawTestFlags {
  workload?: string;
  nodes?: string;
  timeLimit?: string;
  concurrency?: string;
  rate?: string;
  nemesis?: string;
  nemesisInterval?: string;
  seed?: string;
  leaveDbRunning?: boolean;
  store?: string;
  opTimeout?: string;
  cluster?: string;
  subnet?: string;
  /** Path of the config file (else `faultline.config.*` in the working directory). */
  config?: string;
  /** append, wr: active keys. */
  keyCount?: string;
  /** append, wr: micro-ops per transaction, at most. */
  maxTxnLength?: string;
  /** append, wr: writes before a key is replaced. */
  maxWritesPerKey?: string;
  /** append, wr: models the history is checked against (comma list). */
  consistencyModels?: string;
  /** A system option's flag. */
  [systemFlag: string]: string | boolean | undefined;
}

/** What config resolution reads of a system's definition. */
export type SystemFacts = Pick<SystemDefinition, 'name' | 'workloads' | 'provisioning' | 'defaultNemesis' | 'nemeses' | 'options' | 'external' | 'check'>;

/** A loaded config file: where it is (as shown in errors) and its top-level keys. */
export interface ConfigFile {
  readonly path: string;
  readonly values: Readonly<Record<string, unknown>>;
  /** How a key is named in errors when not by itself (a campaign's `campaigns.nightly.options.rate`). */
  readonly labels?: Readonly<Record<string, string>>;
}

/** The resolved, frozen configuration of a run. Times in seconds unless the name says ms. */
export interface TestConfig {
  /** `<system>-<workload>`: the folder under the store root. */
  readonly name: string;
  readonly system: string;
  readonly workload: WorkloadName;
  /** Node names n1..nN. */
  readonly nodes: readonly string[];
  /** Client threads (resolved from e.g. `2n`). */
  readonly concurrency: number;
  /** `--concurrency` as given (e.g. `2n`). */
  readonly concurrencySpec: string;
  /** Length of the main phase, s. */
  readonly timeLimitS: number;
  /** Client ops per second, all threads together. */
  readonly rate: number;
  /** Nemesis names; empty = none. */
  readonly nemesis: readonly string[];
  /** Mean time between fault changes, s. */
  readonly nemesisIntervalS: number;
  /** Seed of the schedule (and of the memory system). */
  readonly seed: number;
  /** True when `--seed` was given (a replay). */
  readonly seedGiven: boolean;
  /** Keep the DB and containers at the end. */
  readonly leaveDbRunning: boolean;
  /** Absolute path of the store root. */
  readonly store: string;
  /** Per client op timeout, ms. */
  readonly opTimeoutMs: number;
  /** Local container cluster name and subnet (container systems). */
  readonly cluster: string;
  readonly subnet: string;
  /** No nodes of faultline's (in-process system or external cluster): no cluster up / down, no log collection. */
  readonly inProcess: boolean;
  /** The config file the run read, as given or found; absent = none. */
  readonly configFile?: string;
  /** append, wr: `--key-count`, `--max-txn-length`, `--max-writes-per-key`, `--consistency-models` (absent = the workload's defaults). */
  readonly txnKeyCount?: number;
  readonly txnMaxLength?: number;
  readonly txnMaxWritesPerKey?: number;
  readonly consistencyModels?: readonly string[];
  /** Index signature: this object is `RunContext.options`. */
  readonly [option: string]: unknown;
}

/** Defaults of `faultline test`. */
export const TEST_DEFAULTS = {
  workload: 'register',
  nodes: 3,
  timeLimitS: 60,
  concurrency: '2n',
  rate: 100,
  nemesisIntervalS: 10,
  opTimeoutS: 5,
  store: 'store',
} as const;

/** What resolution needs from the outside world. */
export interface ResolveEnv {
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** A fresh random seed (used when `--seed` is absent). */
  randomSeed: () => number;
  /** The config file's values, below the flags and above the defaults. */
  file?: ConfigFile;
  /** Every registered system (to tell a flag of another system from a misspelling). Default: the registry. */
  systems?: readonly SystemFacts[];
}

/** The generic keys of `faultline test` (flag attribute = config file key) and their flags. */
const GENERIC_FLAGS = {
  workload: '--workload',
  nodes: '--nodes',
  timeLimit: '--time-limit',
  concurrency: '--concurrency',
  rate: '--rate',
  nemesis: '--nemesis',
  nemesisInterval: '--nemesis-interval',
  seed: '--seed',
  opTimeout: '--op-timeout',
  store: '--store',
  leaveDbRunning: '--leave-db-running',
  cluster: '--cluster',
  subnet: '--subnet',
} as const;
type GenericKey = keyof typeof GENERIC_FLAGS;
const isGeneric = (k: string): k is GenericKey => Object.hasOwn(GENERIC_FLAGS, k);

/** Where a value came from, for naming it in an error. */
type Origin = 'flag' | 'file';

/** A config-file value of a generic key as the string a flag would give. @throws UsageError */
function fileRaw(key: GenericKey, value: unknown, label: string): string | boolean {
  if (key === 'leaveDbRunning') return booleanValue(value, label);
  if (key === 'nemesis' && Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.length === 0 ? 'none' : value.join(',');
  const numeric = ['nodes', 'timeLimit', 'concurrency', 'rate', 'nemesisInterval', 'seed', 'opTimeout'].includes(key);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value) && numeric) return String(value);
  throw new UsageError(`${label}: expected ${key === 'nemesis' ? 'a list of fault names or a string' : numeric ? 'a number' : 'a string'}, got ${show(value)}`);
}

/** The system (of `systems`) whose option has the flag attribute `attr`. */
function flagOwner(systems: readonly SystemFacts[], attr: string): { system: SystemFacts; spec: OptionSpec } | undefined {
  for (const system of systems) {
    const spec = system.options.find((o) => o.flag !== undefined && flagAttribute(o.flag) === attr);
    if (spec !== undefined) return { system, spec };
  }
  return undefined;
}

/**
 * Resolves `faultline test <system>`: flags over the config file over {@link TEST_DEFAULTS} and
 * the system's option defaults. Pure.
 * @throws UsageError naming the flag (or `file: key`) and quoting the bad value
 */
export function resolveTestConfig(system: SystemFacts, flags: RawTestFlags, env: ResolveEnv): TestConfig {
  const systems = env.systems ?? SYSTEMS;
  const origin = new Map<string, Origin>();
  const raw: Partial<Record<GenericKey, string | boolean>> = {};
  const optionRaw = new Map<string, { value: unknown; origin: Origin }>();
  const txnRaw: TxnRawFlags = {};
  const isTxnKey = (k: string): k is keyof TxnRawFlags => (TXN_FLAG_KEYS as readonly string[]).includes(k);
  const fileLabel = (key: string): string => `${env.file?.path}: ${env.file?.labels?.[key] ?? key}`;
  for (const [key, value] of Object.entries(env.file?.values ?? {})) {
    // `campaigns` holds named campaigns for `faultline campaign <name>` (harness/campaign/file-campaign.ts)
    if (value === undefined || key === 'campaigns') continue;
    if (isGeneric(key)) {
      raw[key] = fileRaw(key, value, fileLabel(key));
      origin.set(key, 'file');
      continue;
    }
    if (isTxnKey(key)) {
      if (typeof value !== 'string' && typeof value !== 'number' && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
        throw new UsageError(`${fileLabel(key)}: expected a number or a string, got ${show(value)}`);
      }
      txnRaw[key] = Array.isArray(value) ? value.join(',') : String(value);
      continue;
    }
    const own = system.options.find((o) => o.key === key);
    if (own !== undefined) {
      optionRaw.set(key, { value, origin: 'file' });
      continue;
    }
    const other = systems.flatMap((s) => s.options).find((o) => o.key === key);
    if (other === undefined) throw new UsageError(`${fileLabel(key)}: unknown key (value ${show(value)}): not a test flag or an option of any system`);
    other.parse(value, fileLabel(key)); // another system's option: checked, not used
  }
  for (const [attr, value] of Object.entries(flags)) {
    if (value === undefined || attr === 'config') continue;
    if (isGeneric(attr)) {
      raw[attr] = value;
      origin.set(attr, 'flag');
      continue;
    }
    if (isTxnKey(attr)) {
      txnRaw[attr] = String(value);
      continue;
    }
    const owner = flagOwner(systems, attr);
    if (owner === undefined) continue; // a flag of the command itself (e.g. --schedule); commander refuses unknown ones
    const flag = flagName(owner.spec.flag as string);
    if (owner.system.name !== system.name) throw new UsageError(`${flag}: applies to system ${owner.system.name} only, not ${quote(system.name)}`);
    optionRaw.set(owner.spec.key, { value, origin: 'flag' });
  }
  const label = (key: string): string => {
    if (isGeneric(key)) return origin.get(key) === 'file' ? fileLabel(key) : GENERIC_FLAGS[key];
    const spec = system.options.find((o) => o.key === key);
    const o = optionRaw.get(key)?.origin;
    if (o === 'file') return fileLabel(key);
    return spec?.flag !== undefined ? flagName(spec.flag) : key;
  };
  const str = (key: GenericKey): string | undefined => (raw[key] === undefined ? undefined : String(raw[key]));

  const workload = str('workload') ?? TEST_DEFAULTS.workload;
  if (!isWorkloadName(workload)) throw new UsageError(`${label('workload')}: unknown workload ${quote(workload)} (known: ${WORKLOAD_NAMES.join(', ')})`);
  if (!system.workloads.includes(workload)) {
    throw new UsageError(`${label('workload')}: system ${system.name} has no client for ${quote(workload)} (it has: ${system.workloads.join(', ')})`);
  }
  const nodeCount = str('nodes') === undefined ? TEST_DEFAULTS.nodes : integerIn(label('nodes'), str('nodes') as string, 1, MAX_NODES);
  const spec = str('concurrency') ?? TEST_DEFAULTS.concurrency;
  const cluster = str('cluster') ?? DEFAULTS.cluster;
  const subnet = str('subnet') ?? DEFAULTS.subnet;
  try {
    checkClusterName(cluster);
  } catch {
    throw new UsageError(`${label('cluster')}: expected lowercase letters, digits, - or _ (at most 32), got ${quote(cluster)}`);
  }
  try {
    parseSubnet(subnet);
  } catch (err) {
    throw new UsageError(`${label('subnet')}: ${(err as Error).message}`);
  }
  const options: Record<string, unknown> = {};
  for (const o of system.options) {
    const given = optionRaw.get(o.key);
    let value: unknown;
    if (given?.origin === 'flag' && o.fromFlag !== undefined) value = o.fromFlag(given.value as string | boolean, label(o.key));
    else if (given !== undefined) value = o.parse(given.value, label(o.key));
    else value = o.default;
    if (value !== undefined) Object.assign(options, o.toOptions === undefined ? { [o.key]: value } : o.toOptions(value));
  }
  const external = system.external?.(options) ?? false;
  const store = str('store');
  if (store !== undefined && store.trim() === '') throw new UsageError(`${label('store')}: expected a directory, got ""`);
  const nemesis = str('nemesis') === undefined ? (external ? [] : [...system.defaultNemesis]) : nemesisList(str('nemesis') as string, label('nemesis'));
  const unsupported = nemesis.find((n) => system.nemeses !== undefined && !system.nemeses.includes(n));
  if (unsupported !== undefined) {
    throw new UsageError(
      `${label('nemesis')}: system ${system.name} cannot take ${quote(unsupported)}${system.provisioning === 'in-process' ? ' (its nodes are in-process)' : ''}; it takes: ${system.nemeses?.join(', ')}, none`,
    );
  }
  const givenSeed = str('seed') === undefined ? undefined : seed(str('seed') as string, label('seed'));
  const seconds = (key: GenericKey, dflt: number, what: string, max: number): number => (str(key) === undefined ? dflt : positiveNumber(label(key), str(key) as string, what, max));
  const config: TestConfig = {
    name: `${system.name}-${workload}`,
    system: system.name,
    workload,
    nodes: nodeNames(nodeCount),
    concurrency: concurrency(spec, nodeCount, label('concurrency')),
    concurrencySpec: spec,
    timeLimitS: seconds('timeLimit', TEST_DEFAULTS.timeLimitS, 'a positive number of seconds', 86_400),
    rate: seconds('rate', TEST_DEFAULTS.rate, 'a positive number of ops per second', 1_000_000),
    nemesis,
    nemesisIntervalS: seconds('nemesisInterval', TEST_DEFAULTS.nemesisIntervalS, 'a positive number of seconds', 86_400),
    seed: givenSeed ?? env.randomSeed(),
    seedGiven: givenSeed !== undefined,
    leaveDbRunning: raw.leaveDbRunning === true,
    store: resolve(env.cwd, store ?? TEST_DEFAULTS.store),
    opTimeoutMs: Math.ceil(1000 * seconds('opTimeout', TEST_DEFAULTS.opTimeoutS, 'a positive number of seconds', 3600)),
    cluster,
    subnet,
    // An external cluster has no nodes of ours: like in-process, no cluster up / down, no logs.
    inProcess: system.provisioning === 'in-process' || external,
    ...options,
    ...txnFlags(workload, txnRaw),
    ...(env.file === undefined ? {} : { configFile: env.file.path }),
  };
  system.check?.(config, label);
  if (external && nemesis.length > 0) throw new UsageError(`${label('nemesis')}: system ${system.name} runs against an external cluster; give --nemesis none`);
  return Object.freeze({ ...config, nodes: Object.freeze([...config.nodes]), nemesis: Object.freeze([...config.nemesis]) });
}

/** One line describing a config, for the console. Pure. */
export function describeConfig(c: TestConfig, systems: readonly SystemFacts[] = SYSTEMS): string {
  const nemesis = c.nemesis.length === 0 ? 'no nemesis' : `nemesis ${c.nemesis.join(',')} every ~${c.nemesisIntervalS} s`;
  const specs = systems.find((s) => s.name === c.system)?.options ?? [];
  const extras = [
    ...specs.map((o) => (o.describe === undefined || c[o.key] === undefined ? '' : o.describe(c[o.key]))),
    c.txnKeyCount !== undefined ? `${c.txnKeyCount} keys` : '',
  ].filter(Boolean);
  return `${c.system} ${c.workload}, ${c.nodes.length} nodes, ${c.concurrency} threads, ${c.timeLimitS} s at ${c.rate} ops/s, ${nemesis}, seed ${c.seed}${c.seedGiven ? ' (given)' : ''}${extras.length ? `, ${extras.join(', ')}` : ''}`;
}

/**
 * The typed shape of a config file, `faultline.config.ts` (or `.js`, `.json`):
 *
 *     import { defineConfig } from 'faultline';
 *     export default defineConfig({ timeLimit: 30, herddbIsolation: 'read-committed' });
 *
 * Top-level keys are the `faultline test` flags by their camelCase names (`timeLimit` for
 * `--time-limit`) and the options of any system (`faultline test <system> --help` lists them).
 * Flags win over the file, the file over the defaults.
 *
 * `campaigns` names campaigns for `faultline campaign <name>`:
 *
 *     campaigns: { nightly: { systems: ['etcd', 'zookeeper'], nemeses: [['partition', 'kill'], []], testCount: 3 } }
 */

/** Defaults for the flags of `faultline test`. */
export interface TestFlagDefaults {
  workload?: string;
  nodes?: number;
  /** Seconds. */
  timeLimit?: number;
  /** Threads, or a multiple of the node count like `2n`. */
  concurrency?: number | string;
  rate?: number;
  /** Fault names, or `none`. */
  nemesis?: string | string[];
  /** Seconds. */
  nemesisInterval?: number;
  seed?: number;
  /** Seconds. */
  opTimeout?: number;
  store?: string;
  leaveDbRunning?: boolean;
  cluster?: string;
  subnet?: string;
}

/**
 * A named campaign, run with `faultline campaign <name>`: the fields are the flags of
 * `faultline campaign` by their camelCase names (flags given on the command line win).
 */
export interface CampaignConfig {
  /** Systems to test (required here or as `--systems`). */
  systems?: string[] | string;
  workloads?: string[] | string;
  /** Nemesis sets: each a list of fault names (`[]` = none) or `"partition,kill"`. Default: each system's default set. */
  nemeses?: (string[] | string)[] | string;
  /** Runs of each combination. */
  testCount?: number;
  /** Seconds of each run's main phase. */
  timeLimit?: number;
  untilInvalid?: boolean;
  /** Clusters side by side. */
  parallel?: number;
  /** Seeds of repetitions 1, 2… of every combination. */
  seeds?: number[];
  store?: string;
  /** Cluster name, or prefix of the names with `parallel`. */
  cluster?: string;
  /** Subnet of the first cluster. */
  subnet?: string;
  /** Test flags and system options of every run, over the file's top-level keys (e.g. `{ etcdSerializableReads: true, rate: 50 }`). */
  options?: Record<string, unknown>;
}

/** A config file's content: flag defaults and system options (e.g. `herddbIsolation`). */
export interface FaultlineConfig extends TestFlagDefaults {
  /** Named campaigns for `faultline campaign <name>`. */
  campaigns?: Record<string, CampaignConfig>;
  /** A system's option, checked against that system's definition when loaded. */
  [systemOption: string]: unknown;
}

/** Returns `config` as is: only there to type it in the editor. Pure. */
export function defineConfig(config: FaultlineConfig): FaultlineConfig {
  return config;
}

/**
 * The typed shape of a config file, `faultline.config.ts` (or `.js`, `.json`):
 *
 *     import { defineConfig } from 'faultline';
 *     export default defineConfig({ timeLimit: 30, herddbIsolation: 'read-committed' });
 *
 * Top-level keys are the `faultline test` flags by their camelCase names (`timeLimit` for
 * `--time-limit`) and the options of any system (`faultline test <system> --help` lists them).
 * Flags win over the file, the file over the defaults.
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

/** A config file's content: flag defaults and system options (e.g. `herddbIsolation`). */
export interface FaultlineConfig extends TestFlagDefaults {
  /** A system's option, checked against that system's definition when loaded. */
  [systemOption: string]: unknown;
}

/** Returns `config` as is: only there to type it in the editor. Pure. */
export function defineConfig(config: FaultlineConfig): FaultlineConfig {
  return config;
}

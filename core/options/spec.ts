/**
 * A system's options, described by the system itself: key, type, default, help and validation
 * (and, for some, a command-line flag). `faultline test` parses them once — from the config
 * file, then flags — into the run's frozen options, lists them in `faultline test <system>
 * --help`, and stores the result in test.json. Pure.
 */
import { UsageError } from '../errors.js';

/** A run's resolved options as plug-ins read them (`RunContext.options`). */
export type RunOptions = Readonly<Record<string, unknown>>;

/** One option of a system. */
export interface OptionSpec<T = unknown> {
  /** Key in the run's options and in the config file, e.g. `herddbIsolation`. */
  readonly key: string;
  /** Its type as help shows it, e.g. `boolean`, `integer 1..5`, `"read-committed" | "repeatable-read"`. */
  readonly type: string;
  /** Value when neither file nor flag sets it; undefined = unset (the system decides, see `help`). */
  readonly default?: T;
  /** One sentence for `--help`. */
  readonly help: string;
  /**
   * The command-line flag that sets it, in commander syntax: `--kafka-weak`,
   * `--memory-stale-reads [p]`, `--ordering-keys <n>`. Absent: config file only.
   */
  readonly flag?: string;
  /** The value of the flag as commander hands it over (`true` for a bare flag). `label` is the flag. */
  readonly fromFlag?: (raw: string | boolean, label: string) => T;
  /**
   * Validates a config-file value and returns it typed.
   * @throws UsageError starting with `label` (`file: key`) and quoting the value
   */
  readonly parse: (value: unknown, label: string) => T;
  /** What goes into the run's options for a set value; default `{ [key]: value }`. */
  readonly toOptions?: (value: T) => RunOptions;
  /** A few words for the console's one-line config summary when set to `value`; '' for none. */
  readonly describe?: (value: T) => string;
}

/** The attribute name commander gives a flag: `--zk-no-sync-reads [x]` → `zkNoSyncReads`. Pure. */
export function flagAttribute(flag: string): string {
  const name = (flag.split(/[ =]/)[0] ?? '').replace(/^--/, '');
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The flag's name without its argument: `--ordering-keys <n>` → `--ordering-keys`. Pure. */
export function flagName(flag: string): string {
  return flag.split(/[ =]/)[0] ?? flag;
}

/** JSON text of a value for an error message (strings quoted), at most 80 characters. Pure. */
export function show(value: unknown): string {
  const s = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

/** `value` as a boolean. @throws UsageError `label: expected true or false, got …` */
export function booleanValue(value: unknown, label: string): boolean {
  if (typeof value !== 'boolean') throw new UsageError(`${label}: expected true or false, got ${show(value)}`);
  return value;
}

/** `value` as an integer in `min..max`. @throws UsageError naming `label` and quoting the value */
export function integerValue(value: unknown, label: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`${label}: expected an integer from ${min} to ${max}, got ${show(value)}`);
  }
  return value;
}

/** `value` as a number greater than 0 and at most `max`. @throws UsageError naming `label` */
export function positiveValue(value: unknown, label: string, what: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
    throw new UsageError(`${label}: expected ${what}${max < Number.MAX_SAFE_INTEGER ? ` (at most ${max})` : ''}, got ${show(value)}`);
  }
  return value;
}

/** `value` as one of `choices`. @throws UsageError listing the choices */
export function oneOfValue<T extends string>(value: unknown, label: string, choices: readonly T[]): T {
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new UsageError(`${label}: expected one of ${choices.join(', ')}, got ${show(value)}`);
  }
  return value as T;
}

/** `value` as a string matching `pattern`. @throws UsageError saying `what` was expected */
export function stringValue(value: unknown, label: string, pattern: RegExp, what: string): string {
  if (typeof value !== 'string' || !pattern.test(value)) throw new UsageError(`${label}: expected ${what}, got ${show(value)}`);
  return value;
}

/**
 * Campaigns named in the config file, `campaigns: { nightly: { systems, workloads, nemeses,
 * options, testCount, timeLimit, … } }`, run with `faultline campaign nightly`. Each field is
 * turned into the string its command-line flag would give (flags win over it), labelled with
 * where it came from (`faultline.config.ts: campaigns.nightly.testCount`) so that a bad value
 * is a one-line error naming the file and the field. `options` are test flags and system
 * options for every run, laid over the file's top-level keys. Pure.
 */
import { UsageError, quote } from '../../core/errors.js';
import { show } from '../../core/options/spec.js';
import type { ConfigFile } from '../run/config.js';

/** The top-level config key holding named campaigns. */
export const CAMPAIGNS_KEY = 'campaigns';

/** A campaign setting as a flag would give it, with the label naming its origin in errors. */
export interface Sourced<T = string> {
  readonly raw: T;
  /** `--test-count`, or `<file>: campaigns.<name>.testCount`. */
  readonly label: string;
}

/** The campaign fields (flag attribute = file field) whose value is a string. */
export const STRING_FIELDS = ['systems', 'workloads', 'nemeses', 'testCount', 'timeLimit', 'parallel', 'seeds', 'store', 'cluster', 'subnet'] as const;
type StringField = (typeof STRING_FIELDS)[number];

/** Settings of a campaign, each with its origin. */
export type CampaignSettings = Partial<Record<StringField, Sourced>> & { untilInvalid?: Sourced<boolean> };

/** Every field a file campaign may have. */
const FIELDS: readonly string[] = [...STRING_FIELDS, 'untilInvalid', 'options'];

/** Option keys the campaign sets per run, with the campaign field to use instead. */
const PER_RUN: Readonly<Record<string, string>> = { workload: 'workloads', nemesis: 'nemeses', seed: 'seeds', store: 'store', cluster: 'cluster', subnet: 'subnet', timeLimit: 'timeLimit' };

/** A named campaign of the file: its settings and the config file its runs see. */
export interface FileCampaign {
  readonly name: string;
  readonly settings: CampaignSettings;
  /** The file with `options` laid over its top-level keys (labels name the option fields). */
  readonly file: ConfigFile;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The names of the file's campaigns (empty when it has none). @throws UsageError when `campaigns` is not an object */
export function campaignNames(file: ConfigFile): string[] {
  const all = file.values[CAMPAIGNS_KEY];
  if (all === undefined) return [];
  if (!isRecord(all)) throw new UsageError(`${file.path}: ${CAMPAIGNS_KEY}: expected an object of named campaigns ({ nightly: { systems: [...] } }), got ${show(all)}`);
  return Object.keys(all);
}

/** A field's value as the flag string. @throws UsageError naming `label` */
function fieldRaw(field: StringField, value: unknown, label: string): string {
  const numeric = ['testCount', 'timeLimit', 'parallel'].includes(field);
  if (typeof value === 'string') return value;
  if (numeric && typeof value === 'number' && Number.isFinite(value)) return String(value);
  if ((field === 'systems' || field === 'workloads') && isStrings(value) && value.length > 0) return value.join(',');
  if (field === 'seeds' && Array.isArray(value) && value.length > 0 && value.every((x) => typeof x === 'number')) return value.join(',');
  if (field === 'nemeses' && Array.isArray(value) && value.length > 0 && value.every((s) => typeof s === 'string' || isStrings(s))) {
    // each set: "partition,kill" or ["partition", "kill"]; [] or "none" is no faults
    return value.map((s) => (typeof s === 'string' ? s : s.length === 0 ? 'none' : s.join(','))).join(';');
  }
  const expected: Record<StringField, string> = {
    systems: 'a list of system names',
    workloads: 'a list of workload names',
    nemeses: 'a list of nemesis sets (each a list of fault names, or "partition,kill"; [] for none)',
    testCount: 'an integer',
    timeLimit: 'a number of seconds',
    parallel: 'an integer',
    seeds: 'a list of integers',
    store: 'a directory',
    cluster: 'a cluster name',
    subnet: 'a subnet like 10.231.0.0/24',
  };
  throw new UsageError(`${label}: expected ${expected[field]}, got ${show(value)}`);
}

/**
 * The campaign `name` of `file`.
 * @throws UsageError (one line, naming the file and field) for an unknown name, an unknown
 *   field, or a value of the wrong type
 */
export function fileCampaign(file: ConfigFile, name: string): FileCampaign {
  const names = campaignNames(file);
  if (!names.includes(name)) {
    throw new UsageError(
      `${file.path}: ${CAMPAIGNS_KEY}: no campaign ${quote(name)} (${names.length === 0 ? `the file has no ${CAMPAIGNS_KEY}` : `it has: ${names.join(', ')}`})`,
    );
  }
  const where = `${CAMPAIGNS_KEY}.${name}`;
  const entry = (file.values[CAMPAIGNS_KEY] as Record<string, unknown>)[name];
  if (!isRecord(entry)) throw new UsageError(`${file.path}: ${where}: expected an object ({ systems: [...], ... }), got ${show(entry)}`);
  const label = (field: string): string => `${file.path}: ${where}.${field}`;
  const settings: { -readonly [K in keyof CampaignSettings]: CampaignSettings[K] } = {};
  for (const [field, value] of Object.entries(entry)) {
    if (value === undefined || field === 'options') continue;
    if (!FIELDS.includes(field)) throw new UsageError(`${label(field)}: unknown field (value ${show(value)}; known: ${FIELDS.join(', ')})`);
    if (field === 'untilInvalid') {
      if (typeof value !== 'boolean') throw new UsageError(`${label(field)}: expected true or false, got ${show(value)}`);
      settings.untilInvalid = { raw: value, label: label(field) };
    } else {
      const f = field as StringField;
      settings[f] = { raw: fieldRaw(f, value, label(f)), label: label(f) };
    }
  }
  const options = entry.options ?? {};
  if (!isRecord(options)) throw new UsageError(`${label('options')}: expected an object of test flags and system options ({ etcdSerializableReads: true }), got ${show(options)}`);
  const labels: Record<string, string> = {};
  for (const key of Object.keys(options)) {
    if (key === CAMPAIGNS_KEY) throw new UsageError(`${label('options')}.${key}: campaigns do not nest`);
    if (PER_RUN[key] !== undefined) throw new UsageError(`${label('options')}.${key}: set per run by the campaign; use ${where}.${PER_RUN[key]}`);
    labels[key] = `${where}.options.${key}`;
  }
  const { [CAMPAIGNS_KEY]: _campaigns, ...top } = file.values;
  return { name, settings, file: { path: file.path, values: { ...top, ...options }, labels: { ...file.labels, ...labels } } };
}

/**
 * The campaign's settings: each flag given on the command line over the file's field (flags
 * win). Pure.
 */
export function mergeSettings(flags: Partial<Record<StringField, string>> & { untilInvalid?: boolean }, fromFile: CampaignSettings = {}): CampaignSettings {
  const out: { -readonly [K in keyof CampaignSettings]: CampaignSettings[K] } = { ...fromFile };
  for (const f of STRING_FIELDS) {
    const v = flags[f];
    if (v !== undefined) out[f] = { raw: v, label: `--${f.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` };
  }
  if (flags.untilInvalid === true) out.untilInvalid = { raw: true, label: '--until-invalid' };
  return out;
}

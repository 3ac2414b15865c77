/**
 * Flags a campaign hands through to each of its tests (`--etcd-serializable-reads`,
 * `--nodes 5`, `--rate 50`…): parsed by `faultline test`'s own option definitions, so every
 * test flag works the same in a campaign. A flag of a system's option (its definition says
 * which) goes to that system's runs only.
 */
import { Command, CommanderError } from 'commander';
import { UsageError, quote } from '../../core/errors.js';
import { flagName } from '../../core/options/spec.js';
import type { RawTestFlags } from '../run/config.js';
import { SYSTEMS } from '../run/systems.js';

/** Flags the campaign sets itself for each run; giving them as pass-through is an error. */
const OWNED: Readonly<Record<string, string>> = {
  workload: '--workloads',
  nemesis: '--nemeses',
  seed: '--seeds',
  store: '--store',
  cluster: '--cluster',
  subnet: '--subnet',
  'time-limit': '--time-limit',
  schedule: 'faultline test --schedule for a single replay',
};

/** A pass-through flag with its value tokens. */
interface FlagGroup {
  name: string;
  tokens: string[];
}

/** Splits tokens into flags with their values (`--a 1 --b` → two groups). Pure. @throws UsageError for a stray value */
export function flagGroups(tokens: readonly string[]): FlagGroup[] {
  const groups: FlagGroup[] = [];
  for (const t of tokens) {
    if (t.startsWith('--')) groups.push({ name: t.slice(2).split('=')[0], tokens: [t] });
    else if (groups.length === 0) throw new UsageError(`campaign: unexpected argument ${quote(t)} (systems go in --systems)`);
    else groups[groups.length - 1].tokens.push(t);
  }
  return groups;
}

/** The system (one of `known`) whose option has the flag `--<name>`, e.g. `etcd-serializable-reads` → etcd. Pure. */
export function flagSystem(name: string, known: readonly string[]): string | undefined {
  const owner = SYSTEMS.find((s) => known.includes(s.name) && s.options.some((o) => o.flag !== undefined && flagName(o.flag) === `--${name}`));
  return owner?.name;
}

/**
 * The test flags each of `systems` gets from pass-through `tokens`, parsed by `testCommand`'s
 * options (a fresh `faultline test` command per call).
 * @throws UsageError for a flag the campaign owns, a system flag for a system not in the
 *   campaign, or an unknown option
 */
export function passThroughFlags(tokens: readonly string[], systems: readonly string[], known: readonly string[], testCommand: () => Command): Map<string, RawTestFlags> {
  const groups = flagGroups(tokens);
  for (const g of groups) {
    if (OWNED[g.name] !== undefined) throw new UsageError(`campaign: --${g.name} is set per run by the campaign; use ${OWNED[g.name]}`);
    const sys = flagSystem(g.name, known);
    if (sys !== undefined && !systems.includes(sys)) throw new UsageError(`--${g.name}: applies to system ${sys}, which is not in --systems (${systems.join(',')})`);
  }
  const out = new Map<string, RawTestFlags>();
  for (const system of systems) {
    const mine = groups.filter((g) => {
      const sys = flagSystem(g.name, known);
      return sys === undefined || sys === system;
    });
    out.set(system, parseTestFlags(mine.flatMap((g) => g.tokens), testCommand()));
  }
  return out;
}

function parseTestFlags(tokens: string[], cmd: Command): RawTestFlags {
  cmd.exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  let parsed: { operands: string[]; unknown: string[] };
  try {
    parsed = cmd.parseOptions(tokens);
  } catch (e) {
    if (e instanceof CommanderError) throw new UsageError(`campaign: ${e.message.replace(/^error: /, '')}`);
    throw e;
  }
  const unknown = parsed.unknown.find((t) => t.startsWith('-'));
  if (unknown !== undefined) throw new UsageError(`campaign: unknown option ${quote(unknown)} (not a campaign or test flag; see faultline test --help)`);
  if (parsed.operands.length > 0 || parsed.unknown.length > 0) throw new UsageError(`campaign: unexpected argument ${quote([...parsed.operands, ...parsed.unknown][0])}`);
  return cmd.opts() as RawTestFlags;
}

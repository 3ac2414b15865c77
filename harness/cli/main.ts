/**
 * The `faultline` command line: a thin commander shell. Each subcommand lives in its own file
 * and registers itself on the program; all output and exit codes are decided here.
 */
import { Command, CommanderError } from 'commander';
import { EXIT, UsageError } from '../../core/errors.js';
import { groupsFor } from './commands.js';
import { installLastResort } from './crash-guard.js';
import { version } from './version.js';

/**
 * Builds the program with the subcommand `argv` names registered (every subcommand when it
 * names none: help, version, typos), loading only the files that command needs.
 */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('faultline')
    .description('Consistency test harness: real clusters, real faults, checked histories.')
    .version(version())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const registrars = await Promise.all(groupsFor(argv).map((g) => g.load()));
  for (const register of registrars) register(program, argv);
  return program;
}

/** Runs the CLI with `argv` (as `process.argv`) and returns the exit code; never throws. */
export async function main(argv: string[]): Promise<number> {
  installLastResort();
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err);
  }
}

/** Prints an error the way users should see it and returns its exit code. */
export function reportError(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
    return EXIT.usage; // commander already printed its one-line message
  }
  if (err instanceof UsageError) {
    process.stderr.write(`faultline: ${err.message}\n`);
    return EXIT.usage;
  }
  const e = err as Error;
  process.stderr.write(`faultline: crashed: ${e?.stack ?? String(err)}\n`);
  return EXIT.crash;
}

/**
 * Turning a remote command (argv or a {@link ShellScript}) plus its options (cwd, env, sudo)
 * into the text a remote shell runs, or into a plain argv. Pure; unit-tested.
 */
import { QuoteError, isEnvName, quoteArg, quoteArgv, type ShellScript } from './shell-quote.js';

/** What a remote runs: an exact argv (no shell involved in meaning), or a quoted shell script. */
export type Command = readonly string[] | ShellScript;

/** The options of a command that change what runs (as opposed to how we wait for it). */
export interface CommandShape {
  /** Working directory on the node. */
  cwd?: string;
  /** Extra environment variables for the command. */
  env?: Readonly<Record<string, string>>;
  /** Run as root through `sudo -n` (on SSH; containers already run as root). */
  sudo?: boolean;
}

/** True when `cmd` is an argv array rather than a shell script. Pure. */
export function isArgv(cmd: Command): cmd is readonly string[] {
  return Array.isArray(cmd);
}

/** A one-line human-readable form of a command, for errors and logs. Pure. */
export function describeCommand(cmd: Command): string {
  return isArgv(cmd) ? quoteArgv(cmd) : cmd.script;
}

/** Validates env names (throws {@link QuoteError} with the bad name). Pure. */
export function checkEnv(env: Readonly<Record<string, string>> | undefined): void {
  for (const name of Object.keys(env ?? {})) {
    if (!isEnvName(name)) throw new QuoteError(`bad environment variable name: ${JSON.stringify(name)}`);
  }
}

/**
 * The single shell command line that runs `cmd` with `shape` under a POSIX login shell (what
 * SSH sends). With no cwd, env or sudo an argv is just quoted; otherwise the work is wrapped in
 * `sh -c '<script>'`, prefixed by `sudo -n --` when asked. Pure.
 */
export function toShellLine(cmd: Command, shape: CommandShape = {}): string {
  checkEnv(shape.env);
  const body = isArgv(cmd) ? quoteArgv(cmd) : cmd.script;
  const env = Object.entries(shape.env ?? {});
  if (shape.cwd === undefined && env.length === 0 && !shape.sudo) return body;
  const parts: string[] = [];
  if (shape.cwd !== undefined) parts.push(`cd -- ${quoteArg(shape.cwd)} || exit 125`);
  for (const [k, v] of env) parts.push(`export ${k}=${quoteArg(v)}`);
  parts.push(isArgv(cmd) ? `exec ${body}` : body);
  const wrapped = `sh -c ${quoteArg(parts.join('\n'))}`;
  return shape.sudo ? `sudo -n -- ${wrapped}` : wrapped;
}

/** The argv run inside a container for `cmd`: argv as is, or `sh -c <script>`. Pure. */
export function toContainerArgv(cmd: Command): string[] {
  if (isArgv(cmd)) {
    if (cmd.length === 0) throw new QuoteError('empty command: argv needs at least the program');
    return [...cmd];
  }
  return ['sh', '-c', cmd.script];
}

/**
 * Wraps `cmd` so the node itself kills it after `timeoutMs` (GNU `timeout -s KILL`), so a
 * timed-out command does not linger on the node. Pure.
 */
export function withNodeTimeout(cmd: Command, timeoutMs: number | undefined): Command {
  if (timeoutMs === undefined) return cmd;
  if (!(timeoutMs > 0)) throw new QuoteError(`timeoutMs must be > 0, got ${timeoutMs}`);
  const secs = (Math.ceil(timeoutMs) / 1000).toFixed(3);
  return ['timeout', '-s', 'KILL', secs, ...toContainerArgv(cmd)];
}

/**
 * True when an end with `code`/`signal` after `elapsedMs` means GNU `timeout` killed the command
 * (`timeout -s KILL` kills its whole process group, itself included: exit 137 or signal KILL). Pure.
 */
export function isNodeTimeout(code: number | null, signal: string | null, elapsedMs: number, timeoutMs: number | undefined): boolean {
  const killed = code === 124 || code === 137 || signal === 'KILL' || signal === 'SIGKILL';
  return timeoutMs !== undefined && killed && elapsedMs >= timeoutMs - 50;
}

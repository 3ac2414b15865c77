/**
 * Error classes with the facts a user needs. A {@link UsageError} is printed as one line with no
 * stack and exits 254.
 */

/** Exit codes of the CLI. */
export const EXIT = { valid: 0, invalid: 1, unknown: 2, usage: 254, crash: 255 } as const;

/** Bad input from the user: a flag, a config value, or a malformed file. One line, exit 254. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * A malformed input file: names the file and the 1-based line, and quotes the bad text
 * (shortened to 80 characters).
 */
export class InputError extends UsageError {
  override name = 'InputError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
    readonly text?: string,
  ) {
    super(`${file}:${line}: ${problem}${text === undefined ? '' : `: ${quote(text)}`}`);
  }
}

/** Shortens and JSON-quotes a value for an error message. Pure. */
export function quote(text: string, max = 80): string {
  const s = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(s);
}

/**
 * The abort reason of a run whose controller met an exception nothing caught (see
 * harness/cli/crash-guard.ts): the run is torn down like an interrupted one, ends `crashed`
 * and exits 255.
 */
export class ControllerCrash extends Error {
  override name = 'ControllerCrash';
  constructor(readonly error: unknown) {
    super(`uncaught ${error instanceof Error ? `${error.name}: ${error.message}` : `error: ${String(error)}`}`, { cause: error });
  }
}

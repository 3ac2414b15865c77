/**
 * POSIX shell quoting: turns arguments into text a `sh` parses back into exactly the same
 * arguments. Commands are always assembled from quoted pieces, never pasted. Pure.
 */

/** Characters that never need quoting in a POSIX shell word (`=` is left out: `a=b` first is an assignment). */
const SAFE = /^[A-Za-z0-9_@%+:,./-]+$/;

/** A shell environment variable name. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Thrown for a value no shell word can carry (a NUL byte) or a bad variable name. */
export class QuoteError extends Error {
  override name = 'QuoteError';
}

/**
 * Quotes one argument for a POSIX shell. Safe words are returned as they are, the empty string
 * becomes `''`, anything else is single-quoted with each `'` written as `'\''`. Pure.
 * @throws QuoteError when `arg` contains a NUL byte (no argv can hold one).
 */
export function quoteArg(arg: string): string {
  if (arg.includes('\0')) throw new QuoteError(`argument contains a NUL byte: ${JSON.stringify(arg.slice(0, 40))}`);
  if (arg === '') return "''";
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Quotes every argument and joins them with spaces: a shell command running `argv`. Pure. */
export function quoteArgv(argv: readonly string[]): string {
  if (argv.length === 0) throw new QuoteError('empty command: argv needs at least the program');
  return argv.map(quoteArg).join(' ');
}

/** True when `name` can be an environment variable name in a shell. Pure. */
export function isEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/**
 * A shell script fragment whose interpolated values were quoted: build one with the {@link sh}
 * tag. Remotes accept this or an argv array, never a bare string.
 */
export interface ShellScript {
  readonly script: string;
}

/**
 * Tagged template for shell scripts: literal text is kept as written, every `${value}` is
 * quoted with {@link quoteArg} (arrays become several quoted words). Pure.
 * @example sh`echo ${msg} > ${file}` // msg and file cannot inject commands
 */
export function sh(strings: TemplateStringsArray, ...values: Array<string | number | readonly (string | number)[]>): ShellScript {
  let out = strings[0];
  values.forEach((v, i) => {
    const words = Array.isArray(v) ? v.map((w) => quoteArg(String(w))).join(' ') : quoteArg(String(v));
    out += words + strings[i + 1];
  });
  return { script: out };
}

/** Wraps already-written shell text as a {@link ShellScript}, for scripts with no user input. Pure. */
export function rawScript(script: string): ShellScript {
  return { script };
}

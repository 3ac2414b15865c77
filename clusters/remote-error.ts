/**
 * The error a {@link Remote} throws: which node, which command, how it ended, and its output.
 */

/** How a remote operation failed. */
export type RemoteFailure =
  /** The command ran and exited non-zero (or died by a signal). */
  | 'exit'
  /** The command was killed after `timeoutMs`. */
  | 'timeout'
  /** The node could not be reached, or the connection dropped. */
  | 'connection'
  /** A file transfer failed. */
  | 'transfer'
  /** The host key was rejected or authentication failed (not worth a retry). */
  | 'auth';

/** The facts of a failed remote operation. */
export interface RemoteErrorFacts {
  node: string;
  /** The command (quoted, as it would be typed) or a transfer description. */
  command: string;
  failure: RemoteFailure;
  exitCode?: number | null;
  signal?: string | null;
  stdout?: string;
  stderr?: string;
  /** For `connection` failures: whether the command may have started on the node. */
  started?: boolean;
  cause?: unknown;
}

/** Keeps the last `max` characters of output for a message. Pure. */
function tail(text: string, max = 400): string {
  const t = text.trim();
  return t.length > max ? `…${t.slice(-max)}` : t;
}

/** A remote operation failed; carries node, command, exit code, stdout, stderr and cause. */
export class RemoteError extends Error {
  override name = 'RemoteError';
  readonly node: string;
  readonly command: string;
  readonly failure: RemoteFailure;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly started: boolean;

  constructor(facts: RemoteErrorFacts) {
    super(RemoteError.describe(facts), { cause: facts.cause });
    this.node = facts.node;
    this.command = facts.command;
    this.failure = facts.failure;
    this.exitCode = facts.exitCode ?? null;
    this.signal = facts.signal ?? null;
    this.stdout = facts.stdout ?? '';
    this.stderr = facts.stderr ?? '';
    this.started = facts.started ?? facts.failure !== 'connection';
  }

  /** True when the failure was a lost or refused connection (worth a retry). */
  get isConnection(): boolean {
    return this.failure === 'connection';
  }

  /** The one-line message for `facts`. Pure. */
  static describe(f: RemoteErrorFacts): string {
    const what = `${f.node}: ${JSON.stringify(f.command.length > 200 ? `${f.command.slice(0, 200)}…` : f.command)}`;
    const err = tail(f.stderr ?? '');
    const detail = err ? `: ${err}` : f.cause instanceof Error ? `: ${f.cause.message}` : '';
    switch (f.failure) {
      case 'exit':
        return `${what} ${f.signal ? `killed by ${f.signal}` : `exited ${f.exitCode}`}${detail}`;
      case 'timeout':
        return `${what} timed out${detail}`;
      case 'connection':
        return `${what} ${f.started === false ? 'could not reach the node' : 'lost its connection'}${detail}`;
      case 'transfer':
        return `${what} transfer failed${detail}`;
      case 'auth':
        return `${what} was refused${detail}`;
    }
  }
}

/** True when `err` is a {@link RemoteError}. */
export function isRemoteError(err: unknown): err is RemoteError {
  return err instanceof RemoteError;
}

/**
 * The `Remote` contract: how the harness reaches one node, whether it is a local container
 * (docker exec / docker cp) or a host over SSH. Everything above `clusters/` uses only this.
 */
import type { Command, CommandShape } from './command.js';

export type { Command } from './command.js';

/** Options of {@link Remote.exec}. */
export interface ExecOptions extends CommandShape {
  /** Kill the command (and fail with a timed-out {@link RemoteError}) after this many ms. Default: none. */
  timeoutMs?: number;
  /** Bytes or text written to the command's standard input, which is then closed. Default: empty. */
  stdin?: string | Uint8Array;
  /**
   * Throw a {@link RemoteError} when the command exits non-zero. Default `true`; with `false` the
   * result carries the exit code instead.
   */
  check?: boolean;
  /**
   * The command may safely run twice: a retrying wrapper may re-run it after the connection
   * dropped while it was running. Default `false` (only commands that never started are retried).
   */
  idempotent?: boolean;
}

/** What a command did. `stdout`/`stderr` are decoded as UTF-8 and kept byte-for-byte otherwise. */
export interface ExecResult {
  stdout: string;
  stderr: string;
  /** The exit status; `null` when the command died by a signal or the connection was lost. */
  exitCode: number | null;
}

/** One node, reached one way. Implementations: {@link DockerRemote}, {@link SshRemote}. */
export interface Remote {
  /** The node's name (n1, n2, ... or an inventory name), used in errors and output. */
  readonly node: string;
  /** How this remote reaches the node, e.g. `docker` or `ssh`. */
  readonly via: string;
  /** Runs `cmd` on the node. Rejects with a {@link RemoteError} (which carries the facts). */
  exec(cmd: Command, opts?: ExecOptions): Promise<ExecResult>;
  /** Copies the local file `localPath` to `remotePath` on the node. */
  upload(localPath: string, remotePath: string): Promise<void>;
  /** Copies `remotePath` on the node to the local file `localPath`. */
  download(remotePath: string, localPath: string): Promise<void>;
  /** Releases connections; later calls may reconnect. Idempotent. */
  close(): Promise<void>;
}

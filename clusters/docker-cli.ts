/**
 * The one place that runs the `docker` client: a chosen binary pointed at a chosen engine
 * socket (DOCKER_HOST). Every docker call in faultline goes through a {@link DockerCli}.
 */
import { execa, type ResultPromise } from 'execa';

/** Options of one docker invocation. */
export interface DockerRunOptions {
  /** Standard input for the client. */
  input?: string | Uint8Array;
  /** Kill the client after this many ms. */
  timeoutMs?: number;
  /** Return non-zero exits instead of throwing. Default `false`. */
  allowFailure?: boolean;
  /** Decode output as UTF-8 text (default) or keep raw bytes. */
  encoding?: 'utf8' | 'buffer';
}

/** The result of one docker invocation. */
export interface DockerResult {
  stdout: string;
  stderr: string;
  exitCode: number | null;
  timedOut: boolean;
  signal: string | null;
}

/** Thrown when a docker command fails: carries argv, exit code and output. */
export class DockerError extends Error {
  override name = 'DockerError';
  constructor(
    readonly args: readonly string[],
    readonly exitCode: number | null,
    readonly stdout: string,
    readonly stderr: string,
    options?: { cause?: unknown },
  ) {
    super(`docker ${args.slice(0, 6).join(' ')}${args.length > 6 ? ' …' : ''} failed (exit ${exitCode}): ${stderr.trim().slice(-600) || stdout.trim().slice(-600)}`, options);
  }
}

/** A docker client binary plus the engine it talks to. */
export class DockerCli {
  /**
   * @param bin path of the docker client binary
   * @param host the engine address, e.g. `unix:///run/faultline/docker.sock`
   */
  constructor(
    readonly bin: string,
    readonly host: string,
  ) {}

  /** The environment every docker call gets: DOCKER_HOST, legacy builder, no CLI hints. */
  env(): Record<string, string> {
    return { DOCKER_HOST: this.host, DOCKER_BUILDKIT: '0', DOCKER_CLI_HINTS: 'false' };
  }

  /** Starts `docker <args>` and returns execa's process (for streaming output). */
  spawn(args: readonly string[], opts: DockerRunOptions = {}): ResultPromise {
    return execa(this.bin, args, {
      env: this.env(),
      input: opts.input,
      timeout: opts.timeoutMs,
      reject: false,
      stripFinalNewline: false,
      encoding: opts.encoding === 'buffer' ? 'buffer' : 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    } as never) as unknown as ResultPromise;
  }

  /** Runs `docker <args>` to completion; throws {@link DockerError} on failure unless allowed. */
  async run(args: readonly string[], opts: DockerRunOptions = {}): Promise<DockerResult> {
    const r = (await this.spawn(args, opts)) as unknown as {
      stdout: string; stderr: string; exitCode?: number; timedOut: boolean; signal?: string; failed: boolean; cause?: unknown;
    };
    const res: DockerResult = {
      stdout: String(r.stdout ?? ''),
      stderr: String(r.stderr ?? ''),
      exitCode: r.exitCode ?? null,
      timedOut: r.timedOut,
      signal: r.signal ?? null,
    };
    if (r.failed && !opts.allowFailure) throw new DockerError(args, res.exitCode, res.stdout, res.stderr, { cause: r.cause });
    return res;
  }

  /** Runs `docker <args>` and returns trimmed stdout. */
  async text(args: readonly string[], opts: DockerRunOptions = {}): Promise<string> {
    return (await this.run(args, opts)).stdout.trim();
  }

  /** Runs `docker <args>` and returns non-empty stdout lines. */
  async lines(args: readonly string[], opts: DockerRunOptions = {}): Promise<string[]> {
    return (await this.text(args, opts)).split('\n').filter((l) => l.trim() !== '');
  }
}

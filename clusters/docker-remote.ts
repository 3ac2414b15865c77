/**
 * A {@link Remote} for a local container: `docker exec` runs commands, `docker cp` moves files.
 */
import { describeCommand, isNodeTimeout, withNodeTimeout } from '../core/command.js';
import { downloadArgs, execArgs, uploadArgs } from './docker-args.js';
import type { DockerCli, DockerResult } from './docker-cli.js';
import type { Command, ExecOptions, ExecResult, Remote } from '../core/remote.js';
import { RemoteError } from './remote-error.js';

/** Engine-side failures: the command never started. */
const ENGINE_DOWN = /^(Error response from daemon: .*(is not running|is paused|No such container)|Cannot connect to the Docker daemon|error during connect)/m;

/** Extra time the client waits beyond `timeoutMs` before killing `docker exec` itself. */
const CLIENT_GRACE_MS = 5_000;

/** Runs commands in one container through the docker client. Cheap to create; nothing to close. */
export class DockerRemote implements Remote {
  readonly via = 'docker';

  /**
   * @param node the node's name (n1, ...)
   * @param container the container's name or id
   * @param docker the docker client to use
   */
  constructor(
    readonly node: string,
    readonly container: string,
    private readonly docker: DockerCli,
  ) {}

  /** Runs `cmd` with `docker exec`; see {@link Remote.exec}. */
  async exec(cmd: Command, opts: ExecOptions = {}): Promise<ExecResult> {
    const command = describeCommand(cmd);
    const args = execArgs(this.container, withNodeTimeout(cmd, opts.timeoutMs), { ...opts, stdin: opts.stdin !== undefined });
    const started = Date.now();
    let r: DockerResult;
    try {
      r = await this.docker.run(args, {
        input: opts.stdin,
        timeoutMs: opts.timeoutMs === undefined ? undefined : opts.timeoutMs + CLIENT_GRACE_MS,
        allowFailure: true,
      });
    } catch (cause) {
      throw new RemoteError({ node: this.node, command, failure: 'connection', started: false, cause });
    }
    const facts = { node: this.node, command, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
    if (r.timedOut || isNodeTimeout(r.exitCode, r.signal, Date.now() - started, opts.timeoutMs)) {
      throw new RemoteError({ ...facts, failure: 'timeout' });
    }
    if (r.exitCode !== 0 && r.stdout === '' && ENGINE_DOWN.test(r.stderr)) {
      throw new RemoteError({ ...facts, failure: 'connection', started: false });
    }
    if (r.exitCode === null) throw new RemoteError({ ...facts, failure: 'connection', started: true });
    if (r.exitCode !== 0 && opts.check !== false) throw new RemoteError({ ...facts, failure: 'exit' });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
  }

  /** Copies a local file into the container with `docker cp`. */
  async upload(localPath: string, remotePath: string): Promise<void> {
    await this.copy(uploadArgs(this.container, localPath, remotePath), `upload ${localPath} -> ${remotePath}`);
  }

  /** Copies a file out of the container with `docker cp`. */
  async download(remotePath: string, localPath: string): Promise<void> {
    await this.copy(downloadArgs(this.container, remotePath, localPath), `download ${remotePath} -> ${localPath}`);
  }

  /** Nothing to release: each call is its own `docker` process. */
  async close(): Promise<void> {}

  private async copy(args: string[], command: string): Promise<void> {
    const r = await this.docker.run(args, { allowFailure: true, timeoutMs: 300_000 });
    if (r.exitCode === 0) return;
    const failure = ENGINE_DOWN.test(r.stderr) ? 'connection' : 'transfer';
    throw new RemoteError({ node: this.node, command, failure, started: false, exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr });
  }
}

/**
 * ZooKeeper's server side on the nodes: Debian's zookeeper 3.8 (image `zookeeper`) run as an
 * ensemble of every node, its JVM started in the background by start-stop-daemon under
 * libfaketime (time file {@link FAKETIME_FILE}, `+0` at setup) so the clock nemesis can skew
 * it. Every remote command is an argv array or an `sh` template.
 */
import type { DB, HasClock, HasDataFiles, HasLogFiles, HasPrimaries, Killable, Pausable, RunContext } from '../../../core/plugins.js';
import { mountLazyFsScript, syncLazyFsScript, unmountLazyFsScript } from '../../lazyfs.js';
import type { Remote } from '../../../core/remote.js';
import { sh } from '../../../core/shell-quote.js';
import { poll } from '../../poll.js';
import { CLIENT_PORT, CONFIG_FILE, DATA_DIR, FAKETIME_FILE, LOG_FILE, PID_FILE, PROCESS_PATTERN, ZK_DIR, modeOf, myId, startArgv, versionOf, zooCfg } from './config.js';
import { fourLetterWord } from './four-letter.js';
import { killProcess, processRunning, signalProcess, type ServerProcess } from '../../node-process.js';

/** Time limits of the ZooKeeper DB, ms. */
export interface ZookeeperDbOptions {
  /** Setup: until the server answers `srvr` in leader or follower mode. Default 150 000 (JVMs under libfaketime start slowly on shared cores). */
  setupTimeoutMs: number;
  /** start: until the server answers `srvr`. Default 60 000. */
  startTimeoutMs: number;
  /** kill: until no server JVM is left. Default 10 000. */
  killTimeoutMs: number;
  /** Keep the data directory on faultline-lazyfs (for the power-loss nemesis). Default false. */
  lazyFs: boolean;
  /** zoo.cfg `forceSync`. Default true (ZooKeeper's default). */
  forceSync: boolean;
}

const DEFAULTS: ZookeeperDbOptions = { setupTimeoutMs: 150_000, startTimeoutMs: 60_000, killTimeoutMs: 10_000, lazyFs: false, forceSync: true };

/** Remote commands run as root, killed on the node after 30 s. */
const RUN = { sudo: true, timeoutMs: 30_000 } as const;

/** The server process `pgrep` / `pkill` find. */
const SERVER: ServerProcess = { match: '-f', pattern: PROCESS_PATTERN, label: 'zookeeper' };

/** ZooKeeper on the nodes: {@link DB} with kill/start, pause/resume, primaries, a skewable clock and log files. */
export class ZookeeperDb implements DB, Killable, Pausable, HasClock, HasLogFiles, HasPrimaries, HasDataFiles {
  readonly name = 'zookeeper';
  private readonly opts: ZookeeperDbOptions;
  readonly lazyFs: boolean;

  constructor(opts: Partial<ZookeeperDbOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
    this.lazyFs = this.opts.lazyFs;
  }

  /** The data directory (snapshots, transaction logs, myid). */
  dataDir(): string {
    return DATA_DIR;
  }

  /** Transaction logs and snapshots (`corrupt-file` spares `myid`, which is provisioning). */
  dataFiles(): string[] {
    return ['version-2/log.*', 'version-2/snapshot.*'];
  }

  /**
   * Kills and wipes whatever an earlier run left, writes zoo.cfg, myid and a `+0` time file,
   * starts the server and waits until it serves as leader or follower (which needs a majority
   * of the ensemble: call setup for all nodes concurrently).
   */
  async setup(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await this.kill(ctx, node);
    await r.exec(unmountLazyFsScript(DATA_DIR), RUN);
    await r.exec(['rm', '-rf', '--', ZK_DIR], RUN);
    await r.exec(['mkdir', '-p', '--', DATA_DIR], RUN);
    if (this.lazyFs) await r.exec(mountLazyFsScript(DATA_DIR), RUN);
    await r.exec(['tee', CONFIG_FILE], { ...RUN, stdin: zooCfg(ctx.nodes, ctx.addresses, { forceSync: this.opts.forceSync }) });
    await r.exec(['tee', `${DATA_DIR}/myid`], { ...RUN, stdin: `${myId(node, ctx.nodes)}\n` });
    // Provisioning is durable: fsync myid (on faultline-lazyfs an unsynced file is forgotten by a power loss).
    await r.exec(['dd', 'if=/dev/null', `of=${DATA_DIR}/myid`, 'conv=notrunc,fsync', 'status=none'], RUN);
    await r.exec(['tee', FAKETIME_FILE], { ...RUN, stdin: '+0\n' });
    await r.exec(startArgv(), RUN);
    await this.awaitServing(ctx, node, r, this.opts.setupTimeoutMs, ctx.signal);
    // What setup wrote counts as written back (a machine that ran this long would have): power losses take only the run's writes.
    if (this.lazyFs) await r.exec(syncLazyFsScript(DATA_DIR), RUN);
  }

  /** Kills the server, resets its clock file and removes its data and pid file (the log stays). Idempotent. */
  async teardown(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await this.kill(ctx, node);
    await r.exec(unmountLazyFsScript(DATA_DIR), RUN);
    await r.exec(['rm', '-rf', '--', DATA_DIR, PID_FILE, FAKETIME_FILE, CONFIG_FILE], RUN);
  }

  /** SIGKILLs every server JVM on `node` (paused ones too) and waits until none is left. */
  async kill(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await killProcess(r, SERVER, this.opts.killTimeoutMs);
  }

  /**
   * Starts the server with the run's config and data (nothing when it already runs; the time
   * file keeps its current offset, `+0` when missing) and waits until it answers `srvr`
   * (bounded, even after an abort: healing teardowns call it).
   */
  async start(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await r.exec(sh`test -e ${FAKETIME_FILE} || echo +0 > ${FAKETIME_FILE}`, RUN);
    await r.exec(startArgv(), RUN);
    await this.awaitServing(ctx, node, r, this.opts.startTimeoutMs, undefined, false);
  }

  /** SIGSTOPs the server JVM on `node`. */
  async pause(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'STOP');
  }

  /** SIGCONTs the server JVM on `node` (harmless when none is paused). */
  async resume(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'CONT');
  }

  /** The libfaketime time file the JVM on every node reads its clock offset from. */
  clockFile(): string {
    return FAKETIME_FILE;
  }

  /** The JVM's output (ZooKeeper logs to the console). */
  logFiles(): string[] {
    return [LOG_FILE];
  }

  /** The version the first reachable node reports in `srvr`, e.g. `3.8.0`. */
  async version(ctx: RunContext): Promise<string> {
    for (const n of ctx.nodes) {
      const v = versionOf((await fourLetterWord(ctx.addresses[n], CLIENT_PORT, 'srvr')) ?? '');
      if (v !== undefined) return v;
    }
    return 'unknown';
  }

  /**
   * The nodes whose server says it is the ensemble's leader (`srvr` mode `leader`), asked
   * concurrently with a 1 s limit each; empty while no leader answers.
   */
  async primaries(ctx: RunContext): Promise<string[]> {
    const modes = await this.modes(ctx);
    return ctx.nodes.filter((n) => modes[n] === 'leader');
  }

  /** The `srvr` mode of every node (undefined when it does not answer). */
  async modes(ctx: RunContext): Promise<Record<string, string | undefined>> {
    const answers = await Promise.all(ctx.nodes.map((n) => fourLetterWord(ctx.addresses[n], CLIENT_PORT, 'srvr', 1_000)));
    return Object.fromEntries(ctx.nodes.map((n, i) => [n, modeOf(answers[i] ?? '')]));
  }

  private async awaitServing(ctx: RunContext, node: string, r: Remote, timeoutMs: number, signal?: AbortSignal, needMode = true): Promise<void> {
    const address = ctx.addresses[node];
    await poll(async (note) => {
      const answer = await fourLetterWord(address, CLIENT_PORT, 'srvr', 1_000);
      const mode = modeOf(answer ?? '');
      if (answer !== undefined && (!needMode || mode === 'leader' || mode === 'follower')) return true;
      note(answer === undefined ? `${address}:${CLIENT_PORT} silent` : (answer.split('\n')[0] ?? ''));
      if (!(await processRunning(r, SERVER))) throw new Error(`zookeeper on ${node} exited:\n${await this.logTail(r)}`);
      return undefined;
    }, { timeoutMs, intervalMs: 250, ...(signal ? { signal } : {}), what: `zookeeper on ${node} to serve` });
  }


  private async logTail(r: Remote): Promise<string> {
    const { stdout } = await r.exec(['tail', '-n', '20', LOG_FILE], { ...RUN, check: false });
    return stdout;
  }
}

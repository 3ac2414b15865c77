/**
 * BookKeeper's server side on the nodes: the node's ZooKeeper ensemble (the ZooKeeper system's
 * DB, by composition) plus one bookie per node from the BookKeeper 4.16 jars built by
 * `systems/bookkeeper/java` (installed under {@link LIB_DIR}), its JVM under libfaketime with
 * the same time file as ZooKeeper. Kill, pause and clock faults hit both JVMs of a node.
 * Every remote command is an argv array or an `sh` template.
 */
import { connect } from 'node:net';
import type { DB, HasClock, HasDataFiles, HasLogFiles, Killable, Pausable, RunContext } from '../../core/plugins.js';
import { poll } from '../../clusters/poll.js';
import { ensureJars, installJars, type JarSet } from '../../clusters/maven.js';
import type { Remote } from '../../core/remote.js';
import { sh } from '../../core/shell-quote.js';
import { FAKETIME_FILE } from '../../clusters/jvm/zookeeper/config.js';
import { ZookeeperDb } from '../../clusters/jvm/zookeeper/db.js';
import { BK_DIR, BOOKIE_PORT, CONFIG_FILE, JOURNAL_DIR, LEDGER_DIR, LIB_DIR, LOG4J_FILE, LOG_FILE, PID_FILE, PROCESS_PATTERN, bookieConf, initClusterArgv, log4jConf, startArgv, versionOfJar } from './config.js';
import { killProcess, processRunning, signalProcess, type ServerProcess } from '../../clusters/node-process.js';

/** Time limits of the BookKeeper DB, ms. */
export interface BookkeeperDbOptions {
  /** Setup of a bookie (after its ZooKeeper serves): until it has started (logged {@link STARTED_LINE}) and listens. Default 120 000. */
  setupTimeoutMs: number;
  /** start: until the bookie has started again and listens. Default 90 000. */
  startTimeoutMs: number;
  /** kill: until no bookie JVM is left. Default 10 000. */
  killTimeoutMs: number;
}

const DEFAULTS: BookkeeperDbOptions = { setupTimeoutMs: 120_000, startTimeoutMs: 90_000, killTimeoutMs: 10_000 };

/** What the bookie logs once it has registered and serves. */
export const STARTED_LINE = 'Started component bookie-server.';

/** Remote commands run as root, killed on the node after 60 s. */
const RUN = { sudo: true, timeoutMs: 60_000 } as const;

/** The server process `pgrep` / `pkill` find. */
const SERVER: ServerProcess = { match: '-f', pattern: PROCESS_PATTERN, label: 'bookie' };

/** True when `host:port` accepts a TCP connection within `timeoutMs`. Never throws. */
export function listening(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    sock.on('connect', () => done(true));
    sock.on('error', () => done(false));
  });
}

/** ZooKeeper and a bookie on every node: {@link DB} with kill/start, pause/resume, a skewable clock and log files. */
export class BookkeeperDb implements DB, Killable, Pausable, HasClock, HasLogFiles, HasDataFiles {
  readonly name = 'bookkeeper';
  /** The bookie's data directory is never on faultline-lazyfs (power loss is not offered for BookKeeper). */
  readonly lazyFs = false;
  /** The node's ZooKeeper (metadata store of the ledgers). */
  readonly zk: ZookeeperDb;
  private readonly opts: BookkeeperDbOptions;
  /** One build of the jars for all nodes' setups (concurrent builds of one project would race). */
  private jars: Promise<JarSet> | undefined;

  constructor(opts: Partial<BookkeeperDbOptions> = {}, zk = new ZookeeperDb()) {
    this.opts = { ...DEFAULTS, ...opts };
    this.zk = zk;
  }

  /**
   * Sets up ZooKeeper (call setup for all nodes concurrently: it needs a majority), kills and
   * wipes an earlier bookie, installs the jars, writes the config; the first node creates the
   * cluster's metadata; then the bookie starts (restarted while the metadata is missing) and
   * setup waits until it has started (registered) and listens.
   */
  async setup(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    this.jars ??= ensureJars('bookkeeper/java', ctx.log);
    const jars = await this.jars;
    await Promise.all([this.zk.setup(ctx, node), killProcess(r, SERVER, this.opts.killTimeoutMs), installJars(r, jars, LIB_DIR)]);
    await r.exec(['rm', '-rf', '--', BK_DIR], RUN);
    await r.exec(['mkdir', '-p', '--', JOURNAL_DIR, LEDGER_DIR], RUN);
    await r.exec(['tee', CONFIG_FILE], { ...RUN, stdin: bookieConf(node, ctx.nodes, ctx.addresses) });
    await r.exec(['tee', LOG4J_FILE], { ...RUN, stdin: log4jConf() });
    if (node === ctx.nodes[0]) {
      const init = await r.exec(initClusterArgv(), { ...RUN, check: false, timeoutMs: 120_000 });
      if (init.exitCode !== 0) throw new Error(`bookkeeper initnewcluster on ${node} failed (exit ${init.exitCode}):\n${(init.stdout + init.stderr).split('\n').slice(-15).join('\n')}`);
    }
    await this.startBookie(ctx, node, r, this.opts.setupTimeoutMs, ctx.signal);
  }

  /** Kills the bookie and ZooKeeper, removes their data (the bookie's log stays). Idempotent. */
  async teardown(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await killProcess(r, SERVER, this.opts.killTimeoutMs);
    await r.exec(['rm', '-rf', '--', JOURNAL_DIR, LEDGER_DIR, PID_FILE, CONFIG_FILE], RUN);
    await this.zk.teardown(ctx, node);
  }

  /** SIGKILLs the bookie and ZooKeeper on `node` and waits until neither JVM is left. */
  async kill(ctx: RunContext, node: string): Promise<void> {
    await Promise.all([killProcess(ctx.cluster.remote(node), SERVER, this.opts.killTimeoutMs), this.zk.kill(ctx, node)]);
  }

  /** Starts ZooKeeper and the bookie again with their data and waits until both serve (bounded, even after an abort). */
  async start(ctx: RunContext, node: string): Promise<void> {
    await this.zk.start(ctx, node);
    await this.startBookie(ctx, node, ctx.cluster.remote(node), this.opts.startTimeoutMs);
  }

  /** SIGSTOPs the bookie and ZooKeeper on `node`. */
  async pause(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'STOP');
    await this.zk.pause(ctx, node);
  }

  /** SIGCONTs the bookie and ZooKeeper on `node` (harmless when none is paused). */
  async resume(ctx: RunContext, node: string): Promise<void> {
    await this.zk.resume(ctx, node);
    await signalProcess(ctx.cluster.remote(node), SERVER, 'CONT');
  }

  /** The libfaketime time file both JVMs of every node read (ZooKeeper's). */
  clockFile(): string {
    return FAKETIME_FILE;
  }

  /** Everything the bookie keeps on the node: journal and ledger folders under it. */
  dataDir(): string {
    return BK_DIR;
  }

  /**
   * What `corrupt-file` may hit (the bookie's; ZooKeeper's files stay whole): journal
   * segments (the write-ahead log of every entry), entry logs and ledger index files. The
   * bookie's log, configuration, VERSION, cookie and lastMark files are spared.
   */
  dataFiles(): string[] {
    return ['journal/current/*.txn', 'ledgers/current/*.log', 'ledgers/current/**/*.idx'];
  }

  /** The bookie's and ZooKeeper's output. */
  logFiles(ctx: RunContext, node: string): string[] {
    return [LOG_FILE, ...(this.zk.logFiles() as string[])];
  }

  /** `bookkeeper <version> / zookeeper <version>`, the bookie version from its installed jar. */
  async version(ctx: RunContext): Promise<string> {
    const r = ctx.cluster.remote(ctx.nodes[0]);
    const { stdout } = await r.exec(sh`ls -1 ${LIB_DIR}/bookkeeper-server-*.jar`, { ...RUN, check: false });
    return `bookkeeper ${versionOfJar(stdout.split('\n')[0] ?? '') ?? 'unknown'} / zookeeper ${await this.zk.version(ctx)}`;
  }


  /** Starts the bookie (again whenever it exited, e.g. before the metadata existed) until it has started and listens. */
  private async startBookie(ctx: RunContext, node: string, r: Remote, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const address = ctx.addresses[node];
    await r.exec(sh`test -e ${FAKETIME_FILE} || echo +0 > ${FAKETIME_FILE}`, RUN);
    // The bookie listens before it has registered; it logs STARTED_LINE once it has (the log is appended across restarts).
    const before = await this.startedLines(r);
    let starts = 0;
    await poll(async (note) => {
      if ((await this.startedLines(r)) > before && (await listening(address, BOOKIE_PORT))) return true;
      if (!(await processRunning(r, SERVER))) {
        if (++starts > 5) throw new Error(`bookie on ${node} keeps exiting:\n${await this.logTail(r)}`);
        await r.exec(startArgv(), RUN);
      }
      note(`${address}:${BOOKIE_PORT} silent`);
      return undefined;
    }, { timeoutMs, intervalMs: 500, ...(signal ? { signal } : {}), what: `bookie on ${node} to listen` });
  }

  /** How many times the bookie's log says it started (registered and serving). */
  private async startedLines(r: Remote): Promise<number> {
    const { stdout } = await r.exec(['grep', '-c', '-F', STARTED_LINE, LOG_FILE], { ...RUN, check: false });
    return Number.parseInt(stdout.trim(), 10) || 0;
  }


  private async logTail(r: Remote): Promise<string> {
    const { stdout } = await r.exec(['tail', '-n', '30', LOG_FILE], { ...RUN, check: false });
    return stdout;
  }
}

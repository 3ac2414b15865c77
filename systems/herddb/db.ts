/**
 * HerdDB's server side on the nodes (image `zookeeper`: OpenJDK 17 + Debian's ZooKeeper): the
 * ZooKeeper ensemble (composed: {@link ZookeeperDb}) and on each node a HerdDB 0.29.0 server
 * in cluster mode with its embedded bookie, started by our launcher under libfaketime. Setup
 * makes the default tablespace `herd` replicated on every node (expectedreplicacount 2,
 * automatic failover after 10 s of leader silence) and waits until every replica runs.
 *
 * Faults: kill / pause / resume act on the HerdDB JVM (server + bookie) only — the ensemble
 * member on the node stays up, so a kill tests HerdDB's failover, not ZooKeeper's quorum.
 * The clock file is the node's one file, read by both JVMs there.
 */
import type { DB, HasClock, HasDataFiles, HasFaultTargets, HasLogFiles, HasPrimaries, HasReadiness, Killable, Pausable, RunContext } from '../../core/plugins.js';
import { poll } from '../../clusters/poll.js';
import { installJars, type JarSet } from '../../clusters/maven.js';
import type { Remote } from '../../core/remote.js';
import { sh } from '../../core/shell-quote.js';
import { tcpConnects } from '../../clusters/wait-port.js';
import { ZookeeperDb } from '../../clusters/jvm/zookeeper/db.js';
import { LOG_FILE as ZK_LOG_FILE } from '../../clusters/jvm/zookeeper/config.js';
import { closeBridge, herddbJars, sharedBridge } from './bridge.js';
import { awaitTablespaceBoot, logMark } from './readiness.js';
import { CLOCK_FILE, CONFIG_FILE, DATA_DIR, HERDDB_DIR, LIB_DIR, LOG_FILE, PID_FILE, PROCESS_PATTERN, SERVER_PORT, TABLESPACE, ZK_PATH, jdbcUrl, serverProperties, startArgv, zkConnect } from './config.js';
import { type HerddbOptions, herddbOptions } from './options.js';
import { ALTER_TABLESPACE, LEADER_QUERY, REPLICA_STATE_QUERY, allReplicasRunning, bridgeProps, leaderOf, nodeNameOf } from './tablespace.js';
import { killProcess, processRunning, signalProcess, type ServerProcess } from '../../clusters/node-process.js';

/** Time limits of the HerdDB DB, ms. */
export interface HerddbDbOptions {
  /** Setup of a node: ZooKeeper, then the server listening, then (first node) the tablespace replicated. Default 180 000. */
  setupTimeoutMs: number;
  /** start: until the server listens again. Default 60 000. */
  startTimeoutMs: number;
  /** kill: until no server JVM is left. Default 10 000. */
  killTimeoutMs: number;
  /** primaries: the leader query's deadline. Default 900. */
  primariesTimeoutMs: number;
}

const DEFAULTS: HerddbDbOptions = { setupTimeoutMs: 180_000, startTimeoutMs: 60_000, killTimeoutMs: 10_000, primariesTimeoutMs: 900 };

/** Remote commands run as root, killed on the node after 60 s. */
const RUN = { sudo: true, timeoutMs: 60_000 } as const;

/** The server process `pgrep` / `pkill` find. */
const SERVER: ServerProcess = { match: '-f', pattern: PROCESS_PATTERN, label: 'herddb' };

const firstInstall = new Map<string, Promise<void>>();

/**
 * installJars, with the first install of a jar set in this process run alone: it packs the
 * tar under a file lock that does not keep out concurrent callers of the same process.
 */
async function installOnNode(r: Remote, jars: JarSet): Promise<void> {
  const first = firstInstall.get(jars.hash);
  if (first === undefined) {
    const p = installJars(r, jars, LIB_DIR);
    firstInstall.set(jars.hash, p);
    p.catch(() => firstInstall.delete(jars.hash));
    return p;
  }
  await first.catch(() => undefined);
  await installJars(r, jars, LIB_DIR);
}

/** HerdDB on the nodes; see the module notes. */
export class HerddbDb implements DB, Killable, Pausable, HasClock, HasLogFiles, HasPrimaries, HasFaultTargets, HasDataFiles, HasReadiness {
  readonly name = 'herddb';
  /** HerdDB's data directory is never on faultline-lazyfs (power loss is not offered for HerdDB). */
  readonly lazyFs = false;
  /**
   * Faults aimed at what HerdDB's design hinges on: the tablespace leader (kill, pause,
   * partition it, which with ZooKeeper on every node also cuts it from the ZooKeeper majority)
   * or one other node; no majority-wide kills, which only stop everything.
   */
  readonly faultTargets = { kinds: ['primaries', 'primaries', 'one', 'minority'], shapes: ['primaries', 'primaries', 'one', 'majority-minority'] } as const;
  private readonly opts: HerddbDbOptions;
  private readonly zk: ZookeeperDb;
  /** Per node, the server log's size before its last {@link HerddbDb.start}: where that start's output begins. */
  private readonly logMarks = new Map<string, number>();

  constructor(
    private readonly herd: HerddbOptions = herddbOptions({}),
    opts: Partial<HerddbDbOptions> = {},
  ) {
    this.opts = { ...DEFAULTS, ...opts };
    this.zk = new ZookeeperDb();
  }

  /**
   * Cleans an earlier run, sets up the ensemble member, installs the jars, writes the config and
   * starts the server (on the other nodes once the first node's server listens); waits until
   * it listens. On the first node, then waits for every node's
   * server, replicates the tablespace on all of them and waits until each replica runs (call
   * setup for all nodes concurrently).
   */
  async setup(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    const t0 = Date.now();
    const jars = herddbJars(ctx.log);
    await killProcess(r, SERVER, this.opts.killTimeoutMs);
    await r.exec(['rm', '-rf', '--', HERDDB_DIR], RUN);
    await this.zk.setup(ctx, node);
    await r.exec(['mkdir', '-p', '--', DATA_DIR], RUN);
    await installOnNode(r, await jars);
    await r.exec(['tee', CONFIG_FILE], { ...RUN, stdin: serverProperties(node, ctx.nodes, ctx.addresses, { traceApply: this.herd.traceApply }) });
    const first = ctx.nodes[0];
    if (node !== first) {
      // The first server formats BookKeeper's metadata in ZooKeeper; two formatting at once
      // fail with NodeExists (seen here), so the others start once it listens.
      const address = ctx.addresses[first] ?? first;
      await poll(async () => ((await tcpConnects(address, SERVER_PORT, 1_000)) ? true : undefined), {
        timeoutMs: Math.max(1_000, this.opts.setupTimeoutMs - (Date.now() - t0)), intervalMs: 250, signal: ctx.signal, what: `herddb on ${first} to listen before ${node} starts`,
      });
    }
    await r.exec(startArgv(this.herd.heapMb), RUN);
    await this.awaitListening(ctx, node, r, this.opts.setupTimeoutMs - (Date.now() - t0), ctx.signal);
    if (node === ctx.nodes[0]) await this.replicate(ctx, this.opts.setupTimeoutMs - (Date.now() - t0));
  }

  /** Kills the server and the ensemble member and removes their data (logs stay). Idempotent. */
  async teardown(ctx: RunContext, node: string): Promise<void> {
    await closeBridge(ctx.runDir);
    const r = ctx.cluster.remote(node);
    await killProcess(r, SERVER, this.opts.killTimeoutMs);
    await r.exec(['rm', '-rf', '--', DATA_DIR, CONFIG_FILE, PID_FILE], RUN);
    await this.zk.teardown(ctx, node);
  }

  /** Ends the controller's JVM bridge (the nodes keep running: `--leave-db-running` relies on it). Idempotent. */
  async close(ctx: RunContext): Promise<void> {
    await closeBridge(ctx.runDir);
  }

  /** SIGKILLs the HerdDB JVM on `node` (paused too) and waits until it is gone. */
  async kill(ctx: RunContext, node: string): Promise<void> {
    await killProcess(ctx.cluster.remote(node), SERVER, this.opts.killTimeoutMs);
  }

  /**
   * Starts the HerdDB JVM again with its data (nothing when it runs) and waits until it listens
   * (bounded, even after an abort). Like a service manager with restart-on-failure, a JVM that
   * exits while starting (seen: its bookie cannot reach ZooKeeper from the wrong side of a
   * partition and the server gives up) is started again until `startTimeoutMs` runs out.
   * @throws Error with the last exit's log tail when it never listens in time
   */
  async start(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await r.exec(sh`test -e ${CLOCK_FILE} || echo +0 > ${CLOCK_FILE}`, RUN);
    this.logMarks.set(node, await logMark(r));
    const deadline = Date.now() + this.opts.startTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      await r.exec(startArgv(this.herd.heapMb), RUN);
      try {
        await this.awaitListening(ctx, node, r, deadline - Date.now());
        return;
      } catch (e) {
        if (!/exited/.test((e as Error).message) || Date.now() > deadline - 2_000) throw e;
        ctx.log(`herddb on ${node} exited while starting (attempt ${attempt}); starting it again`);
        await new Promise((res) => setTimeout(res, 1_000));
      }
    }
  }

  /**
   * Waits until `node`, started again, has booted tablespace `herd` (its log since the start
   * says `Boot success`); else why not — HerdDB keeps listening when a corrupt tablespace file
   * makes the boot fail (`Error Booting tablespace herd on n1 … EOFException`, retried forever).
   */
  async awaitReady(ctx: RunContext, node: string, timeoutMs: number): Promise<string | undefined> {
    return awaitTablespaceBoot(ctx.cluster.remote(node), node, this.logMarks.get(node) ?? 0, timeoutMs, ctx.signal);
  }

  /** SIGSTOPs the HerdDB JVM on `node`. */
  async pause(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'STOP');
  }

  /** SIGCONTs the HerdDB JVM on `node` (harmless when none is paused). */
  async resume(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'CONT');
  }

  /** The node's libfaketime time file, read by its HerdDB and ZooKeeper JVMs. */
  clockFile(): string {
    return CLOCK_FILE;
  }

  /** The server's base directory: tablespace data under `data/`, the embedded bookie under `bookie/`. */
  dataDir(): string {
    return DATA_DIR;
  }

  /**
   * What `corrupt-file` may hit (the HerdDB JVM's own files; the ensemble member's stay
   * whole): the tablespace files (pages, checkpoints, table and index metadata), the embedded
   * bookie's journal (the write-ahead log of every ledger entry) and its entry logs and
   * indexes. The bookie's VERSION, cookie and lastMark files are provisioning, spared.
   */
  dataFiles(): string[] {
    return ['data/**', 'bookie/bookie_journal/current/*.txn', 'bookie/bookie_data/current/*.log', 'bookie/bookie_data/current/**/*.idx', 'bookie/bookie_data/current/ledgers/**', 'bookie/bookie_data/current/locations/**'];
  }

  /** HerdDB's output and the ensemble member's. */
  logFiles(): string[] {
    return [LOG_FILE, ZK_LOG_FILE];
  }

  /**
   * The node leading tablespace `herd` now: `systablespaces`' leader column (through the
   * bridge, on a connection of its own, within half the budget); when that query fails — the
   * driver routes it to the leader, which may be dead or cut off — the same record read from
   * HerdDB's metadata in ZooKeeper, which `systablespaces` is built from. `[node]`, or `[]`
   * when unknown (no answer within `primariesTimeoutMs`, errors, a leader id that is no node).
   * Never rejects, never takes much longer than `primariesTimeoutMs`.
   */
  async primaries(ctx: RunContext): Promise<string[]> {
    const budget = this.opts.primariesTimeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<string[]>((res) => {
      timer = setTimeout(() => res([]), budget + 100);
    });
    try {
      return await Promise.race([this.leaderNow(ctx, budget), late]);
    } catch {
      return [];
    } finally {
      clearTimeout(timer);
    }
  }

  private async leaderNow(ctx: RunContext, budget: number): Promise<string[]> {
    const t0 = Date.now();
    const bridge = await sharedBridge(ctx.runDir, ctx.log);
    const half = Math.max(100, Math.floor(budget / 2));
    const a = await bridge.exec({ conn: 'primaries', url: jdbcUrl(ctx.nodes, ctx.addresses), props: bridgeProps(this.herd), timeoutMs: half, stmts: [LEADER_QUERY] });
    let leader = a.ok ? nodeNameOf(leaderOf(a.results[0]), ctx.nodes) : undefined;
    if (!a.ok) {
      const left = budget - (Date.now() - t0);
      if (left < 50) return [];
      const m = await bridge.metadata({ conn: 'metadata', zk: zkConnect(ctx.nodes, ctx.addresses), path: ZK_PATH, tablespace: TABLESPACE, timeoutMs: left });
      leader = m.ok ? nodeNameOf(leaderOf(m.results[0]), ctx.nodes) : undefined;
    }
    return leader === undefined ? [] : [leader];
  }

  /** `herddb 0.29.0` (the version the pom pins). */
  async version(): Promise<string> {
    return '0.29.0';
  }

  /** Waits for every server, replicates the tablespace, waits until every replica runs. */
  private async replicate(ctx: RunContext, timeoutMs: number): Promise<void> {
    const bridge = await sharedBridge(ctx.runDir, ctx.log);
    const url = jdbcUrl(ctx.nodes, ctx.addresses);
    const props = bridgeProps(this.herd);
    const deadline = Date.now() + timeoutMs;
    let altered = false;
    await poll(async (note) => {
      if (!altered) {
        const a = await bridge.exec({ conn: 'setup', url, props, timeoutMs: 10_000, stmts: [ALTER_TABLESPACE(ctx.nodes)] });
        if (!a.ok) return note(`alter tablespace: ${a.error}`), undefined;
        altered = true;
      }
      const s = await bridge.exec({ conn: 'setup', url, props, timeoutMs: 5_000, stmts: [REPLICA_STATE_QUERY] });
      if (!s.ok) return note(`replica state: ${s.error}`), undefined;
      const missing = allReplicasRunning(s.results[0], ctx.nodes);
      if (missing.length === 0) return true;
      note(`replicas not running yet: ${missing.join(', ')}`);
      return undefined;
    }, { timeoutMs: Math.max(1_000, deadline - Date.now()), intervalMs: 500, signal: ctx.signal, what: `tablespace herd replicated on ${ctx.nodes.join(', ')}` });
    await bridge.closeConn('setup');
  }


  private async awaitListening(ctx: RunContext, node: string, r: Remote, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const address = ctx.addresses[node] ?? node;
    await poll(async (note) => {
      if (await tcpConnects(address, SERVER_PORT, 1_000)) return true;
      note(`${address}:${SERVER_PORT} not listening`);
      if (!(await processRunning(r, SERVER))) throw new Error(`herddb on ${node} exited:\n${await this.logTail(r)}`);
      return undefined;
    }, { timeoutMs: Math.max(1_000, timeoutMs), intervalMs: 250, ...(signal ? { signal } : {}), what: `herddb on ${node} to listen on ${SERVER_PORT}` });
  }


  private async logTail(r: Remote): Promise<string> {
    const { stdout } = await r.exec(['tail', '-n', '30', LOG_FILE], { ...RUN, check: false });
    return stdout;
  }
}

/**
 * etcd's server side on the nodes: Debian's etcd (image `etcd`) run as a static cluster of
 * every node, started in the background by start-stop-daemon, with its files under
 * {@link ETCD_DIR}. Every remote command is an argv array.
 */
import type { DB, HasDataFiles, HasLogFiles, HasPrimaries, Killable, Pausable, RunContext } from '../../core/plugins.js';
import type { Remote } from '../../core/remote.js';
import { tcpConnects } from '../../clusters/wait-port.js';
import { CLIENT_PORT } from './client.js';
import { clusterToken, DATA_DIR, ETCD_BIN, ETCD_DIR, etcdFlags, LOG_FILE, PID_FILE, startArgv } from './flags.js';
import { Gateway, gatewayUrl, type MemberStatus } from './gateway.js';
import { poll } from '../../clusters/poll.js';
import { killProcess, processRunning, signalProcess, type ServerProcess } from '../../clusters/node-process.js';

/** Time limits of the etcd DB, ms. */
export interface EtcdDbOptions {
  /** Setup: until the member serves and knows a leader. Default 60 000. */
  setupTimeoutMs: number;
  /** start: until the member accepts connections on its client port. Default 20 000. */
  startTimeoutMs: number;
  /** kill: until no etcd process is left. Default 10 000. */
  killTimeoutMs: number;
}

const DEFAULTS: EtcdDbOptions = { setupTimeoutMs: 60_000, startTimeoutMs: 20_000, killTimeoutMs: 10_000 };

/** Remote commands run as root, killed on the node after 30 s. */
const RUN = { sudo: true, timeoutMs: 30_000 } as const;

/** The server process `pgrep -x` / `pkill -x` find. */
const SERVER: ServerProcess = { match: '-x', pattern: 'etcd', label: 'etcd' };

/** etcd on the nodes: {@link DB} with kill/start, pause/resume, primaries and log files. */
export class EtcdDb implements DB, Killable, Pausable, HasPrimaries, HasLogFiles, HasDataFiles {
  /** etcd's data directory is never on faultline-lazyfs (power loss is not offered for etcd). */
  readonly lazyFs = false;

  /** The data directory (`--data-dir`). */
  dataDir(): string {
    return DATA_DIR;
  }

  /** What `corrupt-file` may hit: the write-ahead log segments and the bbolt database. */
  dataFiles(): string[] {
    return ['member/wal/*.wal', 'member/snap/db'];
  }

  readonly name = 'etcd';
  private readonly opts: EtcdDbOptions;
  /** Nodes this DB has set up (and not torn down) in this run. */
  private readonly started = new Set<string>();

  constructor(opts: Partial<EtcdDbOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /**
   * Kills and wipes whatever an earlier run left (data and log), starts the member and waits
   * until it answers a status request with a leader. A member of a new cluster serves only once
   * a majority runs, so while fewer than a majority of nodes have been set up by this DB the
   * call resolves once the member listens: calling setup for all nodes concurrently or one
   * after another both work, and when the last call resolves the cluster has a leader.
   */
  async setup(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    this.started.delete(node);
    await this.kill(ctx, node);
    await r.exec(['rm', '-rf', '--', ETCD_DIR], RUN);
    await r.exec(['mkdir', '-p', '--', ETCD_DIR], RUN);
    await this.start(ctx, node);
    this.started.add(node);
    if (this.started.size < Math.floor(ctx.nodes.length / 2) + 1) return;
    const gw = this.gateway(ctx, node);
    await poll(async (note) => {
      const s = await gw.status(AbortSignal.timeout(2_000)).catch((e: unknown) => String(e));
      if (typeof s !== 'string' && s.leader !== undefined) return s;
      note(typeof s === 'string' ? s : s.errors.join('; ') || 'no leader yet');
      if (!(await processRunning(r, SERVER))) throw new Error(`etcd on ${node} exited during setup:\n${await this.logTail(r)}`);
      return undefined;
    }, { timeoutMs: this.opts.setupTimeoutMs, intervalMs: 250, signal: ctx.signal, what: `etcd on ${node} to serve with a leader` });
  }

  /** Kills the member and removes its data and pid file (the log stays for collection). Idempotent. */
  async teardown(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    this.started.delete(node);
    await this.kill(ctx, node);
    await r.exec(['rm', '-rf', '--', DATA_DIR, PID_FILE], RUN);
  }

  /** SIGKILLs every etcd process on `node` (paused ones too) and waits until none is left. */
  async kill(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await killProcess(r, SERVER, this.opts.killTimeoutMs);
  }

  /**
   * Starts the member with the run's flags and data (nothing when it already runs) and waits
   * until its client port accepts connections (bounded, even when the run was aborted: healing
   * teardowns call it). It may serve only once a majority runs.
   */
  async start(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    const flags = etcdFlags(node, ctx.nodes, ctx.addresses, clusterToken(ctx.runDir), CLIENT_PORT);
    await r.exec(startArgv(flags), RUN);
    const address = ctx.addresses[node];
    await poll(async (note) => {
      if (await tcpConnects(address, CLIENT_PORT, 500)) return true;
      note(`${address}:${CLIENT_PORT} refused or timed out`);
      if (!(await processRunning(r, SERVER))) throw new Error(`etcd on ${node} exited after start:\n${await this.logTail(r)}`);
      return undefined;
    }, { timeoutMs: this.opts.startTimeoutMs, intervalMs: 100, what: `etcd on ${node} to listen` }); // no signal: heals run after an abort too
  }

  /** SIGSTOPs the etcd processes on `node`. */
  async pause(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'STOP');
  }

  /** SIGCONTs the etcd processes on `node` (harmless when none is paused). */
  async resume(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'CONT');
  }

  /**
   * The members that consider themselves leader (from each member's status, asked
   * concurrently with a 2 s deadline; unreachable or paused members count as not leading), in
   * node order. Usually one; none during an election; two when an isolated old leader has not
   * noticed yet.
   */
  async primaries(ctx: RunContext): Promise<string[]> {
    const statuses = await Promise.all(ctx.nodes.map((n) => this.gateway(ctx, n).status(AbortSignal.timeout(2_000)).catch(() => undefined)));
    return ctx.nodes.filter((_, i) => isLeader(statuses[i]));
  }

  /** The member's log (stdout and stderr of every start in the run). */
  logFiles(): string[] {
    return [LOG_FILE];
  }

  /** The version of etcd on the first node, e.g. `3.4.23`. */
  async version(ctx: RunContext): Promise<string> {
    const { stdout } = await ctx.cluster.remote(ctx.nodes[0]).exec([ETCD_BIN, '--version'], RUN);
    return /etcd Version:\s*(\S+)/.exec(stdout)?.[1] ?? stdout.trim().split('\n')[0] ?? 'unknown';
  }

  private gateway(ctx: RunContext, node: string): Gateway {
    return new Gateway(gatewayUrl(ctx.addresses[node], CLIENT_PORT));
  }


  private async logTail(r: Remote): Promise<string> {
    const { stdout } = await r.exec(['tail', '-n', '20', LOG_FILE], { ...RUN, check: false });
    return stdout;
  }
}

/** True when a member's status names itself as leader. Pure. */
export function isLeader(s: MemberStatus | undefined): boolean {
  return s !== undefined && s.leader !== undefined && s.leader === s.memberId;
}

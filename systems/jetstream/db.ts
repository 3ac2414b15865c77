/**
 * NATS JetStream's server side on the nodes: Debian's nats-server 2.9.10 (image `jetstream`)
 * run as a 3-node JetStream cluster, started in the background by start-stop-daemon, its file
 * store and log under {@link JS_DIR}. Every remote command is an argv array or an `sh` template.
 * No clock: nats-server is a Go binary, which libfaketime cannot reach.
 */
import type { DB, HasLogFiles, HasPrimaries, Killable, Pausable, RunContext } from '../../core/plugins.js';
import { poll } from '../../clusters/poll.js';
import type { Remote } from '../../core/remote.js';
import { tcpConnects } from '../../clusters/wait-port.js';
import { CLIENT_PORT, CONFIG_FILE, JS_DIR, LOG_FILE, NATS_BIN, PID_FILE, PROCESS, STORE_DIR, natsConf, startArgv } from './config.js';
import { leadingNodes, monitorGet, parseJsz, versionOfVarz, type JszLeaders } from './monitor.js';
import { killProcess, processRunning, signalProcess, type ServerProcess } from '../../clusters/node-process.js';

/** Time limits of the JetStream DB, ms. */
export interface JetStreamDbOptions {
  /** Setup: until the server is healthy (JetStream in contact with a meta leader). Default 60 000. */
  setupTimeoutMs: number;
  /** start: until the client port accepts connections. Default 20 000. */
  startTimeoutMs: number;
  /** kill: until no nats-server is left. Default 10 000. */
  killTimeoutMs: number;
}

const DEFAULTS: JetStreamDbOptions = { setupTimeoutMs: 60_000, startTimeoutMs: 20_000, killTimeoutMs: 10_000 };

/** Remote commands run as root, killed on the node after 30 s. */
const RUN = { sudo: true, timeoutMs: 30_000 } as const;

/** The server process `pgrep` / `pkill` find. */
const SERVER: ServerProcess = { match: '-x', pattern: PROCESS, label: 'nats-server' };

/** JetStream on the nodes: {@link DB} with kill/start, pause/resume, primaries and log files. */
export class JetStreamDb implements DB, Killable, Pausable, HasPrimaries, HasLogFiles {
  readonly name = 'jetstream';
  private readonly opts: JetStreamDbOptions;
  /** Nodes this DB has set up (and not torn down) in this run. */
  private readonly started = new Set<string>();

  constructor(opts: Partial<JetStreamDbOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /**
   * Kills and wipes whatever an earlier run left (store, config, log), writes this node's
   * config, starts the server and waits until `/healthz` says JetStream is ready, which needs a
   * meta leader and so a majority: while fewer than a majority of nodes have been set up by
   * this DB the call resolves once the monitoring port answers. Calling setup for all nodes
   * concurrently or one after another both work.
   */
  async setup(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    this.started.delete(node);
    await this.kill(ctx, node);
    await r.exec(['rm', '-rf', '--', JS_DIR], RUN);
    await r.exec(['mkdir', '-p', '--', STORE_DIR], RUN);
    await r.exec(['tee', CONFIG_FILE], { ...RUN, stdin: natsConf(node, ctx.nodes, ctx.addresses) });
    await this.start(ctx, node);
    this.started.add(node);
    if (this.started.size < Math.floor(ctx.nodes.length / 2) + 1) return;
    const address = ctx.addresses[node];
    await poll(async (note) => {
      const a = await monitorGet(address, '/healthz', 2_000);
      if ('status' in a && a.status === 200) return true;
      note('status' in a ? `/healthz ${a.status} ${a.body.trim().slice(0, 120)}` : a.error);
      if (!(await processRunning(r, SERVER))) throw new Error(`nats-server on ${node} exited during setup:\n${await this.logTail(r)}`);
      return undefined;
    }, { timeoutMs: this.opts.setupTimeoutMs, intervalMs: 250, signal: ctx.signal, what: `JetStream on ${node} to be healthy` });
  }

  /** Kills the server and removes its store, config and pid file (the log stays for collection). Idempotent. */
  async teardown(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    this.started.delete(node);
    await this.kill(ctx, node);
    await r.exec(['rm', '-rf', '--', STORE_DIR, CONFIG_FILE, PID_FILE], RUN);
  }

  /** SIGKILLs every nats-server on `node` (paused ones too) and waits until none is left. */
  async kill(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await killProcess(r, SERVER, this.opts.killTimeoutMs);
  }

  /**
   * Starts the server with the run's config and store (nothing when it already runs) and waits
   * until its client port accepts connections (it opens after JetStream recovered its store;
   * the monitoring port opens earlier) (bounded, even when the run was aborted: healing
   * teardowns call it). It rejoins its streams' raft groups on its own.
   */
  async start(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await r.exec(startArgv(), RUN);
    const address = ctx.addresses[node];
    await poll(async (note) => {
      if (await tcpConnects(address, CLIENT_PORT, 500)) return true;
      note(`${address}:${CLIENT_PORT} refused or timed out`);
      if (!(await processRunning(r, SERVER))) throw new Error(`nats-server on ${node} exited after start:\n${await this.logTail(r)}`);
      return undefined;
    }, { timeoutMs: this.opts.startTimeoutMs, intervalMs: 100, what: `nats-server on ${node} to listen` }); // no signal: heals run after an abort too
  }

  /** SIGSTOPs the nats-server on `node`. */
  async pause(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'STOP');
  }

  /** SIGCONTs the nats-server on `node` (harmless when none is paused). */
  async resume(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'CONT');
  }

  /**
   * The stream leaders: every node that some reachable server's `/jsz?streams=true` names as
   * the leader of a stream (asked concurrently, 2 s deadline each; unreachable or paused
   * servers say nothing), in node order. Each key is its own stream and leaders spread over the
   * nodes, so this is often more than one node. Before any stream exists: the meta group's
   * leader. See {@link leadingNodes}.
   */
  async primaries(ctx: RunContext): Promise<string[]> {
    return leadingNodes(ctx.nodes, await this.jsz(ctx));
  }

  /** Every node's `/jsz?streams=true` leadership view (undefined when it does not answer), in node order. */
  async jsz(ctx: RunContext): Promise<(JszLeaders | undefined)[]> {
    const answers = await Promise.all(ctx.nodes.map((n) => monitorGet(ctx.addresses[n], '/jsz?streams=true', 2_000)));
    return answers.map((a) => {
      if (!('status' in a) || a.status !== 200) return undefined;
      try {
        return parseJsz(a.body);
      } catch {
        return undefined;
      }
    });
  }

  /** The server's log (stdout and stderr of every start in the run). */
  logFiles(): string[] {
    return [LOG_FILE];
  }

  /** The version the first answering node reports in `/varz`, else `nats-server --version` on the first node. */
  async version(ctx: RunContext): Promise<string> {
    for (const n of ctx.nodes) {
      const a = await monitorGet(ctx.addresses[n], '/varz', 2_000);
      const v = 'status' in a ? versionOfVarz(a.body) : undefined;
      if (v !== undefined) return v;
    }
    const { stdout } = await ctx.cluster.remote(ctx.nodes[0]).exec([NATS_BIN, '--version'], RUN);
    return /v?(\d+\.\d+\.\d+)/.exec(stdout)?.[1] ?? 'unknown';
  }


  private async logTail(r: Remote): Promise<string> {
    const { stdout } = await r.exec(['tail', '-n', '20', LOG_FILE], { ...RUN, check: false });
    return stdout;
  }
}

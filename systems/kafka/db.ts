/**
 * Kafka's server side on the nodes: Apache Kafka 3.9 in KRaft mode (every node broker and
 * controller), from the jars of `systems/kafka/java` (Maven Central, cached, installed once
 * per content hash), its JVM started in the background by start-stop-daemon under libfaketime
 * (time file {@link FAKETIME_FILE}, `+0` at setup) so the clock nemesis can skew it.
 * Every remote command is an argv array or an `sh` template.
 *
 * `primaries()` answers with the partition leaders: the nodes leading at least one partition
 * of a faultline topic (one topic per stream key). Those are the nodes whose kill loses
 * acknowledged-but-unreplicated writes in weak mode. Before any topic exists there are none.
 * (The active KRaft controller is not reported: kafkajs cannot send DescribeQuorum, and in
 * KRaft the metadata's "controller" is a random broker.)
 */
import { ensureJars, installJars } from '../../clusters/maven.js';
import type { DB, HasClock, HasDataFiles, HasLogFiles, HasPrimaries, Killable, Pausable, RunContext } from '../../core/plugins.js';
import type { Remote } from '../../core/remote.js';
import { sh } from '../../core/shell-quote.js';
import { poll } from '../../clusters/poll.js';
import { tcpConnects } from '../../clusters/wait-port.js';
import { brokerIds, partitionLeaders } from './admin.js';
import { killProcess, processRunning, signalProcess, type ServerProcess } from '../../clusters/node-process.js';
import {
  BROKER_PORT, CONFIG_FILE, DATA_DIR, FAKETIME_FILE, KAFKA_DIR, LIB_DIR, LOG4J_FILE, LOG_FILE, PID_FILE, PROCESS_PATTERN, SAFE_MODE,
  clusterId, formatArgv, log4jProperties, nodeId, serverProperties, startArgv, type KafkaServerMode,
} from './config.js';

/** Time limits and mode of the Kafka DB. */
export interface KafkaDbOptions {
  /** Setup: until every broker is registered, ms. Default 120 000. */
  setupTimeoutMs: number;
  /** start: until the broker accepts connections, ms. Default 60 000. */
  startTimeoutMs: number;
  /** kill: until no server JVM is left, ms. Default 10 000. */
  killTimeoutMs: number;
  /** Durability settings of the brokers. Default {@link SAFE_MODE}. */
  mode: KafkaServerMode;
}

/** One build per process: setup runs on every node at once, and concurrent ensureJars calls in one process would share a work folder. */
let jarsOnce: ReturnType<typeof ensureJars> | undefined;

const DEFAULTS: KafkaDbOptions = { setupTimeoutMs: 120_000, startTimeoutMs: 60_000, killTimeoutMs: 10_000, mode: SAFE_MODE };

/** Remote commands run as root, killed on the node after 60 s (StorageTool starts a JVM). */
const RUN = { sudo: true, timeoutMs: 60_000 } as const;

/** The server process `pgrep` / `pkill` find. */
const SERVER: ServerProcess = { match: '-f', pattern: PROCESS_PATTERN, label: 'kafka' };

/** `host:port` of the broker on `node`. Pure. */
export function brokerAddress(ctx: Pick<RunContext, 'addresses'>, node: string): string {
  const a = ctx.addresses[node];
  if (a === undefined) throw new Error(`no address for node ${JSON.stringify(node)}`);
  return `${a.includes(':') ? `[${a}]` : a}:${BROKER_PORT}`;
}

/** Kafka on the nodes: {@link DB} with kill/start, pause/resume, primaries, a skewable clock and log files. */
export class KafkaDb implements DB, Killable, Pausable, HasPrimaries, HasClock, HasLogFiles, HasDataFiles {
  /** Kafka's log directory is never on faultline-lazyfs (power loss is not offered for Kafka). */
  readonly lazyFs = false;

  /** The log directory (`log.dirs`; KRaft metadata lives there too). */
  dataDir(): string {
    return DATA_DIR;
  }

  /** What `corrupt-file` may hit: partition and metadata log segments. */
  dataFiles(): string[] {
    return ['*/*.log'];
  }

  readonly name = 'kafka';
  private readonly opts: KafkaDbOptions;

  constructor(opts: Partial<KafkaDbOptions> = {}) {
    this.opts = { ...DEFAULTS, ...opts };
  }

  /**
   * Kills and wipes whatever an earlier run left, installs the jars, writes server.properties,
   * log4j.properties and a `+0` time file, formats storage, starts the server and waits until
   * every node's broker is registered (which needs a controller quorum: call setup for all
   * nodes concurrently).
   */
  async setup(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    jarsOnce ??= ensureJars('kafka/java', ctx.log);
    const jars = await jarsOnce.catch((e: unknown) => {
      jarsOnce = undefined;
      throw e;
    });
    await this.kill(ctx, node);
    await r.exec(['rm', '-rf', '--', KAFKA_DIR], RUN);
    await r.exec(['mkdir', '-p', '--', DATA_DIR], RUN);
    await installJars(r, jars, LIB_DIR);
    await r.exec(['tee', CONFIG_FILE], { ...RUN, stdin: serverProperties(node, ctx.nodes, ctx.addresses, this.opts.mode) });
    await r.exec(['tee', LOG4J_FILE], { ...RUN, stdin: log4jProperties() });
    await r.exec(['tee', FAKETIME_FILE], { ...RUN, stdin: '+0\n' });
    await r.exec(formatArgv(clusterId(ctx.nodes, ctx.addresses)), RUN);
    await r.exec(startArgv(), RUN);
    const all = ctx.nodes.map((n) => nodeId(n, ctx.nodes));
    await poll(async (note) => {
      if (!(await processRunning(r, SERVER))) throw new Error(`kafka on ${node} exited:\n${await this.logTail(r)}`);
      const ids = await brokerIds([brokerAddress(ctx, node)]).catch((e: unknown) => {
        note((e as Error).message);
        return [] as number[];
      });
      if (all.every((id) => ids.includes(id))) return true;
      if (ids.length > 0) note(`brokers registered: ${ids.join(', ')}`);
      return undefined;
    }, { timeoutMs: this.opts.setupTimeoutMs, intervalMs: 500, signal: ctx.signal, what: `kafka on ${node} to see every broker` });
  }

  /** Kills the server, resets its clock file and removes its data, config and pid file (the log and jars stay). Idempotent. */
  async teardown(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await this.kill(ctx, node);
    await r.exec(['rm', '-rf', '--', DATA_DIR, PID_FILE, FAKETIME_FILE, CONFIG_FILE], RUN);
  }

  /** SIGKILLs every server JVM on `node` (paused ones too) and waits until none is left. */
  async kill(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await killProcess(r, SERVER, this.opts.killTimeoutMs);
  }

  /**
   * Starts the server with the run's config and data (nothing when it already runs; the time
   * file keeps its current offset, `+0` when missing) and waits until its broker port accepts
   * connections (bounded, even after an abort: healing teardowns call it).
   */
  async start(ctx: RunContext, node: string): Promise<void> {
    const r = ctx.cluster.remote(node);
    await r.exec(sh`test -e ${FAKETIME_FILE} || echo +0 > ${FAKETIME_FILE}`, RUN);
    await r.exec(startArgv(), RUN);
    const address = ctx.addresses[node];
    await poll(async () => {
      if (await tcpConnects(address, BROKER_PORT, 1_000)) return true;
      if (!(await processRunning(r, SERVER))) throw new Error(`kafka on ${node} exited:\n${await this.logTail(r)}`);
      return undefined;
    }, { timeoutMs: this.opts.startTimeoutMs, intervalMs: 250, what: `kafka on ${node} to listen` });
  }

  /** SIGSTOPs the server JVM on `node`. */
  async pause(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'STOP');
  }

  /** SIGCONTs the server JVM on `node` (harmless when none is paused). */
  async resume(ctx: RunContext, node: string): Promise<void> {
    await signalProcess(ctx.cluster.remote(node), SERVER, 'CONT');
  }

  /**
   * The nodes leading at least one partition of a faultline topic, asking each node's broker
   * in turn until one answers; empty when none answers or no topic exists yet.
   */
  async primaries(ctx: RunContext): Promise<string[]> {
    for (const n of ctx.nodes) {
      try {
        const ids = await partitionLeaders([brokerAddress(ctx, n)]);
        return ids.map((id) => ctx.nodes[id - 1]).filter((x): x is string => x !== undefined);
      } catch {
        // this broker is down or cut off: ask the next
      }
    }
    return [];
  }

  /** The libfaketime time file the JVM on every node reads its clock offset from. */
  clockFile(): string {
    return FAKETIME_FILE;
  }

  /** The JVM's output (Kafka logs to the console). */
  logFiles(): string[] {
    return [LOG_FILE];
  }

  /** The Kafka version of the installed jars, e.g. `3.9.2` (from the kafka_2.13 jar's name on the first node). */
  async version(ctx: RunContext): Promise<string> {
    const { stdout } = await ctx.cluster.remote(ctx.nodes[0]).exec(['ls', LIB_DIR], { ...RUN, check: false });
    return /kafka_2\.13-([0-9][^\s]*?)\.jar/.exec(stdout)?.[1] ?? 'unknown';
  }


  private async logTail(r: Remote): Promise<string> {
    const { stdout } = await r.exec(['tail', '-n', '30', LOG_FILE], { ...RUN, check: false });
    return stdout;
  }
}

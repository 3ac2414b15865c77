/**
 * The JDBC bridge on the controller: one JVM (`faultline.herddb.Bridge`, built from
 * `systems/herddb/java/`) serving every client worker of a run, spoken to in JSON lines over
 * its stdin / stdout with request ids. {@link sharedBridge} gives one bridge per run folder,
 * started at first use; {@link closeBridge} ends it (the DB's close does, at the end of every run, DB left running or not). If the controller
 * dies, the bridge's stdin closes and it exits by itself. Everything the JVM prints on stderr —
 * the JDBC driver's retries, reconnections and errors — goes to the run's `logs/bridge.log`
 * (at most {@link BRIDGE_LOG_MAX} bytes), beside the nodes' server logs.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Log } from '../../core/log.js';
import { classpath, ensureJars, type JarSet } from '../../clusters/maven.js';
import { BRIDGE_CLASS } from './config.js';

/** One statement of a bridge request. */
export interface Stmt {
  sql: string;
  params?: readonly (string | number | boolean | null)[];
  /** A query (rows come back) rather than an update (a count comes back). */
  query?: boolean;
  /** In a transaction: roll it back when this update changes fewer rows. */
  expect?: number;
}

/** The two isolation levels HerdDB's driver supports. */
export type Isolation = 'read-committed' | 'repeatable-read';

/** A statement's result: rows of a query, or the count of an update. */
export type StmtResult = { rows: unknown[][] } | { count: number };

/** Where a request failed: before a connection existed, running statements, at commit, or no answer in time. */
export type Stage = 'connect' | 'execute' | 'commit' | 'timeout' | 'request' | 'bridge';

/** A bridge answer. */
export type BridgeAnswer =
  | { ok: true; results: StmtResult[]; aborted?: number }
  | { ok: false; stage: Stage; error: string; statement?: number; reached?: 'connect' | 'execute' | 'commit' };

/** An `exec` request. */
export interface ExecRequest {
  /** The client connection (one per worker connection). */
  conn: string;
  url: string;
  /** Client properties of the data source (`client.timeout`, ...). */
  props: Readonly<Record<string, string>>;
  /** The bridge answers `timeout` after this many ms. */
  timeoutMs: number;
  /** Run the statements in one transaction. */
  tx?: boolean;
  /** The transaction's isolation: HerdDB's default `read-committed`, or `repeatable-read` (read locks kept to the commit). */
  isolation?: Isolation;
  stmts: readonly Stmt[];
}

/** The most bytes of the bridge's stderr kept in `logs/bridge.log`; a line says where it was cut. */
export const BRIDGE_LOG_MAX = 64 * 1024 * 1024;

/** Extra wait beyond a request's own timeout before the controller gives up on the bridge, ms. */
const GRACE_MS = 1_000;

/** A running bridge JVM. */
export class Bridge {
  private nextId = 1;
  private readonly pending = new Map<number, (a: BridgeAnswer) => void>();
  private exited: string | undefined;
  private readonly ready: Promise<void>;

  /** `stderrFile`: where the JVM's stderr is written (none: only its tail is kept, for errors). */
  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    log: Log,
    stderrFile?: string,
  ) {
    let markReady: () => void = () => undefined;
    let failReady: (e: Error) => void = () => undefined;
    this.ready = new Promise<void>((res, rej) => {
      markReady = res;
      failReady = rej;
    });
    this.ready.catch(() => undefined);
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      let msg: { id?: number; ready?: boolean } & Record<string, unknown>;
      try {
        msg = JSON.parse(line) as typeof msg;
      } catch {
        log(`herddb bridge: unparsable line ${line.slice(0, 200)}`);
        return;
      }
      if (msg.ready === true) return markReady();
      const done = typeof msg.id === 'number' ? this.pending.get(msg.id) : undefined;
      if (done === undefined) return;
      this.pending.delete(msg.id as number);
      done(msg as unknown as BridgeAnswer);
    });
    let tail = '';
    const file = stderrFile === undefined ? undefined : openLog(stderrFile, log);
    let written = 0;
    child.stderr.on('data', (d: Buffer) => {
      tail = (tail + d.toString('utf8')).slice(-4000);
      if (file === undefined || written > BRIDGE_LOG_MAX) return;
      written += d.length;
      file.write(written > BRIDGE_LOG_MAX ? `\n[faultline: bridge.log cut at ${BRIDGE_LOG_MAX} bytes]\n` : d);
    });
    child.stderr.once('close', () => file?.end());
    child.on('exit', (code, signal) => {
      this.exited = `bridge exited (${signal ?? code})${tail ? `: ${tail.trim().split('\n').slice(-3).join(' | ')}` : ''}`;
      failReady(new Error(this.exited));
      for (const [, done] of this.pending) done({ ok: false, stage: 'bridge', error: this.exited });
      this.pending.clear();
    });
    child.stdin.on('error', () => undefined);
  }

  /** The stderr-free pid of the JVM. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Runs `req` and resolves with the bridge's answer (never rejects): a lost bridge or no answer
   * within `timeoutMs` + 1 s resolves as `{ ok: false, stage: 'bridge' | 'timeout' }`.
   */
  async exec(req: ExecRequest): Promise<BridgeAnswer> {
    try {
      await this.ready;
    } catch (e) {
      return { ok: false, stage: 'connect', error: (e as Error).message };
    }
    return this.send({ cmd: 'exec', ...req }, req.timeoutMs + GRACE_MS);
  }

  /**
   * Reads `tablespace`'s record from HerdDB's metadata in ZooKeeper (`zk`, under `path`) — the
   * record `systablespaces` lists — without a HerdDB server; one row `[leader, replicas]`.
   * Never rejects (see {@link exec}).
   */
  async metadata(req: { conn: string; zk: string; path: string; tablespace: string; timeoutMs: number }): Promise<BridgeAnswer> {
    try {
      await this.ready;
    } catch (e) {
      return { ok: false, stage: 'connect', error: (e as Error).message };
    }
    return this.send({ cmd: 'metadata', ...req }, req.timeoutMs + GRACE_MS);
  }

  /** Closes connection `conn` in the bridge (its JDBC connection). */
  async closeConn(conn: string): Promise<void> {
    if (this.exited !== undefined) return;
    await this.send({ cmd: 'close', conn }, 5_000);
  }

  /** Ends the bridge: closes its stdin, then SIGKILLs it if it is still there after 3 s. */
  async close(): Promise<void> {
    if (this.exited !== undefined) return;
    const gone = new Promise<void>((res) => this.child.once('exit', () => res()));
    this.child.stdin.end();
    const t = setTimeout(() => this.child.kill('SIGKILL'), 3_000);
    await gone;
    clearTimeout(t);
  }

  private send(msg: Record<string, unknown>, waitMs: number): Promise<BridgeAnswer> {
    if (this.exited !== undefined) return Promise.resolve({ ok: false, stage: 'bridge', error: this.exited });
    const id = this.nextId++;
    return new Promise<BridgeAnswer>((resolve) => {
      const t = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, stage: 'timeout', error: `bridge gave no answer within ${waitMs} ms` });
      }, waitMs);
      this.pending.set(id, (a) => {
        clearTimeout(t);
        resolve(a);
      });
      this.child.stdin.write(`${JSON.stringify({ id, ...msg })}\n`);
    });
  }
}

/** The argv (after `java`) that starts the bridge with the jars in `cp`. Pure. */
export function bridgeArgs(cp: string, heapMb = 256): string[] {
  return [`-Xmx${heapMb}m`, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.net.preferIPv4Stack=true', '-cp', cp, BRIDGE_CLASS];
}

let jarsOnce: Promise<JarSet> | undefined;

/**
 * The jars of `systems/herddb/java` (HerdDB 0.29.0, our launcher and bridge), built once per
 * process: concurrent callers in one process share one build (the file lock of
 * `ensureJars` only keeps other processes out).
 */
export function herddbJars(log: Log): Promise<JarSet> {
  if (jarsOnce === undefined) {
    jarsOnce = ensureJars('herddb/java', log);
    jarsOnce.catch(() => {
      jarsOnce = undefined;
    });
  }
  return jarsOnce;
}

/** A write stream on `path` (its folder made first) whose errors are logged once, not thrown. */
function openLog(path: string, log: Log): WriteStream | undefined {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
  } catch (e) {
    log(`herddb bridge: no log file ${path}: ${(e as Error).message}`);
    return undefined;
  }
  const s = createWriteStream(path, { flags: 'a' });
  s.once('error', (e) => log(`herddb bridge: writing ${path}: ${e.message}`));
  return s;
}

/**
 * Starts a bridge JVM (building the jars with Maven first if they are not cached); its stderr
 * goes to `stderrFile` when given.
 */
export async function startBridge(log: Log, stderrFile?: string): Promise<Bridge> {
  const jars = await herddbJars(log);
  const child = spawn('java', bridgeArgs(classpath(jars)), { stdio: ['pipe', 'pipe', 'pipe'] });
  return new Bridge(child, log, stderrFile);
}

const bridges = new Map<string, Promise<Bridge>>();

/**
 * The bridge of the run in `runDir`, started at first use and shared by the DB and every
 * client; its stderr goes to `runDir/logs/bridge.log`.
 */
export function sharedBridge(runDir: string, log: Log): Promise<Bridge> {
  let b = bridges.get(runDir);
  if (b === undefined) {
    b = startBridge(log, join(runDir, 'logs', 'bridge.log'));
    bridges.set(runDir, b);
    b.catch(() => bridges.delete(runDir));
  }
  return b;
}

/** Ends the bridge of the run in `runDir`, if one was started. Idempotent. */
export async function closeBridge(runDir: string): Promise<void> {
  const b = bridges.get(runDir);
  bridges.delete(runDir);
  if (b === undefined) return;
  try {
    await (await b).close();
  } catch {
    // never started
  }
}

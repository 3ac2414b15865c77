/**
 * The controller side of the BookKeeper bridge (`faultline.bookkeeper.Bridge`, in
 * `systems/bookkeeper/java`): one JVM on the controller host for all client workers of a run,
 * spoken to in JSON lines over its stdin/stdout. Requests are answered out of order, matched by
 * id. The JVM's stderr (its log) goes to a file.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Log } from '../../core/log.js';
import { classpath, ensureJars } from '../../clusters/maven.js';

/** A bridge answer: ok with a result, or an error that is `certain` when the op had no effect. */
export type BridgeAnswer =
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; certain: boolean; error: string; result?: Record<string, unknown> };

/** The bridge's heap cap. */
export const BRIDGE_HEAP = '-Xmx384m';

/** A running bridge JVM. */
export class Bridge {
  private nextId = 1;
  private readonly waiting = new Map<number, (a: BridgeAnswer) => void>();
  private exited: string | undefined;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly logStream: WriteStream,
  ) {
    createInterface({ input: child.stdout }).on('line', (line) => this.onLine(line));
    child.stderr.pipe(logStream);
    child.on('error', (e) => child.emit('exit', null, `spawn error: ${e.message}`));
    child.on('exit', (code, sig) => {
      this.exited = `the BookKeeper bridge exited (${sig ?? `code ${code}`})`;
      for (const done of this.waiting.values()) done({ ok: false, certain: false, error: this.exited });
      this.waiting.clear();
    });
  }

  /**
   * Starts the bridge JVM (building the jars first when not cached) with its log in `logFile`,
   * and resolves once it says it is ready.
   * @throws Error when the JVM does not start within 60 s
   */
  static async start(log: Log, logFile: string): Promise<Bridge> {
    const jars = await ensureJars('bookkeeper/java', log);
    const child = spawn('java', [BRIDGE_HEAP, '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-cp', classpath(jars), 'faultline.bookkeeper.Bridge'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const bridge = new Bridge(child, createWriteStream(logFile, { flags: 'a' }));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the BookKeeper bridge did not start within 60 s (log: ${logFile})`)), 60_000);
      bridge.waiting.set(0, () => {
        clearTimeout(timer);
        if (bridge.exited !== undefined) reject(new Error(`${bridge.exited} (log: ${logFile})`));
        else resolve();
      });
    });
    return bridge;
  }

  /** Sends `cmd` with its fields and resolves with the answer (an error answer when the JVM died). */
  request(cmd: string, fields: Record<string, unknown>): Promise<BridgeAnswer> {
    if (this.exited !== undefined) return Promise.resolve({ ok: false, certain: true, error: this.exited });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ id, cmd, ...fields })}\n`);
    });
  }

  /** Closes stdin (the JVM closes its connections and exits); kills it after `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.exited === undefined) {
      const gone = new Promise<void>((r) => this.child.once('exit', () => r()));
      this.child.stdin.end();
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await gone;
      clearTimeout(timer);
    }
    await new Promise<void>((r) => this.logStream.end(() => r()));
  }

  private onLine(line: string): void {
    let msg: { id?: number; ready?: boolean } & Record<string, unknown>;
    try {
      msg = JSON.parse(line) as typeof msg;
    } catch {
      return;
    }
    const id = msg.ready === true ? 0 : msg.id;
    if (typeof id !== 'number') return;
    const done = this.waiting.get(id);
    this.waiting.delete(id);
    done?.(msg as unknown as BridgeAnswer);
  }
}

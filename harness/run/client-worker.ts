/**
 * One client thread of the interpreter: bound to one node, it opens a connection when it needs
 * one, runs one op at a time, and turns a thrown error or a timeout into `info`. After an
 * `info` it drops the connection (and aborts whatever the old op still does); the next op opens
 * a fresh one — under the fresh process id the scheduler gives it.
 */
import type { Op } from '../../core/op.js';
import type { Client, ClientConn, Completion, RunContext } from '../../core/plugins.js';
import { errorMessage, infoCompletion, normalizeCompletion } from './completion.js';

/** Receives an op's completion (once per op). */
export type OnComplete = (invocation: Op, completion: Completion) => void;

interface Flight {
  readonly op: Op;
  /** Clock time (ns) after which the op times out. */
  readonly deadline: number;
  settled: boolean;
}

/** A client thread; see the module documentation. */
export class ClientWorker {
  private conn: ClientConn | undefined;
  private controller = new AbortController();
  private flight: Flight | undefined;

  constructor(
    /** The client thread number. */
    readonly thread: number,
    /** The node this thread talks to. */
    readonly node: string,
    private readonly client: Client,
    private readonly ctx: RunContext,
    private readonly timeoutNs: number,
    private readonly onComplete: OnComplete,
  ) {}

  /** True while an op is in flight. */
  get busy(): boolean {
    return this.flight !== undefined;
  }

  /** Starts `op` (an invocation already recorded); its completion goes to `onComplete`. */
  run(op: Op, now: number): void {
    const flight: Flight = { op, deadline: now + this.timeoutNs, settled: false };
    this.flight = flight;
    this.exec(flight).then(
      (c) => this.settle(flight, normalizeCompletion(c, op.value)),
      (err: unknown) => this.settle(flight, infoCompletion(op.value, errorMessage(err))),
    );
  }

  /** Times out the op in flight if its deadline has passed (`now` in clock ns). */
  checkTimeout(now: number): void {
    const f = this.flight;
    if (f !== undefined && !f.settled && now >= f.deadline) {
      this.settle(f, infoCompletion(f.op.value, `timed out after ${Math.round(this.timeoutNs / 1e6)} ms`));
    }
  }

  /** Aborts the op in flight (its completion is never reported) and closes the connection. */
  async close(): Promise<void> {
    if (this.flight !== undefined) this.flight.settled = true;
    this.flight = undefined;
    this.controller.abort(new Error('run stopped'));
    const conn = this.conn;
    this.conn = undefined;
    if (conn !== undefined) await conn.close();
  }

  private async exec(flight: Flight): Promise<Completion> {
    if (this.conn === undefined) {
      let conn: ClientConn;
      try {
        conn = await this.client.open(this.ctx, this.node);
      } catch (err) {
        // Nothing was sent: the op certainly did not happen.
        return { type: 'fail', value: flight.op.value, error: `no client for ${this.node}: ${errorMessage(err)}` };
      }
      if (flight.settled) {
        void conn.close().catch(() => undefined);
        return infoCompletion(flight.op.value, 'superseded');
      }
      this.conn = conn;
    }
    return this.conn.invoke(flight.op, this.controller.signal);
  }

  private settle(flight: Flight, c: Completion): void {
    if (flight.settled) return;
    flight.settled = true;
    if (this.flight === flight) this.flight = undefined;
    if (c.type === 'info') this.reset();
    this.onComplete(flight.op, c);
  }

  /** After `info`: abort the old op's work and drop its connection (closed in the background). */
  private reset(): void {
    this.controller.abort(new Error('op ended as info'));
    this.controller = new AbortController();
    const conn = this.conn;
    this.conn = undefined;
    if (conn !== undefined) void conn.close().catch(() => undefined);
  }
}

/**
 * One client connection's handle on the shared bridge: a connection name of its own in the
 * bridge (so each worker has its own JDBC connection), the cluster's JDBC URL, the data
 * source's properties and the per-request deadline.
 */
import type { Bridge, BridgeAnswer, Isolation, Stmt } from './bridge.js';

let counter = 0;

/** A worker connection in the bridge. */
export class BridgeSession {
  /** The bridge's name of this connection, unique in the process (e.g. `n2-7`). */
  readonly conn: string;

  constructor(
    private readonly bridge: Bridge,
    node: string,
    private readonly url: string,
    private readonly props: Readonly<Record<string, string>>,
    private readonly timeoutMs: number,
    private readonly isolation: Isolation = 'repeatable-read',
  ) {
    this.conn = `${node}-${++counter}`;
  }

  /** Runs `stmts` (in one transaction at the session's isolation when `tx`) and resolves with the bridge's answer; never rejects. */
  exec(stmts: readonly Stmt[], tx = false): Promise<BridgeAnswer> {
    return this.bridge.exec({ conn: this.conn, url: this.url, props: this.props, timeoutMs: this.timeoutMs, tx, isolation: this.isolation, stmts });
  }

  /** Closes the JDBC connection in the bridge. */
  async close(): Promise<void> {
    await this.bridge.closeConn(this.conn);
  }
}

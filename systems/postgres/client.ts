/**
 * PostgreSQL's clients for the `append` and `wr` workloads, over the `pg` package: each worker
 * keeps one connection to the primary (and, with `--pg-replica-reads`, one to its own node when
 * that is a standby, for read-only transactions), opened lazily and dropped after any network
 * error or time-out. A transaction is `BEGIN ISOLATION LEVEL …`, one statement per micro-op,
 * `COMMIT`; outcomes as in ./failure.ts. The first transaction of a run creates the tables.
 */
import pg from 'pg';
import { UsageError } from '../../core/errors.js';
import type { Op } from '../../core/op.js';
import type { Client, ClientConn, Completion, RunContext } from '../../core/plugins.js';
import { PG_PORT, PG_USER } from './config.js';
import { connectionBroken, describePgError, outcomeOf, sqlState, type TxnStage } from './failure.js';
import { isolationSql, pgOptions, type PgOptions } from './options.js';
import { microOpSql, readValue, schemaSql, type PgTxnWorkload } from './sql.js';

/** The workloads PostgreSQL has clients for. */
export const POSTGRES_WORKLOADS = ['append', 'wr'] as const;

type MicroOp = [string, number, unknown];

function microOps(value: unknown): MicroOp[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const ok = value.every((m) => Array.isArray(m) && m.length === 3 && ['r', 'append', 'w'].includes(m[0] as string) && Number.isSafeInteger(m[1]));
  return ok ? (value as MicroOp[]) : undefined;
}

/** A lazily opened connection to one server. */
class Session {
  private client: pg.Client | undefined;

  constructor(
    private readonly host: string,
    private readonly timeoutMs: number,
  ) {}

  /** The open connection (connecting first). Rejects with the connect error. */
  async get(): Promise<pg.Client> {
    if (this.client !== undefined) return this.client;
    const c = new pg.Client({
      host: this.host, port: PG_PORT, user: PG_USER, database: 'postgres',
      connectionTimeoutMillis: this.timeoutMs, query_timeout: this.timeoutMs, statement_timeout: this.timeoutMs,
      keepAlive: true,
    });
    // A connection that dies between ops emits 'error': drop it, the next op reconnects.
    c.on('error', () => this.drop(c));
    try {
      await c.connect();
    } catch (err) {
      this.drop(c);
      throw err;
    }
    this.client = c;
    return c;
  }

  /** Closes and forgets `c` (the current connection when absent) without waiting. */
  drop(c: pg.Client | undefined = this.client): void {
    if (c === undefined) return;
    if (this.client === c) this.client = undefined;
    c.end().catch(() => undefined);
    // end() waits for the server; a dead or paused one never answers.
    (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
  }
}

/** One worker connection. */
class PgConn implements ClientConn {
  private readonly primary: Session;
  private readonly replica: Session | undefined;

  constructor(
    private readonly workload: PgTxnWorkload,
    private readonly opts: PgOptions,
    primaryHost: string,
    replicaHost: string | undefined,
    private readonly ensureSchema: (s: pg.Client) => Promise<void>,
    private readonly schemaLost: () => void = () => {},
  ) {
    this.primary = new Session(primaryHost, opts.timeoutMs);
    this.replica = replicaHost === undefined ? undefined : new Session(replicaHost, opts.timeoutMs);
  }

  async invoke(op: Op, signal: AbortSignal): Promise<Completion> {
    const mops = microOps(op.value);
    if (op.f !== 'txn' || mops === undefined) return { type: 'fail', value: op.value, error: `postgres: unknown op ${JSON.stringify(op.f)} ${JSON.stringify(op.value)}` };
    const readOnly = mops.every(([f]) => f === 'r');
    const session = readOnly && this.replica !== undefined ? this.replica : this.primary;
    let stage: TxnStage = 'connect';
    let conn: pg.Client | undefined;
    const onAbort = (): void => session.drop(conn);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      conn = await session.get();
      stage = 'before-commit';
      if (session === this.primary) await this.ensureSchema(conn);
      const level = session === this.primary ? isolationSql(this.opts.isolation) : 'REPEATABLE READ READ ONLY';
      await conn.query(`BEGIN ISOLATION LEVEL ${level}`);
      const out: MicroOp[] = [];
      for (const [f, k, v] of mops) {
        const q = microOpSql(this.workload, f, k, v, this.opts.tables);
        const res = await conn.query<{ v: unknown }>(q.text, [...q.values]);
        out.push(f === 'r' ? [f, k, readValue(this.workload, res.rows)] : [f, k, v]);
      }
      stage = 'commit';
      await conn.query('COMMIT');
      return { type: 'ok', value: out };
    } catch (err) {
      // A table the server no longer has (lost with its unsynced writes in a power loss under fsync=off) is created again by the next transaction.
      if (sqlState(err) === '42P01') this.schemaLost();
      if (conn !== undefined) {
        if (connectionBroken(err)) session.drop(conn);
        else if (stage === 'before-commit') await conn.query('ROLLBACK').catch(() => session.drop(conn));
      }
      return { type: outcomeOf(stage, err), value: op.value, error: `${stage}: ${describePgError(err)}` };
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    this.primary.drop();
    this.replica?.drop();
  }
}

/**
 * The PostgreSQL client for `workload` (`append`, `wr`).
 * @throws UsageError for another workload (naming the known ones) or bad options
 */
export function postgresClient(workload: string, options: Readonly<Record<string, unknown>>): Client {
  if (workload !== 'append' && workload !== 'wr') {
    throw new UsageError(`postgres has no client for workload ${JSON.stringify(workload)} (known: ${POSTGRES_WORKLOADS.join(', ')})`);
  }
  const opts = pgOptions(options);
  let schema: Promise<void> | undefined;
  // Once per run; a failed attempt is retried by the next transaction.
  const ensureSchema = (c: pg.Client): Promise<void> => {
    schema ??= (async () => {
      for (const s of schemaSql(workload, opts.tables)) await c.query(s);
    })().catch((err: unknown) => {
      schema = undefined;
      throw err;
    });
    return schema;
  };
  return {
    async open(ctx: RunContext, node: string): Promise<ClientConn> {
      const primary = ctx.nodes[0];
      const address = ctx.addresses[node];
      if (address === undefined) throw new Error(`no address for node ${JSON.stringify(node)}`);
      const replica = opts.replicaReads && node !== primary ? address : undefined;
      return new PgConn(workload, opts, ctx.addresses[primary], replica, ensureSchema, () => {
        schema = undefined;
      });
    },
  };
}

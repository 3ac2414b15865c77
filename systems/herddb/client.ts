/**
 * HerdDB's clients, one per workload, all through the run's one JDBC bridge (bridge.ts): each
 * worker connection is a JDBC connection of its own in the bridge, on the cluster URL (the
 * driver finds the tablespace's leader through ZooKeeper). The first connection creates the
 * workload's tables (and the bank's accounts); later ones wait for that.
 */
import { UsageError } from '../../core/errors.js';
import type { Op } from '../../core/op.js';
import type { Client, ClientConn, Completion, RunContext } from '../../core/plugins.js';
import { bankSettings, type BankSettings } from '../../workloads/bank.js';
import { invokeBank, bankSchema } from './bank.js';
import { sharedBridge, type Bridge, type Stmt } from './bridge.js';
import { jdbcUrl } from './config.js';
import { shortError } from './failure.js';
import { herddbOptions, type HerddbOptions } from './options.js';
import { invokeRegister, REGISTER_SCHEMA } from './register.js';
import { BridgeSession } from './session.js';
import { invokeSet, SET_SCHEMA } from './set.js';
import { invokeTxn, txnSchema, type KnownKeys } from './txn.js';
import { bridgeProps } from './tablespace.js';

/** The workloads HerdDB has clients for. */
export const HERDDB_WORKLOADS = ['register', 'set', 'bank', 'append', 'wr'] as const;

type Invoke = (session: BridgeSession, op: Op) => Promise<Completion>;

/** "Already there" answers of schema statements: the table or the accounts exist. */
const ALREADY = /TableAlreadyExistsException|DuplicatePrimaryKeyException/;

/**
 * Runs the schema: each `single` statement alone, then `tx` in one transaction; an "already
 * exists" answer counts as done. Resolves with undefined, or the first other error.
 */
export async function applySchema(session: BridgeSession, single: readonly Stmt[], tx: readonly Stmt[]): Promise<string | undefined> {
  for (const s of single) {
    const a = await session.exec([s]);
    if (!a.ok && !ALREADY.test(a.error)) return `${a.stage}: ${shortError(a.error)}`;
  }
  if (tx.length > 0) {
    const a = await session.exec(tx, true);
    if (!a.ok && !ALREADY.test(a.error)) return `${a.stage}: ${shortError(a.error)}`;
  }
  return undefined;
}

/** One worker connection: makes sure the schema exists, then runs ops. */
class HerddbConn implements ClientConn {
  constructor(
    private readonly session: BridgeSession,
    private readonly ready: () => Promise<string | undefined>,
    private readonly run: Invoke,
  ) {}

  async invoke(op: Op): Promise<Completion> {
    const notReady = await this.ready();
    if (notReady !== undefined) return { type: 'fail', value: op.value, error: `tables not created yet: ${notReady}` };
    return this.run(this.session, op);
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}

/**
 * The HerdDB client for `workload` (`register`, `set`, `bank`, `append`, `wr`).
 * @throws UsageError for an unknown workload (naming the known ones) or bad options
 */
export function herddbClient(workload: string, options: Readonly<Record<string, unknown>>): Client {
  const opts: HerddbOptions = herddbOptions(options);
  let run: Invoke;
  let schema: { single: readonly Stmt[]; tx: readonly Stmt[] };
  switch (workload) {
    case 'register':
      run = invokeRegister;
      schema = { single: REGISTER_SCHEMA, tx: [] };
      break;
    case 'set':
      run = invokeSet;
      schema = { single: SET_SCHEMA, tx: [] };
      break;
    case 'bank': {
      const settings: BankSettings = bankSettings(options);
      const s = bankSchema(settings);
      run = (session, op) => invokeBank(session, op, settings);
      schema = { single: s.tables, tx: s.accounts };
      break;
    }
    case 'append':
    case 'wr': {
      const known: KnownKeys = new Set();
      run = (session, op) => invokeTxn(session, op, workload, known);
      schema = { single: txnSchema(workload), tx: [] };
      break;
    }
    default:
      throw new UsageError(`herddb has no client for workload ${JSON.stringify(workload)} (known: ${HERDDB_WORKLOADS.join(', ')})`);
  }
  let done = false;
  let inFlight: Promise<string | undefined> | undefined;
  const props = bridgeProps(opts);
  return {
    async open(ctx: RunContext, node: string): Promise<ClientConn> {
      if (ctx.addresses[node] === undefined) throw new Error(`no address for node ${JSON.stringify(node)}`);
      const bridge: Bridge = await sharedBridge(ctx.runDir, ctx.log);
      const url = jdbcUrl(ctx.nodes, ctx.addresses);
      const session = new BridgeSession(bridge, node, url, props, opts.timeoutMs, opts.isolation);
      // Schema once per run: concurrent openers share one attempt; a failed attempt is retried by the next op.
      const ready = async (): Promise<string | undefined> => {
        if (done) return undefined;
        inFlight ??= (async () => {
          const s = new BridgeSession(bridge, 'schema', url, props, Math.max(opts.timeoutMs, 10_000));
          try {
            const err = await applySchema(s, schema.single, schema.tx);
            if (err === undefined) done = true;
            return err;
          } finally {
            inFlight = undefined;
            await s.close();
          }
        })();
        return inFlight;
      };
      return new HerddbConn(session, ready, run);
    },
  };
}

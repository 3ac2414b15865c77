/**
 * The phases of one `faultline test` run, in order, each with the teardown that undoes it:
 * config → store → cluster → DB → nemesis → clients + nemesis run. Unwinding: stop clients,
 * heal, collect logs, DB teardown, cluster down (the last two unless `--leave-db-running`),
 * close the history. The phases share a {@link RunState} that each fills in.
 */
import { join } from 'node:path';
import type { Cluster } from '../../clusters/cluster.js';
import type { DockerCli } from '../../clusters/docker-cli.js';
import { ensureEngine } from '../../clusters/engine.js';
import { adminDocker, downLocal } from '../../clusters/local-admin.js';
import { upLocal } from '../../clusters/local-up.js';
import { localCluster } from '../../clusters/cluster.js';
import type { Log } from '../../core/log.js';
import { stateRoot } from '../../clusters/state.js';
import { inventoryPhase, type RunInventory } from './inventory.js';
import { cleanBeforeRun } from '../../nemesis/clean-nodes.js';
import type { Generator } from '../../core/generator/index.js';
import { HistoryWriter } from '../../core/history/index.js';
import { hasPrimaries, type Client, type DB, type NemesisPackage, type RunContext, type SystemDefinition } from '../../core/plugins.js';
import { describeConfig, type TestConfig } from './config.js';
import { interpret, type InterpreterResult } from './interpreter.js';
import { collectLogs } from './logs.js';
import type { Phase } from './phases.js';
import { leaderProbe } from './probe.js';
import { Progress } from './progress.js';
import { StatusDisplay, type StatusStream } from './status.js';
import { createRunDir, makeTestInfo, RUN_FILES, writeTestJson, type StoredTest } from '../../core/run-store/index.js';
import { stubCluster } from '../../core/stub-cluster.js';

/** What the phases know of each other, filled in as they go. */
export class RunState {
  runDir: string | undefined;
  test: StoredTest | undefined;
  history: HistoryWriter | undefined;
  cluster: Cluster | undefined;
  docker: DockerCli | undefined;
  addresses: Record<string, string> = {};
  ctx: RunContext | undefined;
  result: InterpreterResult | undefined;
  /** True when the run phase was stopped by its time budget. */
  timedOut = false;

  /** The context for plug-ins. @throws Error before the cluster phase made it */
  context(): RunContext {
    if (this.ctx === undefined) throw new Error('no run context yet (the cluster phase has not run)');
    return this.ctx;
  }
}

/** Everything the phases are built from. */
export interface RunParts {
  config: TestConfig;
  system: SystemDefinition;
  db: DB;
  client: Client;
  packages: readonly NemesisPackage[];
  schedule: Generator;
  /** Progress lines (clear the status line first). */
  log: Log;
  /** Where the live status goes, if anywhere. */
  status?: StatusStream;
  signal: AbortSignal;
  faultlineVersion: string;
  startedAt: Date;
  /** Extra time the run phase may take beyond the time limit before it is stopped, s. */
  allowanceS: number;
}

/** Calls `f` on every item in parallel; rejects with the first error after all settled. */
async function everyNode(nodes: readonly string[], f: (node: string) => Promise<void>): Promise<void> {
  const rs = await Promise.allSettled(nodes.map(f));
  const bad = rs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (bad) throw bad.reason;
}

/** The SSH inventory a run's options name (`faultline test --nodes-file`), if any. Pure. */
function inventoryOf(config: Readonly<Record<string, unknown>>): RunInventory | undefined {
  return config.inventory as RunInventory | undefined;
}

/** The phases; see the module documentation. */
export function runPhaseList(p: RunParts, st: RunState): Phase[] {
  const { config, db, log } = p;
  const nodes = config.nodes;
  const makeCtx = (cluster: Cluster): void => {
    st.cluster = cluster;
    st.ctx = { nodes, cluster, addresses: st.addresses, log, runDir: st.runDir ?? '', options: config, signal: p.signal };
  };
  return [
    { title: `config: ${describeConfig(config)}` },
    {
      title: `store: ${join(config.store, config.name)}/`,
      setup: async () => {
        st.runDir = await createRunDir(config.store, config.name, p.startedAt);
        st.test = makeTestInfo(config, p.faultlineVersion, p.startedAt);
        await writeTestJson(st.runDir, st.test);
        st.history = await HistoryWriter.create(join(st.runDir, RUN_FILES.history), { test: config.name, seed: config.seed, startedAt: st.test.startedAt });
        log(`run folder: ${st.runDir}`);
      },
      teardownTitle: 'close the history',
      teardown: async () => st.history?.close(),
    },
    inventoryOf(config) !== undefined
      ? inventoryPhase(inventoryOf(config)!, nodes, p.system.image, st.addresses, log, makeCtx, config.nemesis)
      : config.inProcess
      ? {
          title: `cluster: in-process nodes ${nodes.join(', ')} (no containers)`,
          setup: () => {
            for (const n of nodes) st.addresses[n] = n;
            makeCtx(stubCluster(nodes));
          },
        }
      : {
          title: `cluster up: ${nodes.length} local containers, image ${p.system.image} (cluster ${config.cluster})`,
          setup: async () => {
            const engine = await ensureEngine({ log });
            st.docker = engine.docker;
            const record = await upLocal({ name: config.cluster, nodes: nodes.length, subnet: config.subnet, image: p.system.image, stateRoot: stateRoot(), log });
            for (const n of record.nodes) st.addresses[n.name] = n.host;
            makeCtx(localCluster(record, engine.docker));
            await cleanBeforeRun(st.context().cluster, log); // containers kept from a killed run may still hold its faults
          },
          teardownTitle: config.leaveDbRunning ? 'close connections (cluster left running)' : 'cluster down',
          teardown: async () => {
            await st.cluster?.close();
            if (config.leaveDbRunning) return log(`cluster ${config.cluster} left running: remove it with \`faultline down --cluster ${config.cluster}\``);
            const r = await downLocal(st.docker ?? (await adminDocker(log)), stateRoot(), config.cluster);
            log(`cluster ${config.cluster} down: removed ${r.containers.length} container(s)`);
          },
        },
    {
      title: `db setup: ${db.name} on ${nodes.join(', ')}`,
      setup: async () => {
        const ctx = st.context();
        await everyNode(nodes, (n) => db.setup(ctx, n));
        const version = db.version ? await db.version(ctx).catch((e: unknown) => `unknown (${(e as Error).message})`) : 'unknown';
        if (st.test !== undefined && st.runDir !== undefined) {
          st.test.versions[config.system] = version;
          await writeTestJson(st.runDir, st.test);
        }
      },
      teardownTitle: config.leaveDbRunning ? 'collect logs (db left running)' : 'collect logs, db teardown',
      teardown: async () => {
        const ctx = st.ctx;
        if (ctx === undefined) return;
        try {
          if (!config.inProcess) log(`logs: ${await collectLogs(db, ctx)} file(s) collected into ${join(ctx.runDir, RUN_FILES.logs)}/`);
          if (!config.leaveDbRunning) await everyNode(nodes, (n) => db.teardown(ctx, n));
        } finally {
          await db.close?.(ctx); // e.g. HerdDB's JVM bridge: left open it kept the controller alive
        }
      },
    },
    p.packages.length === 0
      ? { title: 'nemesis: none' }
      : {
          title: `nemesis setup: ${p.packages.map((k) => k.nemesis.name).join(', ')}`,
          setup: async () => {
            for (const k of p.packages) await k.nemesis.setup(st.context());
          },
          teardownTitle: 'heal: nemesis teardown',
          teardown: async () => {
            const ctx = st.ctx;
            if (ctx === undefined) return;
            const rs = await Promise.allSettled([...p.packages].reverse().map((k) => k.nemesis.teardown(ctx)));
            const bad = rs.find((r): r is PromiseRejectedResult => r.status === 'rejected');
            if (bad) throw bad.reason;
          },
        },
    {
      title: `run: clients and nemesis for ${config.timeLimitS} s, then heal and final ops`,
      setup: async () => runClients(p, st),
    },
  ];
}

/** The run phase: the interpreter with a live status and a time budget. */
async function runClients(p: RunParts, st: RunState): Promise<void> {
  const { config } = p;
  const history = st.history;
  if (history === undefined) throw new Error('no history writer (the store phase has not run)');
  const progress = new Progress();
  const display = p.status === undefined ? undefined : new StatusDisplay(progress, p.status);
  const budget = new AbortController();
  const timer = setTimeout(() => {
    st.timedOut = true;
    p.log(`run: over its time budget (${config.timeLimitS + p.allowanceS} s): stopping`);
    budget.abort();
  }, (config.timeLimitS + p.allowanceS) * 1000);
  display?.start();
  const ctx = st.context();
  try {
    st.result = await interpret({
      generator: p.schedule,
      seed: config.seed,
      concurrency: config.concurrency,
      ctx,
      client: p.client,
      nemeses: p.packages.map((k) => k.nemesis),
      history,
      opTimeoutMs: config.opTimeoutMs,
      signal: AbortSignal.any([p.signal, budget.signal]),
      progress,
      ...(hasPrimaries(p.db) ? { probe: leaderProbe(p.db, ctx) } : {}),
    });
  } finally {
    clearTimeout(timer);
    display?.stop();
  }
  const s = progress.snapshot();
  const r = st.result;
  p.log(`run: ${s.invoked} client ops (${s.ok} ok, ${s.fail} fail, ${s.info} info, ${r.open} open), ${s.nemesisOps} nemesis ops in ${(r.endNs / 1e9).toFixed(1)} s`);
}

/**
 * `faultline test <system>`: run a whole campaign — cluster up, DB setup, clients under
 * faults, heal and final ops, logs, teardown, check, report — and exit 0 valid / 1 invalid /
 * 2 unknown or interrupted / 254 bad flags / 255 crash. Flags are resolved once into a frozen
 * config (harness/run/config.ts) that is stored with the run.
 */
import { randomInt } from 'node:crypto';
import type { Command } from 'commander';
import { WORKLOAD_NAMES } from '../../workloads/index.js';
import { resolveTestConfig, TEST_DEFAULTS, type RawTestFlags } from '../run/config.js';
import { runTest } from '../run/pipeline.js';
import { findSystem, SYSTEMS, systemFacts } from '../run/systems.js';
import { loadSchedule, scheduleFlags } from '../shrink/load.js';
import { inventoryFromFlags, withInventory, type InventoryFlags } from '../run/inventory.js';
import { SCHEDULE_OPTION } from '../shrink/replay.js';
import { terminalIO } from './run-console.js';
import { guardController } from './crash-guard.js';
import { onInterrupt } from './signals.js';
import { EXIT } from '../../core/errors.js';
import { version } from './version.js';

/** Registers `faultline test` on `program`. */
export function registerTest(program: Command): void {
  const d = TEST_DEFAULTS;
  program
    .command('test')
    .description('run a test campaign: cluster, clients under faults, history, check, report')
    .argument('<system>', `the system under test: ${SYSTEMS.map((s) => s.name).join(', ')}`)
    .option('--workload <name>', `what clients do: ${WORKLOAD_NAMES.join(', ')} (default ${d.workload})`)
    .option('--nodes <n|a,b,c>', `number of local nodes (default ${d.nodes}), or existing machines to run on over SSH: [name=][user@]host[:port],…`)
    .option('--nodes-file <file>', 'existing machines to run on over SSH: an inventory file, [name=][user@]host[:port] per entry')
    .option('--username <user>', 'SSH inventories: login user (default root)')
    .option('--ssh-private-key <file>', 'SSH inventories: private key (default ~/.ssh/id_ed25519, id_ecdsa or id_rsa)')
    .option('--known-hosts <file>', 'SSH inventories: known_hosts to check host keys against (default ~/.ssh/known_hosts)')
    .option('--strict-host-key-checking <yes|no>', 'SSH inventories: check host keys (default yes)')
    .option('--ssh-port <port>', 'SSH inventories: port for entries without :port (default 22)')
    .option('--time-limit <seconds>', `length of the main phase (default ${d.timeLimitS})`)
    .option('--concurrency <n|kn>', `client threads, or k × nodes like 2n (default ${d.concurrency})`)
    .option('--rate <ops/s>', `client ops per second, all threads together (default ${d.rate})`)
    .option('--nemesis <a,b|none>', `faults to inject: partition, kill, pause, loss, clock (systems whose clocks libfaketime reaches) or none (default: per system — ${SYSTEMS.map((e) => `${e.name} ${e.defaultNemesis.join(',') || 'none'}`).join('; ')})`)
    .option('--nemesis-interval <seconds>', `mean time between fault changes (default ${d.nemesisIntervalS})`)
    .option('--seed <n>', 'seed of the schedule, to replay a run (default: random, printed and stored)')
    .option('--schedule <file>', 'replay exactly the fault ops of a schedule file (from faultline shrink); its seed, workload, nemeses and time limit unless given')
    .option('--op-timeout <seconds>', `a client op taking longer is recorded as info (default ${d.opTimeoutS})`)
    .option('--store <dir>', `store root for runs (default ./${d.store})`)
    .option('--leave-db-running', 'keep the DB and its containers at the end')
    .option('--cluster <name>', 'local container cluster name (default default)')
    .option('--subnet <cidr>', 'local cluster subnet (default 10.231.0.0/24)')
    .option('--etcd-serializable-reads', 'etcd: serve reads from any member without consensus (may be stale)')
    .option('--zk-no-force-sync', 'zookeeper: forceSync=no (writes acknowledged before they are fsynced; loses them in a power loss)')
    .option('--zk-no-sync-reads', 'zookeeper: plain reads with no sync barrier before them (sequentially consistent only: may be stale)')
    .option('--memory-stale-reads [p]', `memory: reads on nodes other than n1 are stale with probability p (default ${d.memoryStaleReads})`)
    .option('--kafka-weak', 'kafka: weak mode — producers acks=1 without idempotence, brokers min.insync.replicas=1 and unclean.leader.election.enable=true (leader kills can lose acknowledged writes)')
    .option('--bootstrap <host:port,...>', 'kafka: run the queue workload against an external Kafka-protocol cluster (Kafka, Redpanda, HStreamDB 0.20+) at these brokers; no containers, --nemesis none')
    .option('--ordering-keys <n>', 'kafka, queue: ordering-key mode (HStreamDB style) — n ordering keys (2 to 64) as message keys on a third as many partitions of one topic, order checked per key')
    .option('--key-count <n>', 'append, wr: active keys (default 10)')
    .option('--max-txn-length <n>', 'append, wr: micro-ops per transaction, 1 to n (default 4)')
    .option('--max-writes-per-key <n>', 'append, wr: writes before a key is replaced by a fresh one (default 32)')
    .option('--consistency-models <a,b>', 'append, wr: models the history is checked against (default: the system\'s, else strict-serializable)')
    .option('--pg-isolation <level>', 'postgres: serializable, repeatable-read or read-committed (default serializable)')
    .option('--pg-replica-reads', 'postgres: read-only transactions go to the streaming replicas (repeatable read there)')
    .option('--pg-sync-standbys <n>', 'postgres: commits wait for n synchronous standbys (default 0: asynchronous replication)')
    .option('--herddb-isolation <level>', 'herddb: repeatable-read or read-committed (default repeatable-read)')
    .showHelpAfterError(false)
    .configureOutput({
      outputError: (msg, write) => write(`faultline: ${msg.trim().replace(/^error: /, '')} (see faultline test --help)\n`),
    })
    .action(async (system: string, flags: RawTestFlags & InventoryFlags & { schedule?: string }) => {
      process.exitCode = await runTestCommand(system, flags);
    });
}

/**
 * Runs `faultline test <system>` with commander's flags.
 * @returns the exit code
 * @throws UsageError (exit 254) for an unknown system, an unavailable one, or a bad flag
 */
export async function runTestCommand(systemName: string, given: RawTestFlags & InventoryFlags & { schedule?: string }): Promise<number> {
  const entry = findSystem(systemName);
  const { flags, inventory } = inventoryFromFlags(given);
  const system = await entry.load();
  const schedule = flags.schedule === undefined ? undefined : await loadSchedule(flags.schedule);
  const resolved = resolveTestConfig(systemFacts(entry, system), schedule === undefined ? flags : scheduleFlags(flags, schedule, systemName), { cwd: process.cwd(), randomSeed: () => randomInt(0, 2 ** 47) });
  const config = withInventory(schedule === undefined ? resolved : Object.freeze({ ...resolved, [SCHEDULE_OPTION]: schedule.ops }), inventory);
  const io = terminalIO();
  const controller = new AbortController();
  const hint = config.inProcess ? '' : inventory !== undefined ? 'remove leftover faults with `faultline down --nodes-file …` (same inventory flags)' : `remove containers with \`faultline down --cluster ${config.cluster}\``;
  const handlers = onInterrupt(controller, io.log, hint);
  const guard = guardController(controller, io.log);
  try {
    const outcome = await runTest(config, system, controller.signal, io, { faultlineVersion: version() });
    return guard.crash === undefined ? outcome.exitCode : EXIT.crash;
  } finally {
    handlers.dispose();
    guard.dispose();
  }
}

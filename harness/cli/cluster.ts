/**
 * `faultline up`, `status`, `exec` and `down`: thin commands over `clusters/`. Nodes are a
 * local container cluster (default) or an SSH inventory (`--nodes a,b,c`, `--nodes-file`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { Command, Option } from 'commander';
import { localCluster, sshCluster, type Cluster } from '../../clusters/cluster.js';
import { adminDocker, downLocal, statusLocal } from '../../clusters/local-admin.js';
import { upLocal } from '../../clusters/local-up.js';
import { ensureEngine } from '../../clusters/engine.js';
import { stderrLog } from '../../core/log.js';
import { rawScript } from '../../core/shell-quote.js';
import { RemoteError } from '../../clusters/remote-error.js';
import { ProvisionError } from '../../clusters/apt.js';
import { QuoteError } from '../../core/shell-quote.js';
import { readRecord, stateRoot } from '../../clusters/state.js';
import { UsageError, quote } from '../../core/errors.js';
import { hostNetworks, subnetProblem } from '../../clusters/host-networks.js';
import { resolveTarget, parseTimeout, selectNodes, type ClusterFlags, type Target } from './cluster-flags.js';
import { allSucceeded, formatOutcomes, type NodeOutcome } from './cluster-output.js';
import { cleanLeftovers, cleanupLines } from '../../nemesis/clean-nodes.js';
import { DB_DIR_GLOB, describeLeftoverDbs, stopLeftoverDbs } from '../../clusters/leftover-dbs.js';

const flagEnv = { readFile: (p: string) => readFileSync(p, 'utf8'), exists: (p: string) => existsSync(p), home: homedir() };

/** Adds the flags every cluster command shares. */
function common(cmd: Command, nodesHelp: string): Command {
  return cmd
    .option('--cluster <name>', 'local cluster name', 'default')
    .option('--subnet <cidr>', 'local cluster network subnet (default 10.231.0.0/24)')
    .option('--state-dir <dir>', 'state folder for keys, known_hosts, inventories (default ./.faultline or $FAULTLINE_STATE_DIR)')
    .option('--nodes <n|list>', nodesHelp)
    .option('--nodes-file <file>', 'SSH inventory file: [name=][user@]host[:port] per entry')
    .option('--username <user>', 'SSH login user for inventory nodes (default root)')
    .option('--ssh-private-key <file>', 'SSH private key (default ~/.ssh/id_ed25519, id_ecdsa or id_rsa)')
    .option('--strict-host-key-checking <yes|no>', 'check host keys against --known-hosts (default yes)')
    .option('--no-strict-host-key-checking', 'accept any host key (explicit opt-out)')
    .option('--known-hosts <file>', 'known_hosts file for inventory nodes (default ~/.ssh/known_hosts)')
    .option('--ssh-port <port>', 'SSH port for entries without :port (default 22)');
}

/** Validates flags (from commander's `opts()`) into a target. */
function target(flags: ClusterFlags): Target {
  return resolveTarget(flags, flagEnv);
}

/** Opens the cluster `t` names: a local cluster's remotes or the inventory's. */
async function openCluster(t: Target, root: string): Promise<Cluster> {
  if (t.kind === 'ssh') return sshCluster(t.nodes, t.login);
  const record = readRecord(root, t.cluster);
  if (!record) throw new UsageError(`no local cluster ${quote(t.cluster)} in ${root} (run \`faultline up\` first, or give an SSH inventory)`);
  const { docker } = await ensureEngine({ log: stderrLog, install: false });
  return localCluster(record, docker, t.via);
}

/** Runs `argv` on `nodes` of `cluster` in parallel and collects outcomes in node order. */
async function runOn(cluster: Cluster, nodes: string[], argv: string[], sh: boolean, timeoutMs?: number): Promise<NodeOutcome[]> {
  const cmd = sh ? rawScript(argv.join(' ')) : argv;
  return Promise.all(
    nodes.map(async (node): Promise<NodeOutcome> => {
      try {
        const r = await cluster.remote(node).exec(cmd, { check: false, timeoutMs });
        return { node, ...r };
      } catch (err) {
        const e = err as RemoteError;
        return { node, stdout: e.stdout ?? '', stderr: e.stderr ?? '', exitCode: e.exitCode ?? null, error: e.message };
      }
    }),
  );
}

async function up(flags: ClusterFlags): Promise<void> {
  const t = target(flags);
  const root = stateRoot(flags.stateDir);
  if (t.kind === 'local') {
    const problem = subnetProblem(flags.subnet === undefined ? 'subnet' : '--subnet', t.subnet, hostNetworks());
    if (problem !== undefined) throw new UsageError(problem);
    const rec = await upLocal({ name: t.cluster, nodes: t.count, subnet: t.subnet, image: t.image, stateRoot: root, log: stderrLog });
    for (const n of rec.nodes) process.stdout.write(`${n.name} ${n.host} ${n.container}\n`);
    process.stderr.write(`faultline: SSH inventory: --nodes-file ${rec.inventoryPath} --ssh-private-key ${rec.privateKeyPath} --known-hosts ${rec.knownHostsPath}\n`);
    return;
  }
  await statusInventory(t); // an inventory has nothing to provision: check every node answers
}

async function statusInventory(t: Extract<Target, { kind: 'ssh' }>): Promise<void> {
  const cluster = sshCluster(t.nodes, t.login);
  try {
    const outcomes = await runOn(cluster, cluster.nodes, ['hostname'], false, 15_000);
    for (const o of outcomes) {
      const n = t.nodes.find((x) => x.name === o.node)!;
      process.stdout.write(`${o.node} ${n.host}:${n.port} ${o.error ? `unreachable: ${o.error}` : `up (hostname ${o.stdout.trim()})`}\n`);
    }
    if (!allSucceeded(outcomes)) process.exitCode = 1;
  } finally {
    await cluster.close();
  }
}

async function status(flags: ClusterFlags): Promise<void> {
  const t = target(flags);
  if (t.kind === 'ssh') return statusInventory(t);
  const docker = await adminDocker(stderrLog);
  if (!docker) {
    process.stdout.write('no Docker engine answers: no local clusters\n');
    return;
  }
  const rows = await statusLocal(docker, flags.all ? undefined : t.cluster);
  if (rows.length === 0) process.stdout.write(`no faultline containers${flags.all ? '' : ` in cluster ${t.cluster}`}\n`);
  for (const r of rows) process.stdout.write(`${r.cluster} ${r.node} ${r.state} ${r.ip || '-'} ${r.container} ${r.image}\n`);
  if (rows.some((r) => r.state !== 'running')) process.exitCode = 1;
}

async function exec(node: string, argv: string[], flags: ClusterFlags): Promise<void> {
  if (argv.length === 0) throw new UsageError('exec needs a command: faultline exec <node|all> -- <cmd...>');
  const timeoutMs = parseTimeout(flags.timeout);
  const t = target(flags);
  const cluster = await openCluster(t, stateRoot(flags.stateDir));
  try {
    const outcomes = await runOn(cluster, selectNodes(node, cluster.nodes), argv, flags.sh === true, timeoutMs);
    const out = formatOutcomes(outcomes);
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
    if (!allSucceeded(outcomes)) process.exitCode = 1;
  } finally {
    await cluster.close();
  }
}

async function down(flags: ClusterFlags): Promise<void> {
  const t = target(flags);
  if (t.kind === 'ssh') {
    const cluster = sshCluster(t.nodes, t.login);
    try {
      const { lines, ok } = cleanupLines(await cleanLeftovers(cluster));
      process.stdout.write(`SSH inventory nodes are not faultline's to remove; faults a killed run left on them:\n${lines.join('\n')}\n`);
      // after the faults (stopped processes are continued first): the DB servers a killed run left running
      const dbs = await stopLeftoverDbs(cluster);
      process.stdout.write(`DB processes a killed run left running (working directory under ${DB_DIR_GLOB}):\n${dbs.map((o) => ('dbs' in o ? describeLeftoverDbs(o.node, o.dbs) : `${o.node}: DB cleanup failed: ${o.error}`)).join('\n')}\n`);
      if (!ok || dbs.some((o) => 'error' in o)) process.exitCode = 1;
    } finally {
      await cluster.close();
    }
    return;
  }
  const docker = await adminDocker(stderrLog);
  const r = await downLocal(docker, stateRoot(flags.stateDir), flags.all ? undefined : t.cluster);
  const what = flags.all ? 'all faultline clusters' : `cluster ${t.cluster}`;
  process.stdout.write(`${what}: removed ${r.containers.length} container(s), ${r.networks.length} network(s)${docker ? '' : ' (no Docker engine answers)'}\n`);
}

/** Runs a command body, turning what the user can fix (no engine, bad quoting) into one-line errors. */
async function friendly(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (err instanceof ProvisionError || err instanceof QuoteError) throw new UsageError(err.message, { cause: err });
    throw err;
  }
}

/** Registers `up`, `status`, `exec` and `down` on `program`. */
export function registerCluster(program: Command): void {
  common(program.command('up').description('bring up a local container cluster (or check an SSH inventory)'), 'number of local nodes (default 3), or an SSH inventory a,b,c')
    .option('--image <name>', 'a folder of clusters/images (default node) or an existing image')
    .action((_o, cmd: Command) => friendly(() => up(cmd.opts())));
  common(program.command('status').description('show the nodes of a cluster'), 'SSH inventory a,b,c')
    .option('--all', 'every faultline cluster')
    .action((_o, cmd: Command) => friendly(() => status(cmd.opts())));
  common(program.command('exec').description('run a command on nodes: faultline exec <node|all> -- <cmd...>'), 'SSH inventory a,b,c')
    .argument('<node>', 'a node name, several as n1,n3, or all')
    .argument('[cmd...]', 'the command and its arguments (after --)')
    .addOption(new Option('--via <docker|ssh>', 'reach local nodes by docker exec or by SSH').default('docker'))
    .option('--sh', 'join the words and run them with sh -c (pipes, redirections)')
    .option('--timeout <ms>', 'kill the command after this many ms')
    .action((node: string, argv: string[], _o, cmd: Command) => friendly(() => exec(node, argv, cmd.opts())));
  common(program.command('down').description('remove a local cluster\'s containers, network and state; on an SSH inventory, remove faults a killed run left (iptables chains, stopped processes, time files) and stop the DB processes it left running'), 'SSH inventory a,b,c')
    .option('--all', 'every faultline cluster')
    .action((_o, cmd: Command) => friendly(() => down(cmd.opts())));
}

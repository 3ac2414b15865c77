/**
 * The plug-in contracts of a campaign: what a system under test (DB + clients), a nemesis and a
 * workload must provide. Small protocols; optional powers are separate interfaces checked with
 * the type guards below (docs/architecture.md, house style 2).
 */
import type { Cluster } from './cluster.js';
import type { Log } from './log.js';
import type { Verdict } from './verdict.js';
import type { Generator } from './generator/types.js';
import type { OptionSpec, RunOptions } from './options/spec.js';
import type { History, Op } from './op.js';

/** What every plug-in call gets: the nodes, how to reach them, where to log, and the run. */
export interface RunContext {
  /** Node names in order (n1, n2, ...). */
  readonly nodes: readonly string[];
  /** The cluster: `cluster.remote(node)` reaches a node. */
  readonly cluster: Cluster;
  /** Node name → IP address (or hostname) that clients and peers use. */
  readonly addresses: Readonly<Record<string, string>>;
  /** Progress lines for the user (stderr). */
  readonly log: Log;
  /** The run's folder in the store (history.jsonl, logs/, ...). */
  readonly runDir: string;
  /** The resolved, frozen options of the run (system- and workload-specific ones included). */
  readonly options: Readonly<Record<string, unknown>>;
  /** Aborted when the run is interrupted (SIGINT / SIGTERM / time-out). */
  readonly signal: AbortSignal;
}

/** A system under test's server side. Setup is idempotent and first cleans a crashed run. */
export interface DB {
  readonly name: string;
  /** Installs, configures and starts the system on `node`; resolves when it serves. */
  setup(ctx: RunContext, node: string): Promise<void>;
  /** Stops the system on `node` and removes its data. Idempotent. */
  teardown(ctx: RunContext, node: string): Promise<void>;
  /** Version string of the system, stored with the run. */
  version?(ctx: RunContext): Promise<string>;
  /**
   * Releases what the controller itself holds for the system (helper processes such as a JVM
   * bridge, connections, timers) without touching the nodes. Called once at the end of every
   * run after the DB teardown, or in its place under `--leave-db-running`, so nothing keeps the
   * controller's process alive after its report. Idempotent.
   */
  close?(ctx: RunContext): Promise<void>;
}

/** A DB whose processes can be killed (SIGKILL) and started again. */
export interface Killable {
  kill(ctx: RunContext, node: string): Promise<void>;
  start(ctx: RunContext, node: string): Promise<void>;
}

/** A DB whose processes can be paused (SIGSTOP) and resumed (SIGCONT). */
export interface Pausable {
  pause(ctx: RunContext, node: string): Promise<void>;
  resume(ctx: RunContext, node: string): Promise<void>;
}

/** A DB that can say which nodes currently lead. */
export interface HasPrimaries {
  primaries(ctx: RunContext): Promise<string[]>;
}

/** A DB whose log files are collected into `logs/<node>/` after the run. */
export interface HasLogFiles {
  /** Absolute paths on the node. */
  logFiles(ctx: RunContext, node: string): Promise<string[]> | string[];
}

/**
 * A DB that names its data directory and can keep it on faultline-lazyfs (a FUSE layer in the
 * node image that remembers every write not yet fsynced), for the storage faults: `power-loss`
 * kills the processes, makes the layer forget what was never fsynced, and starts them again;
 * `corrupt-file` kills them, corrupts one of the named data files, and starts them again.
 */
export interface HasDataFiles {
  /** The data directory on `node` (absolute), mounted through faultline-lazyfs when {@link HasDataFiles.lazyFs} is true. */
  dataDir(node: string): string;
  /** True when this run keeps the data directory on faultline-lazyfs. */
  readonly lazyFs: boolean;
  /**
   * The data and WAL files `corrupt-file` may hit, as globs relative to the data directory
   * (`*` within a name, `**` across folders), e.g. `version-2/log.*`. Absent: every file.
   */
  dataFiles?(node: string): readonly string[];
}

/**
 * A DB that can tell, by its own signal, that a node it has just started serves — more than its
 * port listening (HerdDB: the node's tablespace replica booted). `corrupt-file` waits for it
 * after a restart and records the nodes that did not come back healthy.
 */
export interface HasReadiness {
  /**
   * Waits up to `timeoutMs` for `node`, started again by {@link Killable.start}, to be ready;
   * resolves `undefined` when it is, else one line saying why not (e.g. `listening but
   * tablespace herd not booted: …`). Never rejects.
   */
  awaitReady(ctx: RunContext, node: string, timeoutMs: number): Promise<string | undefined>;
}

/** True when `db` has its own readiness check ({@link HasReadiness}). */
export function hasReadiness(db: DB): db is DB & HasReadiness {
  return typeof (db as Partial<HasReadiness>).awaitReady === 'function';
}

/** True when `db` names its data files ({@link HasDataFiles}). */
export function hasDataFiles(db: DB): db is DB & HasDataFiles {
  return typeof (db as Partial<HasDataFiles>).dataDir === 'function';
}

/**
 * A DB whose processes read the time through libfaketime: writing `+<s>` / `-<s>` into the
 * node's clock file shifts their wall clock at once (the clock nemesis).
 */
export interface HasClock {
  /** Absolute path on `node` of the libfaketime time file its processes read. */
  clockFile(node: string): string;
}

/**
 * A DB that says which fault targets matter for it (e.g. a leader-based system: the leader),
 * used instead of the nemeses' defaults unless the run names its own.
 */
export interface HasFaultTargets {
  readonly faultTargets: {
    /** Target kinds for kill, pause, loss and clock (`one`, `minority`, `majority`, `all`, `primaries`). */
    readonly kinds?: readonly string[];
    /** Partition shapes (`one`, `halves`, `majorities-ring`, `bridge`, `majority-minority`, `primaries`). */
    readonly shapes?: readonly string[];
  };
}

/** True when `db` implements {@link HasFaultTargets}. */
export function hasFaultTargets(db: DB): db is DB & HasFaultTargets {
  const t = (db as Partial<HasFaultTargets>).faultTargets;
  return typeof t === 'object' && t !== null;
}

/** True when `db` implements {@link Killable}. */
export function isKillable(db: DB): db is DB & Killable {
  const d = db as Partial<Killable>;
  return typeof d.kill === 'function' && typeof d.start === 'function';
}
/** True when `db` implements {@link Pausable}. */
export function isPausable(db: DB): db is DB & Pausable {
  const d = db as Partial<Pausable>;
  return typeof d.pause === 'function' && typeof d.resume === 'function';
}
/** True when `db` implements {@link HasPrimaries}. */
export function hasPrimaries(db: DB): db is DB & HasPrimaries {
  return typeof (db as Partial<HasPrimaries>).primaries === 'function';
}
/** True when `db` implements {@link HasClock}. */
export function hasClock(db: DB): db is DB & HasClock {
  return typeof (db as Partial<HasClock>).clockFile === 'function';
}
/** True when `db` implements {@link HasLogFiles}. */
export function hasLogFiles(db: DB): db is DB & HasLogFiles {
  return typeof (db as Partial<HasLogFiles>).logFiles === 'function';
}

/** A completion as a client reports it. */
export interface Completion {
  /** `ok` happened; `fail` definitely did not happen; `info` unknown. */
  type: 'ok' | 'fail' | 'info';
  /** The result (`ok`), or the input repeated when there is no result. */
  value: unknown;
  /** Why, for `fail` / `info`. */
  error?: string;
}

/**
 * One client connection, bound to one node. A thrown error is recorded as `info` with its
 * message (never `fail`: only the client knows when an op certainly did not happen).
 */
export interface ClientConn {
  invoke(op: Op, signal: AbortSignal): Promise<Completion>;
  close(): Promise<void>;
}

/** Opens client connections for a workload. */
export interface Client {
  open(ctx: RunContext, node: string): Promise<ClientConn>;
}

/** A fault injector. Its ops are in the history with process `nemesis`. */
export interface Nemesis {
  readonly name: string;
  /** The `f`s it handles, e.g. `start-partition`, `stop-partition`. */
  readonly fs: readonly string[];
  setup(ctx: RunContext): Promise<void>;
  /** Performs the fault; the result value is recorded in the `info` completion. */
  invoke(ctx: RunContext, op: Op): Promise<{ value: unknown; error?: string }>;
  /** Heals everything it did. Always called, on every exit path. Idempotent. */
  teardown(ctx: RunContext): Promise<void>;
}

/** A fault, its schedule and its healing final step, composable with `--nemesis a,b`. */
export interface NemesisPackage {
  readonly nemesis: Nemesis;
  /** Main-phase schedule of nemesis ops (routed to the nemesis thread). */
  readonly generator: Generator;
  /** Ops that heal, run after the main phase. */
  readonly finalGenerator?: Generator;
}

/** What a checker gets besides the history. */
export interface CheckContext {
  /** The run's folder, when checking a stored run. */
  readonly runDir?: string;
  /** Wall-clock budget, ms. */
  readonly timeoutMs?: number;
  readonly options: Readonly<Record<string, unknown>>;
}

/** A checker: pure, history in, verdict out (async only for worker threads). */
export type Checker = (history: History, ctx: CheckContext) => Verdict | Promise<Verdict>;

/** A workload: generators for the main and final phase, and what must hold afterwards. */
export interface Workload {
  readonly name: string;
  /** Client ops of the main phase (the runner adds time limit and rate). */
  readonly generator: Generator;
  /** Client ops after healing (e.g. final reads). */
  readonly finalGenerator?: Generator;
  /** Named checkers; their verdicts merge by false > unknown > true. */
  readonly checkers: Readonly<Record<string, Checker>>;
}

/**
 * How a system's nodes come to be: `containers` = faultline's local container cluster (or SSH
 * hosts), `in-process` = nodes are names inside the controller, no cluster at all.
 */
export type Provisioning = 'containers' | 'in-process';

/**
 * A system under test, described by itself: its node image, DB, clients per workload, the
 * faults it takes, and its options (typed, with defaults, help and validation). Registered by
 * name in `systems/index.ts` (`faultline test <name>`).
 */
export interface SystemDefinition {
  /** e.g. `etcd`. */
  readonly name: string;
  /** One line for `faultline test --help`. */
  readonly summary?: string;
  /** The project image folder under `clusters/images/` its nodes run (built FROM `node`). */
  readonly image: string;
  /** Where its nodes come from. */
  readonly provisioning: Provisioning;
  /**
   * True when, with these resolved options, the run targets endpoints the user runs (external
   * mode): no nodes of faultline's, no cluster up / down, no logs, no nemesis.
   */
  external?(options: RunOptions): boolean;
  /** Workload names this system has clients for, e.g. `register`, `set`. */
  readonly workloads: readonly string[];
  /** Nemeses when `--nemesis` is not given. */
  readonly defaultNemesis: readonly string[];
  /** Nemeses it can take; absent = all. */
  readonly nemeses?: readonly string[];
  /** Whether clock faults can reach its processes (false for Go binaries such as etcd). */
  readonly clockFaults: boolean;
  /** Estimated resident memory of one node, MiB (for planning parallel runs); 0 for in-process nodes. */
  readonly nodeMemoryMiB?: number;
  /** Its options: parsed once (config file, then flags) into the run's options. */
  readonly options: readonly OptionSpec[];
  /**
   * Checks the resolved options as a whole (options that exclude each other, options only some
   * workloads take). `label(key)` names a key as the user set it (`--flag` or `file: key`).
   * @throws UsageError on one line
   */
  check?(options: RunOptions, label: (key: string) => string): void;
  /**
   * Workload options this system needs, put under the run's options (which win), e.g.
   * `{ queueTxn: false }` for a log without transactions. Stored with the run.
   */
  readonly workloadOptions?: Readonly<Record<string, unknown>>;
  /** The DB, configured by the run's options. */
  db(options: Readonly<Record<string, unknown>>): DB;
  /** A client for `workload`, configured by the run's options. */
  client(workload: string, options: Readonly<Record<string, unknown>>): Client;
}

/**
 * For the end-to-end campaign tests: the compiled CLI (`node bin/faultline.js`, built by
 * `npm test`) spawned as a user runs it, with its own state folder; what a cluster left behind
 * in the Docker engine; and a stored run's nemesis ops.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { labelFilter } from '../../clusters/cluster-spec.js';
import { adminDocker, downLocal } from '../../clusters/local-admin.js';
import { readHistory } from '../../core/history/index.js';
import type { Op } from '../../core/op.js';
import { ROOT } from '../core/history/helpers.js';

/** How a spawned CLI run ended. */
export interface CliRun {
  /** Exit code; null when ended by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, s. */
  wallS: number;
}

/** A CLI run under way. */
export interface Spawned {
  child: ChildProcessWithoutNullStreams;
  /** Output so far. */
  output(): { stdout: string; stderr: string };
  /** Resolves when the process exits. */
  done: Promise<CliRun>;
}

/**
 * Spawns `faultline …args` from the project root with colours off and `FAULTLINE_STATE_DIR`
 * set to `stateDir`; SIGKILLs it after `limitMs` (what it left is then removed by the test's
 * cleanup).
 */
export function spawnCli(args: readonly string[], stateDir: string, limitMs: number): Spawned {
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'faultline.js'), ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: '0', FAULTLINE_STATE_DIR: stateDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end();
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, wallS: (Date.now() - t0) / 1000 });
    });
  });
  return { child, output: () => ({ stdout, stderr }), done };
}

/** Runs `faultline …args` to the end; see {@link spawnCli}. */
export function runCliIn(args: readonly string[], stateDir: string, limitMs: number): Promise<CliRun> {
  return spawnCli(args, stateDir, limitMs).done;
}

/** The run folder a run announced on stderr (`run folder: …`), if it did yet. */
export function runFolderOf(stderr: string): string | undefined {
  return /^faultline: run folder: (.+)$/m.exec(stderr)?.[1];
}

/** Containers and networks labeled with cluster `name`, through the engine faultline uses. */
export async function clusterLeftovers(name: string): Promise<{ containers: string[]; networks: string[] }> {
  const docker = await adminDocker(() => {});
  if (docker === undefined) throw new Error('no Docker engine answers');
  return {
    containers: await docker.lines(['ps', '-a', '--filter', labelFilter(name), '--format', '{{.Names}}']),
    networks: await docker.lines(['network', 'ls', '--filter', labelFilter(name), '--format', '{{.Name}}']),
  };
}

/** The nemesis ops of a stored run's history.jsonl (a partial last line is skipped). */
export async function nemesisOps(runDir: string): Promise<Op[]> {
  const h = await readHistory(join(runDir, 'history.jsonl'));
  return h.ops.filter((o) => o.process === 'nemesis');
}

/** True when `ops` (nemesis ops in order) show a partition that took effect and is not yet being healed. */
export function partitionInForce(ops: readonly Op[]): boolean {
  const last = ops.filter((o) => o.f === 'start-partition' || o.f === 'stop-partition').at(-1);
  return last !== undefined && last.f === 'start-partition' && last.type === 'info' && last.error === undefined;
}

/** A test file's own store and state folders (filled in by its `beforeAll`). */
export interface Workspace {
  store: string;
  state: string;
}

/**
 * Registers the hooks of an e2e file running campaigns on `cluster`: a temporary root with
 * `store/` and `state/`, the cluster removed before (what a crashed earlier run left) and after.
 */
export function campaignWorkspace(cluster: string): Workspace {
  const ws: Workspace = { store: '', state: '' };
  let root = '';
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), `faultline-${cluster}-`));
    ws.store = join(root, 'store');
    ws.state = join(root, 'state');
    await downLocal(await adminDocker(() => {}), ws.state, cluster);
  });
  afterAll(async () => {
    await downLocal(await adminDocker(() => {}), ws.state, cluster);
    rmSync(root, { recursive: true, force: true });
  });
  return ws;
}

/**
 * Asserts that a finished campaign printed a definite verdict (exit 0 or 1) on the line that
 * starts with `head` (e.g. `kafka-queue (kafka, queue, 3 nodes`) and goes on `, seed N): VERDICT`,
 * and the path of a report that exists; logs the verdict line with `label`.
 * @returns the verdict line and the run folder
 */
export function definiteVerdict(r: CliRun, head: string, label: string): { verdict: string; dir: string } {
  const escaped = head.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const verdict = new RegExp(`^${escaped}, seed (\\d+)\\): (VALID|INVALID|UNKNOWN)$`, 'm').exec(r.stdout);
  console.log(`${label}: ${verdict?.[0] ?? `no verdict (exit ${r.code})`}; CLI ${r.wallS.toFixed(1)} s`);
  expect(verdict, r.stdout + r.stderr).not.toBeNull();
  expect([0, 1], r.stderr).toContain(r.code); // a definite verdict: valid or invalid
  const html = /^report: (.+report\.html)$/m.exec(r.stdout)?.[1];
  expect(html).toBeDefined();
  expect(existsSync(html!)).toBe(true);
  return { verdict: verdict![0], dir: dirname(html!) };
}

/** How many `f` nemesis ops completed without an error. Pure. */
export function tookEffect(nemesis: readonly Op[], f: string): number {
  return nemesis.filter((o) => o.f === f && o.type === 'info' && o.error === undefined).length;
}

/**
 * A system's server process on a node, found with `pgrep` / `pkill` by its full command line
 * (`-f`) or its exact name (`-x`): is it running, send it a signal, kill it and wait until it
 * is gone. The DBs of every system use these for kill / pause / resume.
 */
import { poll } from './poll.js';
import type { Remote } from '../core/remote.js';

/** How to find a server process on a node. */
export interface ServerProcess {
  /** `-f`: `pattern` occurs in the full command line; `-x`: `pattern` is the process name. */
  readonly match: '-f' | '-x';
  readonly pattern: string;
  /** Its name in messages, e.g. `etcd`, `bookie`. */
  readonly label: string;
}

/** Remote commands run as root, killed on the node after 30 s; a non-zero exit is an answer. */
const RUN = { sudo: true, timeoutMs: 30_000, check: false } as const;

/** True when the process runs on the node behind `r` (paused counts). */
export async function processRunning(r: Remote, p: ServerProcess): Promise<boolean> {
  return (await r.exec(['pgrep', p.match, p.pattern], RUN)).exitCode === 0;
}

/** Sends `signal` to every matching process (nothing when none runs). */
export async function signalProcess(r: Remote, p: ServerProcess, signal: 'STOP' | 'CONT' | 'KILL'): Promise<void> {
  await r.exec(['pkill', `-${signal}`, p.match, p.pattern], RUN);
}

/**
 * SIGKILLs every matching process (paused ones too) until none is left.
 * @throws Error naming the process and node when one survives `timeoutMs`
 */
export async function killProcess(r: Remote, p: ServerProcess, timeoutMs: number): Promise<void> {
  await poll(async () => {
    await signalProcess(r, p, 'KILL');
    return (await processRunning(r, p)) ? undefined : true;
  }, { timeoutMs, intervalMs: 100, what: `${p.label} on ${r.node} to die` });
}

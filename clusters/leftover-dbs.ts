/**
 * The database processes a killed controller left running on machines that outlive the run
 * (an SSH inventory's), and one idempotent script that stops them. Every system faultline
 * installs keeps its files in `/var/lib/faultline-<name>/` and starts its servers with that
 * folder (or one below it, like PostgreSQL's data directory) as their working directory; so a
 * process whose working directory is under `/var/lib/faultline-*` is one of faultline's
 * servers, whatever the system. The script continues and SIGTERMs them, waits up to 10 s,
 * SIGKILLs those still there, unmounts faultline-lazyfs layers left under
 * `/var/lib/faultline-*` and removes the stale pid files. It never touches its own process or
 * its ancestors (the SSH session), nor processes of another mount namespace (containers on
 * that machine, whose paths may look the same). The script is pure, a constant (no interpolation);
 * {@link stopLeftoverDbs} runs it on every node.
 */
import type { Cluster } from '../core/cluster.js';
import { rawScript, type ShellScript } from '../core/shell-quote.js';

/** Where every system's files live on a node (`/var/lib/faultline-etcd`, …). */
export const DB_DIR_GLOB = '/var/lib/faultline-*';

/** What {@link leftoverDbsScript} reports. */
export interface LeftoverDbs {
  /** Processes stopped, as `pid:name`. */
  stopped: string[];
  /** Pids that needed SIGKILL. */
  forced: number[];
  /** Mount points of FUSE layers unmounted. */
  unmounted: string[];
}

/**
 * A script that stops faultline's DB processes on a node (run as root) and prints one line
 * `dbs stopped=<pid:name,…> forced=<pids> unmounted=<dirs>`. Idempotent. Pure.
 */
export function leftoverDbsScript(): ShellScript {
  return rawScript([
    // the script's own process and its ancestors (sudo, the SSH session's shell) are never ours to stop
    'mine=" $$ "; p=$$',
    'while [ -n "$p" ] && [ "$p" -gt 1 ]; do p=$(ps -o ppid= -p "$p" 2>/dev/null | tr -d " "); mine="$mine$p "; done',
    'ns=$(readlink /proc/$$/ns/mnt); pids=""; stopped=""',
    'for d in /proc/[0-9]*; do',
    '  pid=${d#/proc/}',
    '  case "$mine" in *" $pid "*) continue ;; esac',
    // only this machine's own processes: a container's (another mount namespace) may show the same paths
    '  [ "$(readlink "$d/ns/mnt" 2>/dev/null)" = "$ns" ] || continue',
    '  cwd=$(readlink "$d/cwd" 2>/dev/null) || continue',
    '  case "$cwd" in /var/lib/faultline-*) ;; *) continue ;; esac',
    '  case "$(ps -o stat= -p "$pid" 2>/dev/null)" in Z*|"") continue ;; esac',
    '  pids="$pids $pid"; stopped="$stopped${stopped:+,}$pid:$(tr -dc "A-Za-z0-9._-" < "$d/comm" 2>/dev/null)"',
    'done',
    'for p in $pids; do kill -CONT "$p" 2>/dev/null; kill -TERM "$p" 2>/dev/null; done',
    // builtins only (no ps per poll): under load, 100 polls that each start a process outlast the exec's timeout
    'alive() { [ -r "/proc/$1/status" ] || return 1; while read -r k v _; do [ "$k" = State: ] || continue; [ "$v" = Z ] && return 1; return 0; done < "/proc/$1/status" 2>/dev/null; return 1; }',
    'i=0; left="$pids"',
    'while [ -n "$left" ] && [ "$i" -lt 100 ]; do',
    '  still=""; for p in $left; do if alive "$p"; then still="$still $p"; fi; done',
    '  left="$still"; [ -z "$left" ] || sleep 0.1; i=$((i+1))',
    'done',
    'forced=""',
    'for p in $left; do kill -KILL "$p" 2>/dev/null && forced="$forced${forced:+,}$p"; done',
    'unmounted=""',
    "for m in $(awk '$2 ~ /^\\/var\\/lib\\/faultline-/ && $3 ~ /^fuse/ { print $2 }' /proc/mounts 2>/dev/null); do",
    '  if fusermount -u "$m" 2>/dev/null || umount -l "$m" 2>/dev/null; then unmounted="$unmounted${unmounted:+,}$m"; fi',
    'done',
    `rm -f ${DB_DIR_GLOB}/*.pid 2>/dev/null`,
    'echo "dbs stopped=$stopped forced=$forced unmounted=$unmounted"',
  ].join('\n'));
}

/** The summary line of {@link leftoverDbsScript}'s output; undefined when there is none. Pure. */
export function parseLeftoverDbs(stdout: string): LeftoverDbs | undefined {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith('dbs '));
  if (line === undefined) return undefined;
  const field = (k: string): string[] => (new RegExp(`${k}=(\\S*)`).exec(line)?.[1] ?? '').split(',').filter(Boolean);
  return { stopped: field('stopped'), forced: field('forced').map(Number), unmounted: field('unmounted') };
}

/** `n1: stopped 1 DB process(es) (812 etcd), 0 by SIGKILL, unmounted 0 FUSE layer(s)`. Pure. */
export function describeLeftoverDbs(node: string, d: LeftoverDbs): string {
  const names = d.stopped.length ? ` (${d.stopped.map((s) => s.replace(':', ' ')).join(', ')})` : '';
  return `${node}: stopped ${d.stopped.length} DB process(es)${names}, ${d.forced.length} by SIGKILL, unmounted ${d.unmounted.length} FUSE layer(s)`;
}

/** One node's outcome: what was stopped, or why it could not be. */
export type NodeDbCleanup = { node: string; dbs: LeftoverDbs } | { node: string; error: string };

/** Runs {@link leftoverDbsScript} as root on every node of `cluster` concurrently (60 s each: the script waits up to 10 s for SIGTERM); never rejects. */
export async function stopLeftoverDbs(cluster: Cluster): Promise<NodeDbCleanup[]> {
  return Promise.all(
    cluster.nodes.map(async (node): Promise<NodeDbCleanup> => {
      try {
        const r = await cluster.remote(node).exec(leftoverDbsScript(), { sudo: true, timeoutMs: 60_000 });
        const dbs = parseLeftoverDbs(r.stdout);
        return dbs ? { node, dbs } : { node, error: `no summary from the DB cleanup script (stdout ${JSON.stringify(r.stdout.slice(-200))})` };
      } catch (e) {
        return { node, error: e instanceof Error ? e.message : String(e) };
      }
    }),
  );
}

/**
 * What a killed controller can leave inside nodes that outlive the run (an SSH inventory's
 * machines), and one idempotent script that removes it all: faultline's iptables chains
 * (FAULTLINE-*, with every jump to them from INPUT, OUTPUT and FORWARD), processes left
 * stopped by a pause (state T: SIGCONT), libfaketime time files under
 * `/var/lib/faultline-*` reset to `+0` (those not `+0` already), the packet nemesis's shaper
 * (faultline-shaper, stopped) and its tc tbf (removed from the device recorded in
 * `/run/faultline-shaper/rate-dev`). Local container clusters do not need it: removing the
 * containers removes all of that with them. Pure; the script is a constant (no interpolation).
 */
import { quoteArg, rawScript, type ShellScript } from '../core/shell-quote.js';
import { SHAPER_DIR, SHAPER_PGREP } from './shaper-script.js';

/** The chain-name prefix of every faultline iptables chain. */
export const CHAIN_PREFIX = 'FAULTLINE-';

/** The glob of faultline's libfaketime time files (a `faketime` file, or files in a `faketime` folder). */
export const TIME_FILE_GLOBS = ['/var/lib/faultline-*/faketime', '/var/lib/faultline-*/faketime/*'] as const;

/** What {@link parseLeftovers} reads back from the script's last line. */
export interface LeftoversCleaned {
  /** Chains flushed and deleted. */
  chains: string[];
  /** Pids sent SIGCONT. */
  continued: number[];
  /** Time files reset to +0. */
  timeFiles: string[];
  /** Pids of faultline-shaper processes stopped. */
  shapers: number[];
  /** Devices whose faultline tbf qdisc was removed. */
  qdiscs: string[];
}

/**
 * A script that removes faultline's leftovers on a node (run as root) and prints one line
 * `cleaned chains=<a,b> continued=<pids> timefiles=<files> shapers=<pids> qdiscs=<devs>`. Idempotent: a second run finds
 * nothing. Tolerates a node without iptables. Pure.
 */
export function leftoversScript(): ShellScript {
  return rawScript([
    'chains=""; continued=""; files=""; shapers=""; qdiscs=""',
    'if command -v iptables >/dev/null 2>&1; then',
    `  for c in $(iptables -w -S 2>/dev/null | awk '$1 == "-N" && $2 ~ /^${CHAIN_PREFIX}[A-Z0-9-]+$/ { print $2 }'); do`,
    '    for parent in INPUT OUTPUT FORWARD; do',
    '      i=0; while iptables -w -D "$parent" -j "$c" 2>/dev/null && [ "$i" -lt 100 ]; do i=$((i+1)); done',
    '    done',
    '    iptables -w -F "$c" && iptables -w -X "$c" && chains="$chains${chains:+,}$c"',
    '  done',
    'fi',
    `for p in $(ps -eo pid=,stat= | awk '$2 ~ /^T/ { print $1 }'); do`,
    '  kill -CONT "$p" 2>/dev/null && continued="$continued${continued:+,}$p"',
    'done',
    `for f in ${TIME_FILE_GLOBS.join(' ')}; do`,
    `  if [ -f "$f" ] && [ "$(cat "$f")" != +0 ]; then printf '%s\\n' +0 > "$f" && files="$files\${files:+,}$f"; fi`,
    'done',
    `for p in $(pgrep -f ${quoteArg(SHAPER_PGREP)} 2>/dev/null); do`,
    '  kill -TERM "$p" 2>/dev/null && shapers="$shapers${shapers:+,}$p"',
    'done',
    `rm -f ${SHAPER_DIR}/pid`,
    `if [ -f ${SHAPER_DIR}/rate-dev ]; then`,
    `  dev=$(cat ${SHAPER_DIR}/rate-dev)`,
    `  if tc qdisc show dev "$dev" root 2>/dev/null | grep -q '^qdisc tbf' && tc qdisc del dev "$dev" root; then qdiscs="$dev"; fi`,
    `  rm -f ${SHAPER_DIR}/rate-dev`,
    'fi',
    'echo "cleaned chains=$chains continued=$continued timefiles=$files shapers=$shapers qdiscs=$qdiscs"',
  ].join('\n'));
}

/** The summary line of {@link leftoversScript}'s output; undefined when there is none. Pure. */
export function parseLeftovers(stdout: string): LeftoversCleaned | undefined {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith('cleaned '));
  if (line === undefined) return undefined;
  const field = (k: string): string[] => (new RegExp(`${k}=(\\S*)`).exec(line)?.[1] ?? '').split(',').filter(Boolean);
  return { chains: field('chains'), continued: field('continued').map(Number), timeFiles: field('timefiles'), shapers: field('shapers').map(Number), qdiscs: field('qdiscs') };
}

/** `n1: 2 chain(s) (FAULTLINE-LOSS, ...), 1 process(es) continued, 0 time file(s) reset`. Pure. */
export function describeLeftovers(node: string, c: LeftoversCleaned): string {
  const chains = c.chains.length ? ` (${c.chains.join(', ')})` : '';
  return `${node}: removed ${c.chains.length} chain(s)${chains}, continued ${c.continued.length} stopped process(es), reset ${c.timeFiles.length} time file(s), stopped ${c.shapers.length} shaper(s), removed ${c.qdiscs.length} qdisc(s)`;
}

/**
 * The shell scripts of the packet nemesis on one node, built only from quoted pieces:
 * start (faultline-shaper bound to NFQUEUE {@link SHAPER_QUEUE}, faultline's own OUTPUT chain
 * {@link PACKET_CHAIN} sending the chosen packets to it, and/or a tc tbf root qdisc), heal
 * (chain flushed, shaper stopped with its counts printed, tbf removed) and remove (heal, then
 * the chain and its jump deleted). State lives in {@link SHAPER_DIR}. Pure; unit-tested.
 */
import { quoteArg, quoteArgv, rawScript, type ShellScript } from '../core/shell-quote.js';
import { ensureLines, ipt } from './iptables.js';
import type { Behaviours, RateParams } from './packet-spec.js';

/** The chain holding the NFQUEUE rules, jumped to from the top of OUTPUT. */
export const PACKET_CHAIN = 'FAULTLINE-PACKET';
/** The NFQUEUE number the shaper binds. */
export const SHAPER_QUEUE = 16;
/** The firewall mark of the shaper's duplicates: the chain lets them through unqueued. */
export const SHAPER_MARK = '0xf16';
/** Where the shaper's pid, log and the rate-limited device's name are kept on a node. */
export const SHAPER_DIR = '/run/faultline-shaper';
/** The shaper binary, built into the node image. */
export const SHAPER_BIN = 'faultline-shaper';
/** A `pgrep -f` pattern finding shapers (`pgrep -x` cannot: the name is longer than the kernel's 15-character comm). */
export const SHAPER_PGREP = '^faultline-shaper( |$)';

/** The shaper's arguments for `b` (its NFQUEUE behaviours) with PRNG seed `seed`. Pure. */
export function shaperArgs(b: Behaviours, seed: number): string[] {
  const args = ['--queue', String(SHAPER_QUEUE), '--mark', SHAPER_MARK, '--seed', String(seed)];
  if (b.delay) args.push('--delay-ms', String(b.delay.ms), '--jitter-ms', String(b.delay.jitterMs), '--distribution', b.delay.distribution);
  if (b.reorder) args.push('--reorder', String(b.reorder.probability), '--reorder-ms', String(b.reorder.gapMs));
  if (b.duplicate) args.push('--duplicate', String(b.duplicate.probability));
  if (b.corrupt) args.push('--corrupt', String(b.corrupt.probability));
  return args;
}

/** What one node does for a start. */
export interface NodeShaping {
  /** Shaper arguments ({@link shaperArgs}); undefined: no NFQUEUE behaviour here. */
  shaper?: string[];
  /** Addresses whose packets from this node are shaped (ignored when `everything`). */
  dests: readonly string[];
  /** Shape every outgoing packet but loopback's (peers and clients). */
  everything: boolean;
  /** Rate-limit the egress interface that reaches `rateVia` (a peer's address). */
  rate?: RateParams & { rateVia: string };
}

/** Lines stopping the shaper (SIGTERM: it releases what it holds and prints its counts; SIGKILL after 5 s). Pure. */
function stopShaperLines(): string[] {
  const d = quoteArg(SHAPER_DIR);
  return [
    `if [ -f ${d}/pid ]; then`,
    `  p=$(cat ${d}/pid)`,
    '  if kill -TERM "$p" 2>/dev/null; then',
    '    i=0; while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
    '    kill -KILL "$p" 2>/dev/null || true',
    '  fi',
    `  rm -f ${d}/pid`,
    `  grep '^faultline-shaper stats' ${d}/log 2>/dev/null | tail -n 1 || true`,
    'fi',
  ];
}

/** Lines removing faultline's tbf from the device recorded at start. Pure. */
function removeRateLines(): string[] {
  const f = quoteArg(`${SHAPER_DIR}/rate-dev`);
  return [
    `if [ -f ${f} ]; then`,
    `  dev=$(cat ${f})`,
    `  if tc qdisc show dev "$dev" root 2>/dev/null | grep -q '^qdisc tbf'; then tc qdisc del dev "$dev" root; fi`,
    `  rm -f ${f}`,
    'fi',
  ];
}

/** Lines of a heal: flush the chain (if any), stop the shaper, remove the tbf. Pure. */
function healLines(): string[] {
  return [`if ${ipt('-n', '-L', PACKET_CHAIN)} >/dev/null 2>&1; then ${ipt('-F', PACKET_CHAIN)}; fi`, ...stopShaperLines(), ...removeRateLines()];
}

/** A heal: chain flushed, shaper stopped (its `faultline-shaper stats ...` line printed), tbf removed. Idempotent. Pure. */
export function healPacketScript(): ShellScript {
  return rawScript(healLines().join('\n'));
}

/** A heal, then the chain and its jump from OUTPUT removed: nothing of the packet nemesis left. Idempotent. Pure. */
export function removePacketScript(): ShellScript {
  return rawScript([
    ...healLines(),
    `if ${ipt('-n', '-L', PACKET_CHAIN)} >/dev/null 2>&1; then`,
    `  i=0; while ${ipt('-D', 'OUTPUT', '-j', PACKET_CHAIN)} 2>/dev/null && [ $i -lt 100 ]; do i=$((i+1)); done`,
    `  ${ipt('-X', PACKET_CHAIN)}`,
    'fi',
  ].join('\n'));
}

/**
 * A start on one node: heals what an earlier start left, then starts the shaper and queues
 * the chosen packets to it (`--queue-bypass`: were the shaper gone, packets pass instead of
 * being dropped), and/or puts a tbf on the egress interface. Fails (non-zero, the shaper's log
 * on stderr) when the shaper does not stay up. Pure.
 */
export function startPacketScript(s: NodeShaping): ShellScript {
  const d = quoteArg(SHAPER_DIR);
  const lines = ['set -e', ...healLines(), `mkdir -p ${d}`];
  const queue = ['-j', 'NFQUEUE', '--queue-num', String(SHAPER_QUEUE), '--queue-bypass'];
  if (s.shaper !== undefined && (s.everything || s.dests.length > 0)) {
    lines.push(
      `: > ${d}/log`,
      `setsid ${quoteArgv([SHAPER_BIN, ...s.shaper])} >>${d}/log 2>&1 </dev/null &`,
      `echo $! > ${d}/pid`,
      'sleep 0.2',
      `if ! kill -0 "$(cat ${d}/pid)" 2>/dev/null; then cat ${d}/log >&2; rm -f ${d}/pid; exit 1; fi`,
      ...ensureLines(PACKET_CHAIN, 'OUTPUT'),
      ipt('-F', PACKET_CHAIN),
      ipt('-A', PACKET_CHAIN, '-m', 'mark', '--mark', SHAPER_MARK, '-j', 'RETURN'),
      ...(s.everything ? [ipt('-A', PACKET_CHAIN, '!', '-o', 'lo', ...queue)] : s.dests.map((a) => ipt('-A', PACKET_CHAIN, '-d', a, ...queue))),
    );
  }
  if (s.rate !== undefined) {
    const r = s.rate;
    lines.push(
      `dev=$(ip -o route get ${quoteArg(r.rateVia)} | awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')`,
      `[ -n "$dev" ] || { echo ${quoteArg(`no route to ${r.rateVia}`)} >&2; exit 1; }`,
      `tc qdisc replace dev "$dev" root tbf rate ${quoteArg(r.rate)} burst ${quoteArg(r.burst)} latency ${quoteArg(r.latency)}`,
      `printf '%s\\n' "$dev" > ${d}/rate-dev`,
    );
  }
  return rawScript(lines.join('\n'));
}

/** Counts a shaper printed when it stopped. */
export type ShaperStats = Record<string, number>;

/** The counts in a heal's output (`faultline-shaper stats seen=3 ...`); undefined when none. Pure. */
export function parseShaperStats(stdout: string): ShaperStats | undefined {
  const line = stdout.split('\n').reverse().find((l) => l.startsWith('faultline-shaper stats'));
  if (line === undefined) return undefined;
  return Object.fromEntries([...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1], Number(m[2])]));
}

/**
 * The iptables commands of a partition, as shell scripts built only from quoted pieces. All
 * rules live in faultline's own chain, jumped to from the top of INPUT, so healing (flushing
 * that chain) never touches anyone else's rules. IPv4 (`iptables`). Pure; unit-tested.
 */
import { rawScript, quoteArgv, type ShellScript } from '../core/shell-quote.js';

/** The chain holding a partition's DROP rules. */
export const PARTITION_CHAIN = 'FAULTLINE-PARTITION';

/** `iptables -w <args>`, quoted. Pure. */
export function ipt(...args: string[]): string {
  return quoteArgv(['iptables', '-w', ...args]);
}

/** The lines that create `chain` (if missing) and jump to it first thing in `parent` (once). Pure. */
export function ensureLines(chain: string, parent: 'INPUT' | 'OUTPUT' = 'INPUT'): string[] {
  return [
    `${ipt('-n', '-L', chain)} >/dev/null 2>&1 || ${ipt('-N', chain)}`,
    `${ipt('-C', parent, '-j', chain)} 2>/dev/null || ${ipt('-I', parent, '1', '-j', chain)}`,
  ];
}

/**
 * A script that makes `chain` drop exactly the packets from `sources` (addresses): creates and
 * hooks the chain when needed, flushes it, then appends one DROP per source. Stops at the
 * first failing command. Pure.
 */
export function dropFromScript(chain: string, sources: readonly string[]): ShellScript {
  const lines = [...ensureLines(chain), ipt('-F', chain), ...sources.map((s) => ipt('-A', chain, '-s', s, '-j', 'DROP'))];
  return rawScript(`set -e\n${lines.join('\n')}`);
}

/** The chain holding packet-loss rules (nemesis/loss.ts). */
export const LOSS_CHAIN = 'FAULTLINE-LOSS';

/**
 * A script that makes `chain` drop each packet from `sources` with probability `probability`
 * (`-m statistic --mode random`), like {@link dropFromScript}: hooks the chain, flushes it,
 * one rule per source. Pure. @throws RangeError unless 0 < probability ≤ 1
 */
export function lossFromScript(chain: string, sources: readonly string[], probability: number): ShellScript {
  if (!(probability > 0 && probability <= 1)) throw new RangeError(`loss probability must be in (0, 1], got ${probability}`);
  const p = String(Number(probability.toFixed(6)));
  const rule = (s: string): string => ipt('-A', chain, '-s', s, '-m', 'statistic', '--mode', 'random', '--probability', p, '-j', 'DROP');
  return rawScript(`set -e\n${[...ensureLines(chain), ipt('-F', chain), ...sources.map(rule)].join('\n')}`);
}

/** A script that empties `chain` when it exists (a heal); succeeds when it does not. Pure. */
export function flushScript(chain: string): ShellScript {
  return rawScript(`if ${ipt('-n', '-L', chain)} >/dev/null 2>&1; then ${ipt('-F', chain)}; fi`);
}

/** A script that flushes `chain`, removes every jump to it from `parent` and deletes it. Idempotent. Pure. */
export function removeChainScript(chain: string, parent: 'INPUT' | 'OUTPUT' = 'INPUT'): ShellScript {
  return rawScript([
    `if ${ipt('-n', '-L', chain)} >/dev/null 2>&1; then`,
    `  ${ipt('-F', chain)}`,
    `  i=0; while ${ipt('-D', parent, '-j', chain)} 2>/dev/null && [ $i -lt 100 ]; do i=$((i+1)); done`,
    `  ${ipt('-X', chain)}`,
    'fi',
  ].join('\n'));
}

/** A script printing the rules of `chain` (`iptables -S`), empty output when it does not exist. Pure. */
export function listScript(chain: string): ShellScript {
  return rawScript(`${ipt('-S', chain)} 2>/dev/null || true`);
}

/**
 * {@link formatExplanation}: a linearizability verdict as a few lines a person can read in a
 * terminal. Pure.
 */
import type { KeyFailure, LinearizableVerdict, PrefixExplanation } from './types.js';
import { formatValue } from './values.js';

function keyLabel(key: string | number | null): string {
  return key === null ? 'history' : `key ${formatValue(key)}`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function prefixLines(p: PrefixExplanation, i: number, indent: string): string[] {
  const lines: string[] = [];
  const cut = p.omitted > 0 ? `, the first ${p.omitted} not shown` : '';
  lines.push(`${indent}prefix ${i + 1}: ${plural(p.length, 'op')} linearized${cut}${p.length > 0 ? ':' : ''}`);
  for (const op of p.ops) lines.push(`${indent}  ${op.text}`);
  const because =
    p.why === 'unreachable' ? `: it needs ${p.needs ?? 'a state'}, which the ops left can no longer reach` : '';
  lines.push(`${indent}then ${p.state}, and ${p.blocking.text} (#${p.blocking.index}) could not be placed${because}`);
  const rejected = p.rejected.filter((r) => r.index !== p.blocking.index);
  if (rejected.length > 0 || p.rejectedOmitted > 0) {
    const more = p.rejectedOmitted > 0 ? `, and ${p.rejectedOmitted} more` : '';
    lines.push(`${indent}nor could: ${rejected.map((r) => r.text).join('; ')}${more}`);
  }
  return lines;
}

/** Failing keys whose prefixes are listed; further ones get a line each. */
const KEYS_IN_DETAIL = 3;

function failureSummary(f: KeyFailure): string {
  const p = f.prefixes[0];
  const stuck = p === undefined ? '' : `; then ${p.state}, and ${p.blocking.text} (#${p.blocking.index}) could not be placed`;
  return `${keyLabel(f.key)}: the longest linearizable prefix found places ${f.longest} of ${f.definite} completed ops${stuck}`;
}

function failureLines(f: KeyFailure): string[] {
  const head =
    `${keyLabel(f.key)}: the longest linearizable prefix found places ${f.longest} of ` +
    `${f.definite} completed ops (${plural(f.ops, 'op')} checked)`;
  const lines = [head];
  f.prefixes.forEach((p, i) => lines.push(...prefixLines(p, i, '  ')));
  if (f.morePrefixes > 0) {
    lines.push(`  (${plural(f.morePrefixes, 'more dead end')} of the same length not shown)`);
  }
  return lines;
}

/**
 * A concise, multi-line, human-readable account of `verdict`: for an invalid one, the first
 * three failing keys with their longest linearizable prefix(es) (last 20 ops each), the state
 * reached and the op(s) that could not be placed next, then one line per further failing key;
 * for valid and unknown ones, a single line (plus the keys left undecided). Bounded in size by
 * the verdict's own caps (10 keys listed). Pure.
 */
export function formatExplanation(verdict: LinearizableVerdict): string {
  const s = verdict.stats;
  const counts = `${plural(s.keys, 'key')}, ${plural(s.ops, 'op')}, ${s.timeMs.toFixed(0)} ms`;
  if (verdict.valid === true) return `linearizable (${verdict.model}): ${counts}`;
  const lines: string[] = [];
  if (verdict.valid === false) {
    const failing = verdict.failures.length + verdict.failuresOmitted;
    lines.push(`NOT linearizable (${verdict.model}): ${failing} of ${plural(s.keys, 'key')} failed; ${counts}`);
    verdict.failures.forEach((f, i) => {
      if (i < KEYS_IN_DETAIL) lines.push(...failureLines(f));
      else lines.push(failureSummary(f));
    });
    if (verdict.failuresOmitted > 0) {
      lines.push(`(${plural(verdict.failuresOmitted, 'more failing key')} not shown)`);
    }
  } else {
    lines.push(`unknown (${verdict.model}): ${verdict.reason ?? 'no reason given'}; ${counts}`);
  }
  // undecided keys, one line per reason
  const byReason = new Map<string, (string | number | null)[]>();
  for (const u of verdict.unknownKeys) byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), u.key]);
  for (const [reason, keys] of byReason) {
    const which = keys.length === 1 ? keyLabel(keys[0]) : `keys ${keys.map((k) => (k === null ? 'history' : formatValue(k))).join(', ')}`;
    lines.push(`${which} undecided: ${reason}`);
  }
  if (verdict.unknownOmitted > 0) lines.push(`(${plural(verdict.unknownOmitted, 'more undecided key')} not shown)`);
  return lines.join('\n');
}

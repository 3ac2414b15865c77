/**
 * The one-paragraph explanation of a stream verdict, for people. Pure.
 */
import type { StreamClass } from './options.js';

/** What the explanation needs of a verdict. */
export interface ExplainInput {
  readonly valid: true | false | 'unknown';
  readonly config: { readonly promise: string; readonly orderingKeys: boolean };
  readonly counted: readonly StreamClass[];
  readonly reportedOnly: readonly StreamClass[];
  readonly counts: Readonly<Record<StreamClass, number>>;
  readonly stats: { readonly ops: number; readonly keys: number; readonly sent: number; readonly acked: number; readonly read: number; readonly txns?: number };
  readonly reason?: string;
}

const n = (x: number): string => x.toLocaleString('en-US');

function listed(classes: readonly StreamClass[], counts: Readonly<Record<StreamClass, number>>): string {
  return classes
    .filter((c) => counts[c] > 0)
    .map((c) => `${n(counts[c])} ${c}`)
    .join(', ');
}

/**
 * One line: the classes found, counted ones first (`94 internal-skip; reported only: 3
 * unseen`), or what was verified when nothing was found. Pure.
 */
export function summarizeStream(v: ExplainInput): string {
  const errs = listed(v.counted, v.counts);
  const warns = listed(v.reportedOnly, v.counts);
  const head = errs !== '' ? errs : `${n(v.stats.acked)} acknowledged, none lost or out of order`;
  return warns === '' ? head : `${head}; reported only: ${warns}`;
}

/**
 * One paragraph: what was checked, what was found (errors, then warnings), under which
 * promise, and which classes counted. Pure.
 */
export function explainStream(v: ExplainInput): string {
  const s = v.stats;
  const parts: string[] = [];
  parts.push(
    `Checked ${n(s.ops)} stream ops over ${n(s.keys)} key(s): ${n(s.sent)} values sent, ${n(s.acked)} acknowledged, ${n(s.read)} read back` +
      `${v.config.orderingKeys ? ' (ordering-key mode: offsets are those of hidden partitions)' : ''}` +
      `${s.txns ? `; ${n(s.txns)} transactions searched for G0 / G1c cycles` : ''}.`,
  );
  const errs = listed(v.counted, v.counts);
  const warns = listed(v.reportedOnly, v.counts);
  if (v.valid === false) parts.push(`Invalid: ${errs}.`);
  else if (v.valid === 'unknown') parts.push(`Unknown: ${v.reason ?? 'could not decide'}.`);
  else parts.push('No anomaly of a class counted as an error was found.');
  if (warns !== '') parts.push(`Reported but not counted: ${warns}.`);
  if (v.counts.unseen > 0) {
    parts.push(`The ${n(v.counts.unseen)} unseen value(s) were acknowledged but never read by the end, beyond what any ok read reached: delayed and lost cannot be told apart.`);
  }
  parts.push(
    `Under the ${v.config.promise} promise the classes counted as errors are ${v.counted.join(', ') || 'none'}; only reported: ${v.reportedOnly.join(', ') || 'none'}.`,
  );
  return parts.join(' ');
}

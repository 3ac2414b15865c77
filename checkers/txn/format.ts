/**
 * A transactional verdict as text for the console: each anomaly type with its count and its
 * kept cases (cycles explained step by step), then which models are ruled out.
 */
import type { TxnVerdict } from './check.js';

/** The verdict's anomalies and model judgement as lines of text. Pure. */
export function formatTxnVerdict(v: TxnVerdict): string {
  const lines: string[] = [];
  for (const type of v.anomalyTypes) {
    const cases = [...(v.cycles[type] ?? []), ...(v.anomalies[type] ?? [])];
    const n = v.counts[type];
    lines.push(`${type}: ${n} found${cases.length < n ? `, ${cases.length} shown` : ''}`);
    for (const c of cases) lines.push(`  - ${c.explanation}`);
  }
  if (v.violated.length > 0) lines.push(`violates: ${v.violated.join(', ')}`);
  if (v.not.length > 0) lines.push(`ruled out: ${v.not.join(', ')}${v.alsoNot.length > 0 ? ` (and so ${v.alsoNot.join(', ')})` : ''}`);
  lines.push(`not ruled out: ${v.possible.length > 0 ? v.possible.join(', ') : 'none of the known models'}`);
  for (const w of v.warnings) lines.push(`warning: ${w}`);
  return lines.join('\n');
}

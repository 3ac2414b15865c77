/**
 * A checker's verdict as plain text for people reading CI output (JUnit failure bodies): its
 * own explanation when it has one (linearizability, bank), else its summary, the element lists
 * it names (set), the anomaly counts and first examples (stream), and its other plain facts.
 * Never raw JSON of the whole verdict. Pure, bounded.
 */
import type { Verdict } from '../core/verdict.js';
import type { CheckerView } from './evidence.js';

const MAX_LINES = 60;
const MAX_LINE = 300;
const clipLine = (s: string): string => (s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}…` : s);
const isObj = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

function streamLines(v: Verdict): string[] {
  if (!isObj(v.counts) || !isObj(v.anomalies)) return [];
  const counted = new Set(Array.isArray(v.counted) ? v.counted.map(String) : []);
  const out: string[] = [];
  for (const [kind, n] of Object.entries(v.counts)) {
    if (typeof n !== 'number' || n === 0) continue;
    out.push(`${kind}: ${n}${counted.has(kind) ? '' : ' (reported, not counted)'}`);
    const list = v.anomalies[kind];
    if (Array.isArray(list)) for (const a of list.slice(0, 3)) if (isObj(a) && typeof a.note === 'string') out.push(`  - key ${String(a.key)}: ${a.note}`);
  }
  return out;
}

function factLines(v: Verdict): string[] {
  const out: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    if (k === 'valid' || k === 'explanation') continue;
    if (typeof x === 'number' || typeof x === 'boolean' || (typeof x === 'string' && x.length < 200)) out.push(`${k}: ${x}`);
    else if (isObj(x) && Object.values(x).every((y) => typeof y === 'number')) out.push(`${k}: ${Object.entries(x).map(([a, b]) => `${a} ${b}`).join(', ')}`);
  }
  return out;
}

/** The text of one checker's verdict for a JUnit failure body. Pure. */
export function readableVerdict(view: CheckerView, verdict: Verdict): string {
  const lines: string[] = [`${view.name}: ${view.summary}`];
  if (view.evidence.kind === 'linearizable' && view.evidence.explanation) return [lines[0], '', view.evidence.explanation].join('\n');
  if (typeof verdict.explanation === 'string' && verdict.explanation) lines.push('', verdict.explanation);
  if (view.evidence.kind === 'elements') {
    for (const l of view.evidence.lists) if (l.count > 0) lines.push(`${l.name} (${l.count}): ${l.elements.slice(0, 30).join(' ')}${l.count > 30 ? ' …' : ''}`);
  }
  const stream = streamLines(verdict);
  if (stream.length) lines.push('', ...stream);
  else lines.push('', ...factLines(verdict));
  return lines.slice(0, MAX_LINES).map(clipLine).join('\n').trimEnd();
}
